"""Forms of the cost, compliance, risk and governance pages (consultants only)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from scorecard.models import (
    ComplianceCheck,
    CostAssumptions,
    Engagement,
    FlagReview,
    GovernancePlan,
    KpiTarget,
    Quote,
    Risk,
)
from scorecard.uploads import validate_evidence_upload

DATE = {"type": "date"}


def _date(**attrs) -> forms.DateInput:
    return forms.DateInput(attrs=DATE | attrs, format="%Y-%m-%d")


class CostAssumptionsForm(forms.ModelForm):
    """FX, shock, wage inflation, horizon, and whether cost counts in the score."""

    class Meta:
        model = CostAssumptions
        fields = list(CostAssumptions.INPUT_FIELDS)
        widgets = {"fx_date": _date(), "start": _date()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("Exchange rate"),
                Row(Column("fx_rate"), Column("fx_date"), Column("fx_shock_pct")),
                "fx_source",
            ),
            Fieldset(
                _("Horizon"),
                Row(Column("horizon_years"), Column("start"), Column("wage_inflation_pct")),
            ),
            Fieldset(_("Value for money"), Row(Column("include_in_score"), Column("cost_weight"))),
            Submit("save", _("Save")),
        )


class QuoteForm(forms.ModelForm):
    """A candidate's price and the costs outside it."""

    class Meta:
        model = Quote
        fields = [
            "basis",
            "currency",
            "price",
            "quantity",
            "source",
            "quoted_on",
            "ramp_fee",
            "training",
            "overtime_share_pct",
            "ccaas_monthly",
            "qa_analytics_monthly",
            "licences_monthly",
            "continuity_monthly",
            "governance_monthly",
            "contacts_per_month",
            "fcr_pct",
            "productive_share_pct",
            "quote_weekly_hours",
            "agent_daily_salary_mxn",
        ]
        widgets = {"quoted_on": _date()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("The quote"),
                Row(Column("basis"), Column("currency"), Column("price"), Column("quantity")),
                Row(Column("source"), Column("quoted_on")),
            ),
            Fieldset(
                _("Costs outside the quote"),
                Row(Column("ramp_fee"), Column("training"), Column("overtime_share_pct")),
                Row(
                    Column("ccaas_monthly"),
                    Column("qa_analytics_monthly"),
                    Column("licences_monthly"),
                ),
                Row(Column("continuity_monthly"), Column("governance_monthly")),
            ),
            Fieldset(
                _("Output and the statutory test"),
                Row(Column("contacts_per_month"), Column("fcr_pct")),
                Row(
                    Column("productive_share_pct"),
                    Column("quote_weekly_hours"),
                    Column("agent_daily_salary_mxn"),
                ),
            ),
            Submit("save", _("Save")),
        )


class ComplianceCheckForm(forms.ModelForm):
    """A consultant's answer to a checklist item, with an optional evidence file (checked by
    content like assessment evidence: PDF, images, XLSX or CSV)."""

    upload = forms.FileField(
        label=_("Add an evidence file"),
        required=False,
        help_text=_("PDF, image, XLSX or CSV; stored privately, shown to this engagement only."),
    )

    class Meta:
        model = ComplianceCheck
        fields = ["status", "evidence", "issued_on", "expires_on"]
        widgets = {"issued_on": _date(), "expires_on": _date()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.upload_kind = None
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "status",
            "evidence",
            Row(Column("issued_on"), Column("expires_on")),
            "upload",
            Submit("save", _("Save")),
        )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            upload, self.upload_kind = validate_evidence_upload(upload)
        return upload


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = [
            "title",
            "candidate",
            "description",
            "likelihood",
            "impact",
            "owner",
            "mitigation",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, engagement: Engagement, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.engagement = engagement
        self.instance.engagement = engagement
        self.fields["candidate"].queryset = engagement.candidates.select_related(
            "provider", "primary_site__city"
        )
        self.fields["candidate"].label_from_instance = lambda c: c.label
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("title"), Column("candidate")),
            "description",
            Row(Column("likelihood"), Column("impact"), Column("status")),
            "owner",
            "mitigation",
            Submit("save", _("Save")),
        )

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        clash = Risk.objects.filter(engagement=self.engagement, title=title)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("The register already has a risk with this title."))
        return title


class GovernancePlanForm(forms.ModelForm):
    class Meta:
        model = GovernancePlan
        fields = ["reporting_cadence", "escalation_path", "audit_rights", "audit_cadence"]
        widgets = {
            "reporting_cadence": forms.Textarea(attrs={"rows": 2}),
            "escalation_path": forms.Textarea(attrs={"rows": 2}),
            "audit_rights": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class KpiTargetForm(forms.ModelForm):
    class Meta:
        model = KpiTarget
        # A tuple: an inline formset appends its foreign key to a list ``fields`` in place, so
        # with a list every formset after the first in a process had ``plan`` among its fields
        # (and rendered its hidden inputs in another order).
        fields = ("name", "target", "unit", "measurement", "order")

    def has_changed(self) -> bool:
        # A row prefilled from the catalogue is saved even when the consultant accepts it as is.
        return bool(self.initial) or super().has_changed()


def kpi_formset_class(extra: int = 1):
    """An inline formset of KPI targets with ``extra`` blank (or catalogue-prefilled) rows."""
    return forms.inlineformset_factory(
        GovernancePlan, KpiTarget, form=KpiTargetForm, extra=extra, can_delete=True
    )


class FlagReviewForm(forms.ModelForm):
    """The team's review of one automatic red flag."""

    class Meta:
        model = FlagReview
        fields = ["owner", "status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "status": _(
                "Closed or mitigating holds while the data stays the same; if the data the flag "
                "read changes, it opens again."
            )
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("owner", "status", "note", Submit("save", _("Save")))
