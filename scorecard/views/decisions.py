"""Published decisions: list, frozen ranking, "Publish decision", report from a decision, and
the diff between two decisions (or a decision and the live draft).

Consultants publish; consultants and analysts see every decision and the diffs; client viewers
see the latest decision only (``scorecard.access.PUBLISHED_ONLY``): an older one is a 404 for
them, like anything else they may not see.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scorecard.access import CONFIGURE, VIEW_DRAFT, VIEW_RESULTS, get_engagement_for_user
from scorecard.domain.decisions import ATTRIBUTION_ORDER, GROUP_LABELS, diff_snapshots
from scorecard.forms.decisions import PublishDecisionForm
from scorecard.models import Report
from scorecard.ranking.attribution import attribute_changes
from scorecard.ranking.cache import get_results
from scorecard.reports.sections import all_sections
from scorecard.selectors.decisions import decision_list, get_decision
from scorecard.services.decisions import DecisionError, live_snapshot, publish_decision
from scorecard.views.helpers import engagement_context

LIVE = "live"


def _decision_or_404(access, number: int):
    """Decision ``number``, if this member may see it (client viewers: the latest only)."""
    decision = get_decision(access.engagement, number)
    if decision is None:
        raise Http404(_("No such decision."))
    if access.sees_published_only:
        latest = decision_list(access.engagement, latest_only=True)
        if latest[0].pk != decision.pk:
            raise Http404(_("No such decision."))
    return decision


@require_GET
def decision_list_view(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, VIEW_RESULTS)
    decisions = decision_list(access.engagement, latest_only=access.sees_published_only)
    return render(
        request,
        "scorecard/decisions/decision_list.html",
        engagement_context(access, decisions=decisions),
    )


@require_GET
def decision_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, VIEW_RESULTS)
    decision = _decision_or_404(access, number)
    codes = [c["code"] for c in decision.inputs["criteria"]]
    rows = [
        row | {"cells": [row["contributions"].get(code) for code in codes]}
        for row in decision.results["candidates"]
    ]
    return render(
        request,
        "scorecard/decisions/decision_detail.html",
        engagement_context(
            access,
            decision=decision,
            ranked=[r for r in rows if r["rank"] is not None],
            excluded=[r for r in rows if r["rank"] is None],
            criteria=decision.inputs["criteria"],
        ),
    )


@require_http_methods(["GET", "POST"])
def decision_publish(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, CONFIGURE)
    form = PublishDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = publish_decision(
                engagement=access.engagement,
                label=form.cleaned_data["label"],
                published_by=request.user,
            )
        except DecisionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Decision %(number)s published.") % {"number": decision.number}
            )
            return redirect("scorecard:decision-detail", pk=pk, number=decision.number)
    return render(
        request,
        "scorecard/decisions/decision_publish.html",
        engagement_context(access, form=form, results=get_results(access.engagement)),
    )


@require_POST
def decision_report(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Queue a report built from decision ``number``'s frozen results (every section)."""
    from scorecard.reports.tasks import generate_report

    access = get_engagement_for_user(request, pk, CONFIGURE)
    decision = _decision_or_404(access, number)
    latest = access.engagement.reports.order_by("-version").values_list("version", flat=True)
    report = Report.objects.create(
        engagement=access.engagement,
        requested_by=request.user,
        version=(latest.first() or 0) + 1,
        sections=[s.key for s in all_sections()],
        decision=decision,
    )
    generate_report.enqueue(report.pk)
    return redirect(reverse("scorecard:report-list", kwargs={"pk": pk}) + f"#report-{report.pk}")


@require_GET
def decision_diff(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """What changed from decision ``number`` to ``?against=`` (another decision's number, or
    ``live``, the default), and how much each group of changes moved each candidate."""
    access = get_engagement_for_user(request, pk, VIEW_DRAFT)
    old = _decision_or_404(access, number)
    against = request.GET.get("against", LIVE)
    if against == LIVE:
        new, new_snapshot = None, live_snapshot(access.engagement)
    elif against.isdigit() and len(against) < 10:
        new = _decision_or_404(access, int(against))
        new_snapshot = new.inputs
    else:
        raise Http404(_("No such decision."))
    groups, moves = attribute_changes(old.inputs, new_snapshot, method=old.method)
    changes = diff_snapshots(old.inputs, new_snapshot)
    return render(
        request,
        "scorecard/decisions/decision_diff.html",
        engagement_context(
            access,
            old=old,
            new=new,
            groups=[(g, GROUP_LABELS[g]) for g in groups],
            changes=[(GROUP_LABELS[c.group], c) for c in changes],
            moves=[(m, [m.steps[g] for g in groups]) for m in moves],
            order=[GROUP_LABELS[g] for g in ATTRIBUTION_ORDER],
            others=[d for d in decision_list(access.engagement) if d.pk != old.pk],
        ),
    )
