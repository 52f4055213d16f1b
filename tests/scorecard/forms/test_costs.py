"""The cost and governance forms."""

from __future__ import annotations

from scorecard.forms.costs import KpiTargetForm, kpi_formset_class
from scorecard.models import GovernancePlan


def test_kpi_formset_leaves_the_target_form_fields_alone():
    fields = KpiTargetForm._meta.fields

    first = kpi_formset_class()(instance=GovernancePlan())
    second = kpi_formset_class()(instance=GovernancePlan())

    assert KpiTargetForm._meta.fields == fields
    assert list(first.empty_form.fields) == list(second.empty_form.fields)
