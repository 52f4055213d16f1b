"""Engagement set-up forms: shortlist candidates, weights, pairwise judgements, gates."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from providers.models import Provider, Site
from scorecard.domain.weights import SAATY_VALUES, describe_judgement, nearest_saaty, saaty_key
from scorecard.models import Candidate, Criterion, Engagement, GateDefinition
from scorecard.models.limits import LONG_TEXT_MAX_CHARS

# Totals are checked to the hundredth of a point: weights are stored with two decimals.
TOTAL_TOLERANCE = Decimal("0.01")


class ProviderTaggedMixin:
    """Each site option says its provider (``data-provider``), so the page's script
    (static/js/candidate.js) can list only the chosen provider's sites. The server still
    refuses a site of another provider: the script only saves a wasted submit."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-provider"] = str(instance.provider_id)
        return option


class ProviderTaggedSelect(ProviderTaggedMixin, forms.Select):
    pass


class ProviderTaggedSelectMultiple(ProviderTaggedMixin, forms.SelectMultiple):
    pass


class SiteChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, site: Site) -> str:
        return _("%(provider)s – %(site)s, %(city)s (%(seats)s seats available)") % {
            "provider": site.provider.display_name,
            "site": site.name,
            "city": site.city.display_name,
            "seats": site.seats_available,
        }


class PrimarySiteChoiceField(forms.ModelChoiceField):
    label_from_instance = SiteChoiceField.label_from_instance


class CandidateForm(forms.ModelForm):
    """Shortlist a provider at one or more of its sites.

    Every site must be the provider's, and the primary site is always one of the sites.
    """

    provider = forms.ModelChoiceField(
        label=gettext_lazy("Provider"), queryset=Provider.objects.all()
    )
    primary_site = PrimarySiteChoiceField(
        label=gettext_lazy("Primary site"),
        queryset=Site.objects.select_related("provider", "city"),
        help_text=gettext_lazy("Its city feeds the city-based indicators."),
        widget=ProviderTaggedSelect(attrs={"data-sites-of": "id_provider"}),
    )
    sites = SiteChoiceField(
        label=gettext_lazy("Other sites in the proposal"),
        queryset=Site.objects.select_related("provider", "city"),
        required=False,
        widget=ProviderTaggedSelectMultiple(attrs={"size": 6, "data-sites-of": "id_provider"}),
    )

    class Meta:
        model = Candidate
        fields = ["provider", "primary_site", "sites", "dpa_status", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, engagement: Engagement, **kwargs) -> None:
        self.engagement = engagement
        super().__init__(*args, **kwargs)
        self.instance.engagement = engagement
        if self.instance.pk:
            # Provider and primary site are the candidate's identity: remove and add to change.
            del self.fields["provider"]
            del self.fields["primary_site"]
            self.fields["sites"].queryset = self.instance.provider.sites.select_related(
                "provider", "city"
            )
            self.fields["sites"].label = _("Sites in the proposal")
            self.fields["sites"].help_text = _("The primary site (%(site)s) always stays in.") % {
                "site": self.instance.primary_site.name
            }
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *self.fields,
            Submit("save", _("Save") if self.instance.pk else _("Add candidate")),
        )

    def clean(self) -> dict:
        data = super().clean()
        provider = data.get("provider") or (self.instance.provider if self.instance.pk else None)
        primary = data.get("primary_site") or (
            self.instance.primary_site if self.instance.pk else None
        )
        if provider is None or primary is None:
            return data
        # A primary site of another provider is refused by Candidate.clean().
        foreign = [site for site in data.get("sites", []) if site.provider_id != provider.pk]
        if foreign:
            self.add_error(
                "sites",
                _("Not %(provider)s's: %(sites)s.")
                % {"provider": provider.display_name, "sites": ", ".join(s.name for s in foreign)},
            )
        if (
            not self.instance.pk
            and Candidate.objects.filter(engagement=self.engagement, primary_site=primary).exists()
        ):
            self.add_error("primary_site", _("This site is already shortlisted."))
        return data

    def save(self, commit: bool = True) -> Candidate:
        candidate = super().save(commit=commit)
        if commit:
            candidate.sites.add(candidate.primary_site)
        return candidate


class WeightsForm(forms.Form):
    """Every criterion weight and, per criterion, its indicator weights (percentage points).

    Field names are ``criterion-<code>`` and ``indicator-<code>``. Criterion weights must add
    up to 100, and so must the indicator weights within each criterion (to ±0.01).
    """

    def __init__(self, *args, criteria: list[Criterion], weights: dict[str, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.group_errors: dict[str, str] = {}  # criterion code -> indicator total error
        self.criteria_error = ""
        for criterion in criteria:
            self.fields[f"criterion-{criterion.code}"] = self._weight_field(
                criterion.name, weights.get(f"criterion-{criterion.code}", Decimal(0)), "criteria"
            )
            for indicator in criterion.indicators.all():
                self.fields[f"indicator-{indicator.code}"] = self._weight_field(
                    indicator.name,
                    weights.get(f"indicator-{indicator.code}", Decimal(0)),
                    criterion.code,
                )

    @staticmethod
    def _weight_field(label: str, initial: Decimal, group: str) -> forms.DecimalField:
        return forms.DecimalField(
            label=label,
            initial=initial,
            min_value=0,
            max_value=100,
            max_digits=5,
            decimal_places=2,
            widget=forms.NumberInput(
                attrs={"step": "0.01", "min": "0", "max": "100", "data-weight-group": group}
            ),
            error_messages={"min_value": _("A weight cannot be negative.")},
        )

    def _total(self, names: list[str]) -> Decimal | None:
        """The sum of the fields as shown (``None`` when one is not a number)."""
        try:
            return sum((Decimal(str(self[name].value())) for name in names), Decimal(0))
        except ArithmeticError:
            return None

    def criteria_total(self) -> Decimal | None:
        return self._total([f"criterion-{c.code}" for c in self.criteria])

    def groups(self) -> list[dict]:
        """Criteria with their bound fields and indicator totals, for the template."""
        groups = []
        for criterion in self.criteria:
            names = [f"indicator-{i.code}" for i in criterion.indicators.all()]
            groups.append(
                {
                    "criterion": criterion,
                    "field": self[f"criterion-{criterion.code}"],
                    "indicators": [self[name] for name in names],
                    "total": self._total(names),
                    "error": self.group_errors.get(criterion.code, ""),
                }
            )
        return groups

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        total = sum(data[f"criterion-{c.code}"] for c in self.criteria)
        if abs(total - 100) > TOTAL_TOLERANCE:
            message = _("Criterion weights add up to %(total)s%%; they must add up to 100%%.") % {
                "total": total
            }
            self.add_error(None, message)
            self.criteria_error = message
        for criterion in self.criteria:
            codes = [f"indicator-{i.code}" for i in criterion.indicators.all()]
            if not codes:
                continue
            subtotal = sum(data[code] for code in codes)
            if abs(subtotal - 100) > TOTAL_TOLERANCE:
                message = _(
                    "%(criterion)s: indicator weights add up to %(total)s%%; "
                    "they must add up to 100%%."
                ) % {"criterion": criterion.name, "total": subtotal}
                self.add_error(None, message)
                self.group_errors[criterion.code] = message
        return data


class SaatyField(forms.Field):
    """A judgement on Saaty's scale (1/9 … 9) chosen from a select; cleans to a Fraction.

    Anything else posted (zero, negatives, text, values off the scale) is refused with a
    message saying why.
    """

    widget = forms.Select

    def __init__(self, *, row: str, column: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.widget.choices = [
            (saaty_key(value), describe_judgement(value, row, column)) for value in SAATY_VALUES
        ]

    def to_python(self, value) -> Fraction | None:
        if value in self.empty_values:
            return None
        try:
            number = Fraction(str(value).strip())
        except (ValueError, ZeroDivisionError) as exc:
            raise forms.ValidationError(_("Choose a judgement from the list.")) from exc
        if number <= 0:
            raise forms.ValidationError(
                _("A judgement must be a positive number (1/9 to 9); %(value)s is not.")
                % {"value": value}
            )
        if number not in SAATY_VALUES:
            raise forms.ValidationError(
                _("A judgement must be on Saaty's scale: 1/9, 1/8, …, 1, 2, …, 9.")
            )
        return number

    def prepare_value(self, value):
        if isinstance(value, Fraction):
            return saaty_key(value)
        if isinstance(value, Decimal | float):
            return saaty_key(nearest_saaty(value))
        return value


class PairwiseForm(forms.Form):
    """Pairwise comparisons of the criteria (upper triangle, catalogue order).

    Field ``pair-<row code>-<column code>`` holds how much more important the row criterion
    is than the column one.
    """

    apply_anyway = forms.BooleanField(
        label=gettext_lazy("Apply these weights even though the judgements are inconsistent"),
        required=False,
    )

    def __init__(self, *args, criteria: list[Criterion], judgements: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.pairs: list[tuple[Criterion, Criterion, str]] = []
        for i, row in enumerate(criteria):
            for column in criteria[i + 1 :]:
                name = f"pair-{row.code}-{column.code}"
                self.fields[name] = SaatyField(
                    row=row.name,
                    column=column.name,
                    label=_("%(row)s compared with %(column)s")
                    % {"row": row.name, "column": column.name},
                    initial=judgements.get((row.code, column.code), Fraction(1)),
                )
                self.pairs.append((row, column, name))
        # Keep the confirmation box last.
        self.fields["apply_anyway"] = self.fields.pop("apply_anyway")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def judgements(self) -> dict[tuple[str, str], Fraction]:
        """``{(row code, column code): value}`` from cleaned data."""
        return {
            (row.code, column.code): self.cleaned_data[name] for row, column, name in self.pairs
        }


class GateDefinitionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, gate: GateDefinition) -> str:
        if gate.legal_basis:
            return format_html(
                '{}<span class="d-block small text-body-secondary">{}</span>'
                '<span class="d-block small text-body-secondary">{} {}</span>',
                gate.name,
                gate.description,
                _("Legal basis:"),
                gate.legal_basis,
            )
        return format_html(
            '{}<span class="d-block small text-body-secondary">{}</span>',
            gate.name,
            gate.description,
        )


class GatesForm(forms.ModelForm):
    """The engagement's must-have gates, chosen from the catalogue."""

    gates = GateDefinitionChoiceField(
        label=gettext_lazy("Gates that apply to this engagement"),
        queryset=GateDefinition.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "A failed gate disqualifies a candidate; a gate without data is unverified (see "
            "the rule below the table)."
        ),
    )

    class Meta:
        model = Engagement
        fields = ["gates"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("gates", Submit("save", _("Save gates")))


class GateWaiverForm(forms.Form):
    """A consultant waives one candidate's unverified gate, with a reason (required).

    ``unverified`` is the set of (candidate id, gate code) pairs the ranking reports as
    unverified: only those can be waived (a waiver never overrides a failed gate).
    """

    candidate = forms.ModelChoiceField(label=gettext_lazy("Candidate"), queryset=Candidate.objects)
    gate = forms.ModelChoiceField(label=gettext_lazy("Gate"), queryset=GateDefinition.objects)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=LONG_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Why the decision may go ahead without this gate verified."),
    )

    def __init__(
        self, *args, engagement: Engagement, unverified: set[tuple[int, str]], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.unverified = unverified
        self.fields["candidate"].queryset = engagement.candidates.select_related(
            "provider", "primary_site__city"
        )
        self.fields["gate"].queryset = engagement.gates.all()
        self.helper = FormHelper()
        self.helper.form_action = reverse("scorecard:gate-waiver-add", args=[engagement.pk])
        self.helper.layout = Layout(
            "candidate", "gate", "reason", Submit("waive", _("Record waiver"))
        )

    def clean(self) -> dict:
        data = super().clean()
        candidate, gate = data.get("candidate"), data.get("gate")
        if candidate and gate and (candidate.pk, gate.code) not in self.unverified:
            raise forms.ValidationError(
                _("Only an unverified gate can be waived: %(gate)s is not unverified for %(c)s.")
                % {"gate": gate.name, "c": candidate.label}
            )
        return data
