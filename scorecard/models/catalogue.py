"""The criteria catalogue shared by every engagement: criteria, indicators, rubric, gates.

Weights here are catalogue defaults in percentage points: criterion weights sum to 100 across
the catalogue, and each criterion's indicator weights sum to 100 within it. An engagement
starts from these and may change them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

RUBRIC_LEVELS = range(6)  # 0..5


class IndicatorKind(models.TextChoices):
    RATED = "rated", _("Rated by assessors on the 0–5 rubric")
    MEASURED = "measured", _("Measured from data by a value function")


class MeasuredSource(models.TextChoices):
    """Figures a measured indicator can read; :mod:`scorecard.ranking.measures` fetches each."""

    PROVIDER_ATTRITION = "provider.attrition_pct", _("Provider: annual agent attrition (%)")
    PROVIDER_CONCENTRATION = (
        "provider.client_concentration_pct",
        _("Provider: largest client's share of revenue (%)"),
    )
    PROVIDER_YEARS = "provider.years_operating", _("Provider: years operating")
    PROVIDER_CITIES = "provider.city_count", _("Provider: cities it delivers from")
    PROVIDER_SECURITY_CERTS = (
        "provider.security_certifications",
        _("Provider: current ISO 27001 / PCI DSS / SOC 2 certifications"),
    )
    PROVIDER_COPC = "provider.copc_current", _("Provider: current COPC certification")
    CANDIDATE_SEATS_COVERAGE = (
        "candidate.seats_coverage_pct",
        _("Candidate: seats available as % of the seats in scope"),
    )
    CITY_POPULATION = "city.metro_population", _("City: metro population")
    CITY_ENGLISH = "city.english_level", _("City: English proficiency level (1–5)")
    CITY_UNSAFE = "city.unsafe_perception", _("City: adults who feel unsafe (%)")
    CITY_OVERLAP_EASTERN = (
        "city.overlap_us_eastern",
        _("City: hours of overlap with US Eastern business hours"),
    )


class CriterionQuerySet(models.QuerySet):
    def get_by_natural_key(self, code: str) -> Criterion:
        return self.get(code=code)

    def with_indicators(self) -> CriterionQuerySet:
        """Criteria with indicators and rubric levels prefetched (three queries in all)."""
        return self.prefetch_related(
            models.Prefetch(
                "indicators", queryset=Indicator.objects.prefetch_related("rubric_levels")
            )
        )


class Criterion(models.Model):
    """One of the six criteria of the buyer's scorecard (BRIEF §3.1).

    ``default_weight`` is in percentage points of the total (0–100).
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("what it covers"))
    default_weight = models.DecimalField(
        _("default weight (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class IndicatorQuerySet(models.QuerySet):
    def get_by_natural_key(self, code: str) -> Indicator:
        return self.get(code=code)

    def rated(self) -> IndicatorQuerySet:
        return self.filter(kind=IndicatorKind.RATED)

    def measured(self) -> IndicatorQuerySet:
        return self.filter(kind=IndicatorKind.MEASURED)


class Indicator(models.Model):
    """Something assessors rate (0–5 on the rubric) or the app measures from data.

    A *rated* indicator has six :class:`RubricLevel` rows (0 to 5). A *measured* indicator
    reads ``measured_source`` and turns it into 0–5 with ``value_function`` (a
    :class:`scorecard.engine.ValueFunction` stored as JSON). ``default_weight`` is in
    percentage points of its criterion.
    """

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("criterion")
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=160)
    guidance = models.TextField(
        _("guidance"), help_text=_("What the assessor looks at and what counts as evidence.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=IndicatorKind.choices)
    default_weight = models.DecimalField(
        _("default weight within criterion (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    measured_source = models.CharField(
        _("measured from"), max_length=60, choices=MeasuredSource.choices, blank=True
    )
    value_function = models.JSONField(
        _("value function"),
        null=True,
        blank=True,
        help_text=_(
            'Maps the figure to 0–5, e.g. {"kind": "piecewise", "points": [[10, 5], [60, 0]]}.'
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["criterion__order", "order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.criterion.name} · {self.name}"

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    natural_key.dependencies = ["scorecard.criterion"]

    @property
    def is_measured(self) -> bool:
        return self.kind == IndicatorKind.MEASURED

    def get_value_function(self):
        """The parsed :class:`scorecard.engine.ValueFunction`, or ``None`` for rated ones."""
        if not self.value_function:
            return None
        from scorecard.engine import ValueFunction

        return ValueFunction.from_dict(self.value_function)

    def describe_value_function(self) -> str:
        """The value function in the active language: its points, then how they are joined."""
        function = self.get_value_function()
        if not function:
            return ""
        from scorecard.engine.value_functions import DESCRIBE_SUFFIX

        return f"{function.describe_points()} {gettext(DESCRIBE_SUFFIX)}"

    def clean(self) -> None:
        if self.kind == IndicatorKind.MEASURED:
            errors = {}
            if not self.measured_source:
                errors["measured_source"] = _("Say which figure a measured indicator reads.")
            if not self.value_function:
                errors["value_function"] = _("A measured indicator needs a value function.")
            else:
                try:
                    self.get_value_function()
                except (ValueError, TypeError, KeyError) as exc:
                    errors["value_function"] = _("Invalid value function: %(error)s") % {
                        "error": exc
                    }
            if errors:
                raise ValidationError(errors)
        elif self.measured_source or self.value_function:
            raise ValidationError(
                _("A rated indicator uses its rubric: clear the measured source and function.")
            )


class RubricLevelQuerySet(models.QuerySet):
    def get_by_natural_key(self, indicator_code: str, level: int) -> RubricLevel:
        return self.get(indicator__code=indicator_code, level=level)


class RubricLevel(models.Model):
    """The written anchor for one score (0–5) of a rated indicator."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="rubric_levels",
        verbose_name=_("indicator"),
    )
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(0), MaxValueValidator(5)]
    )
    label = models.CharField(_("label"), max_length=60)
    description = models.TextField(_("description"))

    history = HistoricalRecords()
    objects = RubricLevelQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "level"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "level"], name="unique_rubric_level"),
            models.CheckConstraint(condition=models.Q(level__lte=5), name="rubric_level_max_5"),
        ]
        verbose_name = _("rubric level")
        verbose_name_plural = _("rubric levels")

    def __str__(self) -> str:
        return f"{self.level} – {self.label}"

    def natural_key(self) -> tuple[str, int]:
        return (self.indicator.code, self.level)

    natural_key.dependencies = ["scorecard.indicator"]


class GateFact(models.TextChoices):
    """Facts a must-have gate can test; :mod:`scorecard.ranking.measures` computes each."""

    REPSE_VALID = "repse_valid", _("REPSE registration valid through go-live")
    NOT_ON_69B = "not_on_sat_69b", _("Not on the SAT 69-B list")
    TAX_OPINION_CURRENT = "tax_opinion_current", _("Current SAT 32-D compliance opinion")
    DPA_SIGNED = "dpa_signed", _("Data-processing agreement signed")
    SECURITY_CERTIFIED = "security_certified", _("Current ISO 27001, PCI DSS or SOC 2")
    SEATS_AVAILABLE = "seats_available", _("Seats available")
    LANGUAGES = "languages", _("Languages delivered")


class GateOperator(models.TextChoices):
    IS_TRUE = "is_true", _("must be true")
    AT_LEAST = ">=", _("at least")
    CONTAINS_ALL = "contains_all", _("must include all of")


GATE_FACT_OPERATORS: dict[str, str] = {
    GateFact.REPSE_VALID: GateOperator.IS_TRUE,
    GateFact.NOT_ON_69B: GateOperator.IS_TRUE,
    GateFact.TAX_OPINION_CURRENT: GateOperator.IS_TRUE,
    GateFact.DPA_SIGNED: GateOperator.IS_TRUE,
    GateFact.SECURITY_CERTIFIED: GateOperator.IS_TRUE,
    GateFact.SEATS_AVAILABLE: GateOperator.AT_LEAST,
    GateFact.LANGUAGES: GateOperator.CONTAINS_ALL,
}


class GateDefinitionQuerySet(models.QuerySet):
    def get_by_natural_key(self, code: str) -> GateDefinition:
        return self.get(code=code)


class GateDefinition(models.Model):
    """A pass/fail requirement an engagement can make a must-have (BRIEF §3.3).

    Thresholds for seats and languages come from the engagement's scope, so the catalogue
    holds only the fact and operator. A candidate without data for the fact (a 69-B list not
    yet checked, a data-processing agreement still under negotiation) is not disqualified but
    shown as "unverified" next to its rank on every results page: a gate never passes
    silently, and missing paperwork is a question for the provider, not a verdict.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    fact = models.CharField(_("fact tested"), max_length=30, choices=GateFact.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    objects = GateDefinitionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("must-have gate")
        verbose_name_plural = _("must-have gates")

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    @property
    def operator(self) -> str:
        return GATE_FACT_OPERATORS[self.fact]
