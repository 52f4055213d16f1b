"""Engagement set-up: shortlist candidates, weights (direct or AHP), must-have gates.

Members see the shortlist, weights and gates; only consultants change them (a POST from any
other role is a 403).
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scorecard.access import ANY_MEMBER, CONFIGURE, get_engagement_for_user
from scorecard.domain.weights import derive_ahp_weights, nearest_saaty, round_percentages
from scorecard.engine.gates import UNVERIFIED
from scorecard.forms.setup import (
    CandidateForm,
    GatesForm,
    GateWaiverForm,
    PairwiseForm,
    WeightsForm,
)
from scorecard.models import AssessmentStatus, Criterion, GateWaiver, WeightingMethod
from scorecard.ranking.cache import get_results
from scorecard.ranking.gates import gate_rows, gate_rule
from scorecard.selectors.suggestions import suggest_candidates
from scorecard.services.waivers import record_waiver, withdraw_waiver
from scorecard.services.weights import (
    apply_ahp_weights,
    reset_weights,
    save_judgements,
    save_weights,
)


def _roles_for(request: HttpRequest):
    """Members may look; only consultants may change."""
    return CONFIGURE if request.method == "POST" else ANY_MEMBER


def candidate_list(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk)
    engagement = access.engagement
    candidates = engagement.candidates.with_sites().annotate(
        n_submitted=Count("assessments", filter=Q(assessments__status=AssessmentStatus.SUBMITTED))
    )
    suggestions = suggest_candidates(engagement) if access.can_configure else []
    return render(
        request,
        "scorecard/setup/candidate_list.html",
        {
            "access": access,
            "engagement": engagement,
            "candidates": candidates,
            "suggestions": suggestions,
        },
    )


def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, CONFIGURE)
    engagement = access.engagement
    form = CandidateForm(request.POST or None, engagement=engagement)
    if request.method == "POST" and form.is_valid():
        candidate = form.save()
        messages.success(request, _("%(candidate)s shortlisted.") % {"candidate": candidate})
        return redirect("scorecard:candidate-list", pk=engagement.pk)
    return render(
        request,
        "scorecard/setup/candidate_form.html",
        {"access": access, "engagement": engagement, "form": form},
    )


def candidate_edit(request: HttpRequest, pk: int, candidate_id: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, CONFIGURE)
    engagement = access.engagement
    candidate = get_object_or_404(
        engagement.candidates.select_related("provider", "primary_site__city"), pk=candidate_id
    )
    form = CandidateForm(request.POST or None, instance=candidate, engagement=engagement)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("%(candidate)s saved.") % {"candidate": candidate})
        return redirect("scorecard:candidate-list", pk=engagement.pk)
    return render(
        request,
        "scorecard/setup/candidate_form.html",
        {"access": access, "engagement": engagement, "form": form, "candidate": candidate},
    )


def candidate_remove(request: HttpRequest, pk: int, candidate_id: int) -> HttpResponse:
    """GET asks for confirmation; POST removes. A candidate with submitted assessments stays:
    removing it would silently delete analysts' finished work."""
    access = get_engagement_for_user(request, pk, CONFIGURE)
    engagement = access.engagement
    candidate = get_object_or_404(
        engagement.candidates.select_related("provider", "primary_site__city").annotate(
            n_submitted=Count(
                "assessments", filter=Q(assessments__status=AssessmentStatus.SUBMITTED)
            ),
            n_draft=Count("assessments", filter=Q(assessments__status=AssessmentStatus.DRAFT)),
        ),
        pk=candidate_id,
    )
    if candidate.n_submitted:
        messages.error(
            request,
            _(
                "%(candidate)s has %(n)s submitted assessment(s) and cannot be removed. "
                "Reopen and discard them first if it really must go."
            )
            % {"candidate": candidate, "n": candidate.n_submitted},
        )
        return redirect("scorecard:candidate-list", pk=engagement.pk)
    if request.method == "POST":
        label = candidate.label
        candidate.delete()
        messages.success(
            request, _("%(candidate)s removed from the shortlist.") % {"candidate": label}
        )
        return redirect("scorecard:candidate-list", pk=engagement.pk)
    return render(
        request,
        "scorecard/setup/candidate_confirm_remove.html",
        {"access": access, "engagement": engagement, "candidate": candidate},
    )


def _criteria() -> list[Criterion]:
    return list(Criterion.objects.prefetch_related("indicators"))


def weights(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, _roles_for(request))
    engagement = access.engagement
    if request.method == "POST" and "reset" in request.POST:
        reset_weights(engagement=engagement)
        messages.success(request, _("Weights reset to the catalogue defaults."))
        return redirect("scorecard:weights", pk=engagement.pk)
    criteria = _criteria()
    stored = {
        f"criterion-{code}": weight
        for code, weight in engagement.criterion_weights.values_list("criterion__code", "weight")
    } | {
        f"indicator-{code}": weight
        for code, weight in engagement.indicator_weights.values_list("indicator__code", "weight")
    }
    form = WeightsForm(request.POST or None, criteria=criteria, weights=stored)
    if not access.can_configure:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        save_weights(
            engagement=engagement,
            criteria={c.code: data[f"criterion-{c.code}"] for c in criteria},
            indicators={
                i.code: data[f"indicator-{i.code}"] for c in criteria for i in c.indicators.all()
            },
        )
        messages.success(request, _("Weights saved."))
        return redirect("scorecard:weights", pk=engagement.pk)
    return render(
        request,
        "scorecard/setup/weights.html",
        {"access": access, "engagement": engagement, "form": form},
    )


def weights_ahp(request: HttpRequest, pk: int) -> HttpResponse:
    """Pairwise judgements → AHP weights. Judgements are always saved; the weights are applied
    when the consistency ratio is at most 0.10, or when the consultant confirms anyway."""
    access = get_engagement_for_user(request, pk, _roles_for(request))
    engagement = access.engagement
    criteria = list(Criterion.objects.all())
    codes = [c.code for c in criteria]
    stored = {
        (row, column): nearest_saaty(value)
        for row, column, value in engagement.pairwise_judgements.values_list(
            "row__code", "column__code", "value"
        )
    }
    form = PairwiseForm(request.POST or None, criteria=criteria, judgements=stored)
    if not access.can_configure:
        for field in form.fields.values():
            field.disabled = True
    result = None
    if request.method == "POST" and form.is_valid():
        judgements = form.judgements()
        save_judgements(engagement=engagement, judgements=judgements)
        result = derive_ahp_weights(codes, judgements)
        if result is not None and (result.is_consistent or form.cleaned_data["apply_anyway"]):
            apply_ahp_weights(
                engagement=engagement, percentages=round_percentages(result.weights.to_dict())
            )
            messages.success(
                request,
                _("Judgements saved and criterion weights derived from them (CR %(cr).3f).")
                % {"cr": result.cr},
            )
            return redirect("scorecard:weights", pk=engagement.pk)
        messages.warning(
            request,
            _(
                "Judgements saved, but the weights were not applied: the judgements are "
                "inconsistent. Revise them, or confirm to apply anyway."
            ),
        )
    elif not form.is_bound and stored:
        result = derive_ahp_weights(codes, stored)
    names = {c.code: c.name for c in criteria}
    proposed = round_percentages(result.weights.to_dict()) if result is not None else {}
    current = dict(engagement.criterion_weights.values_list("criterion__code", "weight"))
    rows = [
        {
            "criterion": c,
            "proposed": proposed.get(c.code),
            "current": current.get(c.code, Decimal(0)),
        }
        for c in criteria
    ]
    inconsistent_pair = None
    if result is not None and not result.is_consistent and result.most_inconsistent_pair:
        a, b = result.most_inconsistent_pair
        inconsistent_pair = (names.get(a, a), names.get(b, b))
    return render(
        request,
        "scorecard/setup/weights_ahp.html",
        {
            "access": access,
            "engagement": engagement,
            "form": form,
            "result": result,
            "rows": rows,
            "inconsistent_pair": inconsistent_pair,
            "applied": engagement.weighting_method == WeightingMethod.AHP,
        },
    )


def _gates_page(request: HttpRequest, access, form, waiver_form=None) -> HttpResponse:
    """The Gates page: the choice of gates and, from the ranking, every candidate's verdict."""
    engagement = access.engagement
    results = get_results(engagement)
    rows = gate_rows(results)
    if waiver_form is None and access.can_configure:
        waiver_form = GateWaiverForm(engagement=engagement, unverified=_unverified(rows))
    return render(
        request,
        "scorecard/setup/gates.html",
        {
            "access": access,
            "engagement": engagement,
            "form": form,
            "chosen": list(engagement.gates.all()),
            "rows": rows,
            "gate_rule": gate_rule(),
            "waiver_form": waiver_form,
            "waivers": engagement.gate_waivers.select_related(
                "candidate__provider", "candidate__primary_site__city", "gate", "waived_by"
            ),
            "waiver_history": _waiver_history(engagement, results),
            "as_of": results.as_of,
        },
    )


# Waiver changes listed on the Gates page (the history keeps them all).
WAIVER_HISTORY_SHOWN = 20


def _waiver_history(engagement, results) -> list[dict]:
    """The latest waiver records, withdrawals included (two queries)."""
    labels = {row.candidate.id: row.candidate.label for row in results.rows}
    records = (
        GateWaiver.history.filter(engagement_id=engagement.pk)
        .select_related("gate", "history_user")
        .order_by("-history_date")[:WAIVER_HISTORY_SHOWN]
    )
    actions = {"+": _("waived"), "~": _("reworded"), "-": _("withdrawn")}
    return [
        {
            "when": record.history_date,
            "who": record.history_user.get_full_name() or record.history_user.username
            if record.history_user
            else "—",
            "action": actions.get(record.history_type, record.history_type),
            "candidate": labels.get(record.candidate_id, "—"),
            "gate": record.gate.name if record.gate else "—",
            "reason": record.reason,
        }
        for record in records
    ]


def _unverified(rows) -> set[tuple[int, str]]:
    return {
        (row.candidate.id, cell.gate.code)
        for row in rows
        for cell in row.cells
        if cell.outcome == UNVERIFIED
    }


def gates(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, _roles_for(request))
    engagement = access.engagement
    form = GatesForm(request.POST or None, instance=engagement)
    if not access.can_configure:
        form.fields["gates"].disabled = True
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Must-have gates saved."))
        return redirect("scorecard:gates", pk=engagement.pk)
    return _gates_page(request, access, form)


@require_POST
def gate_waiver_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a waiver of an unverified gate (consultants only; a reason is required)."""
    access = get_engagement_for_user(request, pk, CONFIGURE)
    engagement = access.engagement
    unverified = _unverified(gate_rows(get_results(engagement)))
    waiver_form = GateWaiverForm(request.POST, engagement=engagement, unverified=unverified)
    if not waiver_form.is_valid():
        return _gates_page(request, access, GatesForm(instance=engagement), waiver_form)
    data = waiver_form.cleaned_data
    record_waiver(
        engagement=engagement,
        candidate=data["candidate"],
        gate=data["gate"],
        reason=data["reason"],
        user=request.user,
    )
    messages.success(
        request,
        _("%(gate)s waived for %(candidate)s.")
        % {"gate": data["gate"].name, "candidate": data["candidate"].label},
    )
    return redirect("scorecard:gates", pk=engagement.pk)


@require_POST
def gate_waiver_withdraw(request: HttpRequest, pk: int, waiver_id: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, CONFIGURE)
    waiver = get_object_or_404(access.engagement.gate_waivers, pk=waiver_id)
    withdraw_waiver(waiver=waiver)
    messages.success(request, _("Waiver withdrawn: the gate is unverified again."))
    return redirect("scorecard:gates", pk=access.engagement.pk)
