"""Governance tab of an engagement: the governance pack and its KPIs.

Every member reads (``VIEW_RESULTS``); consultants edit (``CONFIGURE``).
"""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from scorecard.access import CONFIGURE, VIEW_RESULTS, get_engagement_for_user
from scorecard.forms.costs import GovernancePlanForm, kpi_formset_class
from scorecard.models import GovernancePlan, KpiDefinition
from scorecard.views.helpers import engagement_context


@require_GET
def governance(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, VIEW_RESULTS)
    plan = GovernancePlan.objects.filter(engagement=access.engagement).first()
    kpis = list(plan.kpis.select_related("definition")) if plan else []
    return render(
        request, "scorecard/costs/governance.html", engagement_context(access, plan=plan, kpis=kpis)
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
        try:
            _save_governance(form, formset)
        except IntegrityError:
            # A formset posted as if the pack had no KPIs yet (a tampered or stale
            # kpis-INITIAL_FORMS), or a concurrent save, collides with the KPIs stored.
            messages.error(
                request,
                _(
                    "The KPIs changed since this page was opened, so nothing was saved. "
                    "Open the page again and redo your changes."
                ),
            )
        else:
            messages.success(request, _("Governance pack saved."))
            return redirect("scorecard:governance", pk=pk)
    return render(
        request,
        "scorecard/costs/governance_form.html",
        engagement_context(access, form=form, formset=formset, is_new=is_new),
    )


def _save_governance(form, formset) -> None:
    """The pack and its KPIs, all or nothing; a KPI named like a catalogue one (in either
    language) gets its definition. Raises ``IntegrityError`` when the KPIs collide with those
    stored."""
    with transaction.atomic():
        plan = form.save()
        formset.instance = plan
        definitions = {
            name: k
            for k in KpiDefinition.objects.all()
            for name in (k.name_en, k.name_es_mx)
            if name
        }
        for kpi in formset.save(commit=False):
            kpi.definition = kpi.definition or definitions.get(kpi.name)
            kpi.save()
        for kpi in formset.deleted_objects:
            kpi.delete()
