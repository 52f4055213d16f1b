"""The Agreement page and calibration: flagged disagreements grouped by criterion, the
consultant's consensus on each, and opening calibration (:mod:`scorecard.domain.sealing`).

Consultants and analysts open the page (client viewers 403); consultants record outcomes.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from scorecard import charts
from scorecard.access import CONFIGURE, VIEW_RESULTS, get_engagement_for_user
from scorecard.forms.calibration import ConsensusForm, OpenCalibrationForm
from scorecard.models import Indicator
from scorecard.ranking.cache import get_results
from scorecard.ranking.evaluate import disagreement_rule
from scorecard.selectors.comparisons import agreement_rows, group_by_criterion
from scorecard.services.calibration import open_calibration, record_consensus


def _context(access, **extra) -> dict:
    return {"access": access, "engagement": access.engagement, **extra}


def _consensus_target(results, rows, form: ConsensusForm):
    """The flagged row a valid consensus form is about, or ``None`` (not flagged, not here)."""
    key = (form.cleaned_data["candidate"], form.cleaned_data["indicator"])
    return next(
        (r for r in rows if r["flagged"] and (r["candidate_id"], r["indicator"]) == key), None
    )


@require_http_methods(["GET", "POST"])
def results_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    """Flagged disagreements grouped by criterion (everything with ``?show=all``); consultants
    record the consensus on each (POST)."""
    access = get_engagement_for_user(request, pk, VIEW_RESULTS)
    if not access.sees_assessors:
        raise PermissionDenied(_("Assessors' answers and notes are not shown to client viewers."))
    if request.method == "POST" and not access.is_consultant:
        raise PermissionDenied(_("Only consultants record a consensus."))
    results = get_results(access.engagement)
    visibility = access.score_visibility(request.user)
    rows = agreement_rows(results, visibility)
    bound = ConsensusForm(request.POST) if request.method == "POST" else None
    if bound is not None and bound.is_valid():
        row = _consensus_target(results, rows, bound)
        if row is None:
            bound.add_error(None, _("This indicator has no flagged disagreement to calibrate."))
        else:
            record_consensus(
                candidate=access.engagement.candidates.get(pk=row["candidate_id"]),
                indicator=Indicator.objects.get(code=row["indicator"]),
                score=bound.cleaned_data["score"],
                reason=bound.cleaned_data["reason"],
                user=request.user,
            )
            messages.success(
                request,
                _("Calibration of %(indicator)s for %(candidate)s recorded.")
                % {"indicator": row["indicator_name"], "candidate": row["candidate"]},
            )
            return redirect(request.get_full_path())
    show_all = request.GET.get("show") == "all"
    scored = [r for r in rows if r["spread"] is not None]
    for row in scored:
        if not (access.is_consultant and row["flagged"]):
            continue
        if bound is not None and bound.key == (row["candidate_id"], row["indicator"]):
            row["form"] = bound
            continue
        consensus = row["consensus"]
        agreed = None if consensus is None else consensus.score
        row["form"] = ConsensusForm(
            initial={
                "candidate": row["candidate_id"],
                "indicator": row["indicator"],
                "score": "" if agreed is None else int(agreed),
                "reason": consensus.reason if consensus else "",
            }
        )
    chart = charts.agreement_chart(
        scored,
        [row.candidate for row in results.rows if visibility.sees_scores(row.candidate.id)],
        [i for i in results.inputs.indicators if i.kind == "rated" and i.weight > 0],
    )
    return render(
        request,
        "scorecard/results/agreement.html",
        _context(
            access,
            results=results,
            flagged=[r for r in scored if r["flagged"]],
            groups=group_by_criterion(scored, show_all=show_all),
            show_all=show_all,
            n_scored=len(scored),
            n_sealed=sum(1 for row in results.rows if not visibility.sees_scores(row.candidate.id)),
            disagreement_rule=disagreement_rule(results.inputs.disagreement_threshold),
            chart=chart,
            unbound_error=bound.non_field_errors() if bound is not None else None,
            open_form=OpenCalibrationForm() if access.is_consultant else None,
        ),
        status=400 if bound is not None else 200,
    )


@require_POST
def calibration_open(request: HttpRequest, pk: int) -> HttpResponse:
    """A consultant opens calibration: every analyst sees every assessor's work."""
    access = get_engagement_for_user(request, pk, CONFIGURE)
    form = OpenCalibrationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Calibration not opened: tick the confirmation first."))
    elif open_calibration(engagement=access.engagement, user=request.user):
        messages.success(
            request, _("Calibration is open: analysts now see every assessor's scores and notes.")
        )
    else:
        messages.info(request, _("Calibration was already open."))
    return redirect("scorecard:results-agreement", pk=pk)
