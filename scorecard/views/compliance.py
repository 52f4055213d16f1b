"""Compliance & risks tab of an engagement: the compliance checklist and red flags per
candidate (the risk register on the same page is edited in :mod:`scorecard.views.risks`).

Every member reads (``VIEW_RESULTS``); consultants edit checklist items (``CONFIGURE``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from scorecard.access import CONFIGURE, VIEW_RESULTS, get_engagement_for_user
from scorecard.forms.costs import ComplianceCheckForm
from scorecard.models import ComplianceCheck, ComplianceItem
from scorecard.selectors.compliance import build_checklist
from scorecard.selectors.costs import candidates_for_costs
from scorecard.selectors.risks import risk_overview
from scorecard.views.helpers import engagement_context


@require_GET
def compliance_overview(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, VIEW_RESULTS)
    overview = risk_overview(access.engagement)
    return render(
        request,
        "scorecard/costs/compliance.html",
        engagement_context(
            access,
            overview=overview,
            attrition=settings.ATTRITION_FLAG_PCT,
            concentration=settings.CONCENTRATION_FLAG_PCT,
        ),
    )


def compliance_check_edit(
    request: HttpRequest, pk: int, candidate_id: int, item: str
) -> HttpResponse:
    access = get_engagement_for_user(request, pk, CONFIGURE)
    candidate = get_object_or_404(candidates_for_costs(access.engagement), pk=candidate_id)
    if item not in ComplianceItem.values:
        raise Http404(_("No such checklist item."))
    checks = {c.item: c for c in candidate.compliance_checks.all()}
    entry = next(
        e
        for e in build_checklist(
            candidate, checks, access.engagement.go_live, access.engagement.as_of
        )
        if e.item == item
    )
    if not entry.editable:
        raise Http404(_("This item is derived from the provider's data; update that data instead."))
    instance = checks.get(item) or ComplianceCheck(candidate=candidate, item=item)
    form = ComplianceCheckForm(request.POST or None, instance=instance)
    back = reverse("scorecard:compliance", args=[pk])
    if request.method == "POST" and form.is_valid():
        check = form.save(commit=False)
        check.updated_by = request.user
        check.save()
        messages.success(request, _("Checklist item saved."))
        return redirect(back)
    return render(
        request,
        "scorecard/costs/form.html",
        engagement_context(
            access,
            form=form,
            heading=f"{candidate.label}: {entry.label}",
            intro=_("Legal basis: %(basis)s") % {"basis": entry.legal_basis},
            back=back,
        ),
    )
