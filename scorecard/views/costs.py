"""Costs, compliance & risks, and governance tabs of an engagement.

Every member reads (``VIEW_RESULTS``); consultants edit (``CONFIGURE``). Pages read
:mod:`scorecard.costs.selectors`, whose queries do not grow with the number of candidates.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from scorecard import charts
from scorecard.access import CONFIGURE, VIEW_RESULTS, get_engagement_for_user
from scorecard.costs import selectors
from scorecard.domain.tco import Scenario
from scorecard.domain.value import efficient_frontier
from scorecard.forms.costs import (
    ComplianceCheckForm,
    CostAssumptionsForm,
    GovernancePlanForm,
    QuoteForm,
    RiskForm,
    kpi_formset_class,
)
from scorecard.models import (
    Candidate,
    ComplianceCheck,
    ComplianceItem,
    CostAssumptions,
    GovernancePlan,
    KpiDefinition,
    Quote,
    RateCode,
    Risk,
)
from scorecard.results import get_results


def _context(access, **extra) -> dict:
    return {"access": access, "engagement": access.engagement, **extra}


def _candidate(engagement, candidate_id: int) -> Candidate:
    return get_object_or_404(
        Candidate.objects.select_related("provider", "primary_site__city"),
        pk=candidate_id,
        engagement=engagement,
    )


# --------------------------------------------------------------------------- costs


def _total_scores(engagement) -> dict[int, float | None]:
    """Candidate id → total score. An engagement whose ranking cannot be computed yet (no
    criterion weighted above zero) still shows its costs, without scores."""
    try:
        results = get_results(engagement)
    except ValueError:
        return {}
    return {row.candidate.id: row.total for row in results.rows}


@require_GET
def costs_overview(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, VIEW_RESULTS)
    overview = selectors.cost_overview(access.engagement)
    totals = _total_scores(access.engagement)
    points = [
        (row.candidate.label, float(row.tco.base.total), totals[row.candidate.pk])
        for row in overview.priced
        if totals.get(row.candidate.pk) is not None
    ]
    frontier = efficient_frontier({label: (cost, score) for label, cost, score in points})
    chart = charts.value_chart(points, frontier) if points else None
    return render(
        request,
        "scorecard/costs/overview.html",
        _context(
            access,
            overview=overview,
            chart=chart,
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
    instance = selectors.get_assumptions(engagement) or CostAssumptions(engagement=engagement)
    form = CostAssumptionsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Cost assumptions saved."))
        return redirect("scorecard:costs", pk=engagement.pk)
    return render(
        request,
        "scorecard/costs/form.html",
        _context(
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
        selectors.candidates_for_costs(access.engagement), pk=candidate_id
    )
    assumptions = selectors.get_assumptions(access.engagement)
    rates = selectors.statutory_rates()
    table = selectors.statutory_table_from(rates)
    row = selectors.candidate_cost(
        candidate, assumptions.to_assumptions() if assumptions else None, table
    )
    return render(
        request,
        "scorecard/costs/candidate.html",
        _context(
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
        _context(
            access,
            form=form,
            heading=_("Quote: %(candidate)s") % {"candidate": candidate.label},
            back=back,
            removable=bool(instance.pk),
        ),
    )


# --------------------------------------------------------------------------- compliance & risks


@require_GET
def compliance_overview(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, VIEW_RESULTS)
    overview = selectors.risk_overview(access.engagement)
    return render(
        request,
        "scorecard/costs/compliance.html",
        _context(
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
    candidate = get_object_or_404(
        selectors.candidates_for_costs(access.engagement), pk=candidate_id
    )
    if item not in ComplianceItem.values:
        raise Http404(_("No such checklist item."))
    checks = {c.item: c for c in candidate.compliance_checks.all()}
    entry = next(
        e
        for e in selectors.build_checklist(
            candidate, checks, access.engagement.go_live, selectors.today()
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
        _context(
            access,
            form=form,
            heading=f"{candidate.label}: {entry.label}",
            intro=_("Legal basis: %(basis)s") % {"basis": entry.legal_basis},
            back=back,
        ),
    )


def risk_edit(request: HttpRequest, pk: int, risk_id: int | None = None) -> HttpResponse:
    access = get_engagement_for_user(request, pk, CONFIGURE)
    engagement = access.engagement
    instance = get_object_or_404(Risk, pk=risk_id, engagement=engagement) if risk_id else None
    form = RiskForm(request.POST or None, instance=instance, engagement=engagement)
    back = reverse("scorecard:compliance", args=[pk]) + "#register"
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Risk saved."))
        return redirect(back)
    return render(
        request,
        "scorecard/costs/form.html",
        _context(
            access,
            form=form,
            heading=_("Edit risk") if instance else _("Add a risk"),
            back=back,
            delete_url=reverse("scorecard:risk-delete", args=[pk, instance.pk]) if instance else "",
        ),
    )


@require_POST
def risk_delete(request: HttpRequest, pk: int, risk_id: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, CONFIGURE)
    risk = get_object_or_404(Risk, pk=risk_id, engagement=access.engagement)
    risk.delete()
    messages.success(request, _("Risk removed from the register."))
    return redirect(reverse("scorecard:compliance", args=[pk]) + "#register")


# --------------------------------------------------------------------------- governance


@require_GET
def governance(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, VIEW_RESULTS)
    plan = GovernancePlan.objects.filter(engagement=access.engagement).first()
    kpis = list(plan.kpis.select_related("definition")) if plan else []
    return render(
        request, "scorecard/costs/governance.html", _context(access, plan=plan, kpis=kpis)
    )


def governance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the governance pack; a new pack starts from the KPI catalogue's defaults."""
    access = get_engagement_for_user(request, pk, CONFIGURE)
    engagement = access.engagement
    plan = GovernancePlan.objects.filter(engagement=engagement).first()
    is_new = plan is None
    plan = plan or GovernancePlan(engagement=engagement)
    initial = []
    if is_new:
        initial = [
            {
                "name": k.name,
                "target": k.default_target,
                "unit": k.unit,
                "measurement": k.measurement,
                "order": k.order,
            }
            for k in KpiDefinition.objects.all()
        ]
    formset_class = kpi_formset_class(extra=len(initial) + 1)
    form = GovernancePlanForm(request.POST or None, instance=plan)
    formset = formset_class(request.POST or None, instance=plan, initial=initial or None)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            plan = form.save()
            formset.instance = plan
            definitions = {k.name: k for k in KpiDefinition.objects.all()}
            for kpi in formset.save(commit=False):
                kpi.definition = kpi.definition or definitions.get(kpi.name)
                kpi.save()
            for kpi in formset.deleted_objects:
                kpi.delete()
        messages.success(request, _("Governance pack saved."))
        return redirect("scorecard:governance", pk=pk)
    return render(
        request,
        "scorecard/costs/governance_form.html",
        _context(access, form=form, formset=formset, is_new=is_new),
    )
