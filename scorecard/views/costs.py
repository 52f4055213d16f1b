"""Costs tab of an engagement: cost overview with value for money, cost assumptions, a
candidate's total cost of ownership and its quote.

Every member reads (``VIEW_RESULTS``); consultants edit (``CONFIGURE``). Pages read
:mod:`scorecard.selectors.costs`, whose queries do not grow with the number of candidates.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from scorecard import charts
from scorecard.access import CONFIGURE, VIEW_RESULTS, get_engagement_for_user
from scorecard.domain.tco import Scenario
from scorecard.forms.costs import CostAssumptionsForm, QuoteForm
from scorecard.models import Candidate, CostAssumptions, Quote, RateCode
from scorecard.selectors import costs as cost_selectors
from scorecard.views.helpers import engagement_context, shown_results


def _candidate(engagement, candidate_id: int) -> Candidate:
    return get_object_or_404(
        Candidate.objects.select_related("provider", "primary_site__city"),
        pk=candidate_id,
        engagement=engagement,
    )


def _ranking_rows(access) -> list:
    """The rows of the ranking this member sees (client viewers: the published decision's).
    An engagement whose ranking cannot be computed yet (no criterion weighted above zero, or
    no decision for a client viewer) still shows its costs, without scores."""
    try:
        shown = shown_results(access)
    except ValueError:
        return []
    return shown.results.rows if shown else []


@require_GET
def costs_overview(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, VIEW_RESULTS)
    overview = cost_selectors.cost_overview(access.engagement)
    rows = _ranking_rows(access)
    totals = {row.candidate.id: row.total for row in rows}
    value = cost_selectors.value_map(overview, rows, access.engagement.peak_seats)
    chart = (
        charts.value_chart(value.points, value.frontier, value.eligible) if value.points else None
    )
    buildup = overview.buildup()
    return render(
        request,
        "scorecard/costs/overview.html",
        engagement_context(
            access,
            overview=overview,
            chart=chart,
            buildup_chart=charts.cost_buildup_chart(buildup) if buildup else None,
            seat_rows=cost_selectors.seat_rows(access.engagement),
            totals=totals,
            unpriced=[row.candidate.label for row in overview.rows if not row.has_pricing],
            scored=[
                row.candidate.label
                for row in overview.priced
                if totals.get(row.candidate.pk) is None
            ],
        ),
    )


def cost_assumptions_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, CONFIGURE)
    engagement = access.engagement
    instance = cost_selectors.get_assumptions(engagement) or CostAssumptions(engagement=engagement)
    form = CostAssumptionsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Cost assumptions saved."))
        return redirect("scorecard:costs", pk=engagement.pk)
    return render(
        request,
        "scorecard/costs/form.html",
        engagement_context(
            access,
            form=form,
            heading=_("Cost assumptions"),
            back=reverse("scorecard:costs", args=[pk]),
        ),
    )


@require_GET
def candidate_costs(request: HttpRequest, pk: int, candidate_id: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, VIEW_RESULTS)
    candidate = get_object_or_404(
        cost_selectors.candidates_for_costs(access.engagement), pk=candidate_id
    )
    assumptions = cost_selectors.get_assumptions(access.engagement)
    rates = cost_selectors.statutory_rates()
    table = cost_selectors.statutory_table_from(rates)
    row = cost_selectors.candidate_cost(
        candidate, assumptions.to_assumptions() if assumptions else None, table
    )
    return render(
        request,
        "scorecard/costs/candidate.html",
        engagement_context(
            access,
            row=row,
            candidate=candidate,
            assumptions=assumptions,
            rates=rates,
            currency=row.quote.currency if row.quote else "",
            scenario_labels=[
                (Scenario.BASE, _("Base")),
                (Scenario.PESO_STRONGER, _("Peso stronger")),
                (Scenario.PESO_WEAKER, _("Peso weaker")),
            ],
            component_labels={
                "base_salary": _("Base salary"),
                "ptu": _("PTU (0 up to the per-worker cap)"),
                **dict(RateCode.choices),
            },
        ),
    )


def quote_edit(request: HttpRequest, pk: int, candidate_id: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, CONFIGURE)
    candidate = _candidate(access.engagement, candidate_id)
    instance = Quote.objects.filter(candidate=candidate).first() or Quote(candidate=candidate)
    back = reverse("scorecard:candidate-costs", args=[pk, candidate.pk])
    if request.method == "POST" and "remove" in request.POST:
        if instance.pk:
            instance.delete()
            messages.success(request, _("Pricing removed: the candidate shows no pricing."))
        return redirect(back)
    form = QuoteForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Quote saved."))
        return redirect(back)
    return render(
        request,
        "scorecard/costs/form.html",
        engagement_context(
            access,
            form=form,
            heading=_("Quote: %(candidate)s") % {"candidate": candidate.label},
            back=back,
            removable=bool(instance.pk),
        ),
    )
