"""Costs: statutory labour-cost parameters (reference data) and an engagement's cost
assumptions. Each candidate's quote is in :mod:`scorecard.models.quotes`; the arithmetic lives
in :mod:`scorecard.domain.tco`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cities.models import Source
from cities.validators import validate_sensible_date
from scorecard.domain import statutory, tco
from scorecard.models.engagement import Engagement


class RateCode(models.TextChoices):
    MIN_WAGE_DAILY = statutory.Code.MIN_WAGE_DAILY, _("Daily minimum wage")
    UMA_DAILY = statutory.Code.UMA_DAILY, _("UMA (daily)")
    WEEKLY_HOURS_MAX = statutory.Code.WEEKLY_HOURS_MAX, _("Maximum weekly hours")
    OVERTIME_MULTIPLIER = statutory.Code.OVERTIME_MULTIPLIER, _("Overtime pay multiplier")
    AGUINALDO_DAYS = statutory.Code.AGUINALDO_DAYS, _("Aguinaldo (days' salary a year)")
    VACATION_DAYS = statutory.Code.VACATION_DAYS, _("Vacation days after the first year")
    VACATION_PREMIUM = statutory.Code.VACATION_PREMIUM, _("Vacation premium")
    IMSS_RETIRO = statutory.Code.IMSS_RETIRO, _("IMSS retiro (employer)")
    IMSS_CESANTIA = statutory.Code.IMSS_CESANTIA, _("IMSS cesantía y vejez (employer)")
    IMSS_OTHER = statutory.Code.IMSS_OTHER, _("Other IMSS branches (employer)")
    INFONAVIT = statutory.Code.INFONAVIT, _("INFONAVIT (employer)")
    PTU_SHARE = statutory.Code.PTU_SHARE, _("PTU profit sharing")
    PTU_CAP_MONTHS = statutory.Code.PTU_CAP_MONTHS, _("PTU cap per worker (months' salary)")


class RateZone(models.TextChoices):
    ALL = "", _("All zones")
    GENERAL = "general", _("General zone")
    ZLFN = "zlfn", _("Northern border free zone (ZLFN)")


class StatutoryRateQuerySet(models.QuerySet):
    def get_by_natural_key(self, code: str, from_year: int, zone: str) -> StatutoryRate:
        return self.get(code=code, from_year=from_year, zone=zone)


class StatutoryRate(models.Model):
    """A Mexican statutory labour-cost parameter in force from ``from_year`` until a later row
    of the same code and zone replaces it.

    ``value`` empty means the reference does not give the figure: "unknown" is a value, never
    zero. ``low``/``high`` bound an unknown figure when the law gives a range (the cesantía
    rate depends on the salary band). Every row cites its legal basis, source and as-of date;
    an admin updates them yearly (new minimum wage each December).
    """

    code = models.CharField(_("parameter"), max_length=30, choices=RateCode.choices)
    from_year = models.PositiveSmallIntegerField(
        _("in force from (year)"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    zone = models.CharField(
        _("minimum-wage zone"), max_length=10, choices=RateZone.choices, blank=True
    )
    value = models.DecimalField(_("value"), max_digits=10, decimal_places=3, null=True, blank=True)
    low = models.DecimalField(_("at least"), max_digits=10, decimal_places=3, null=True, blank=True)
    high = models.DecimalField(_("at most"), max_digits=10, decimal_places=3, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="statutory_rates", verbose_name=_("source")
    )
    as_of = models.DateField(_("as of"), validators=[validate_sensible_date])
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = StatutoryRateQuerySet.as_manager()

    class Meta:
        ordering = ["code", "zone", "from_year"]
        constraints = [
            models.UniqueConstraint(fields=["code", "from_year", "zone"], name="unique_rate"),
        ]
        verbose_name = _("statutory rate")
        verbose_name_plural = _("statutory rates")

    def __str__(self) -> str:
        shown = self.value if self.value is not None else _("unknown")
        zone = f" ({self.get_zone_display()})" if self.zone else ""
        return f"{self.get_code_display()}{zone} {self.from_year}: {shown} {self.unit}"

    def natural_key(self) -> tuple[str, int, str]:
        return (self.code, self.from_year, self.zone)

    natural_key.dependencies = ["cities.source"]

    def clean(self) -> None:
        errors = {}
        for name in ("value", "low", "high"):
            if getattr(self, name) is not None and getattr(self, name) < 0:
                errors[name] = _("Rates cannot be negative.")
        if self.value is not None and (self.low is not None or self.high is not None):
            errors["low"] = _("A known value needs no range; clear the range or the value.")
        if (self.low is None) != (self.high is None):
            errors["high"] = _("Give both ends of the range, or neither.")
        elif self.low is not None and self.high is not None and self.low > self.high:
            errors["high"] = _("The upper end is below the lower end.")
        if self.value is None and not self.note:
            errors["note"] = _("Say why the figure is unknown.")
        if errors:
            raise ValidationError(errors)

    def to_rate(self) -> statutory.Rate:
        """The row as the pure engine's :class:`~scorecard.domain.statutory.Rate`."""
        return statutory.Rate(
            code=self.code,
            from_year=self.from_year,
            value=self.value,
            zone=self.zone,
            low=self.low,
            high=self.high,
            unit=self.unit,
            legal_basis=self.legal_basis,
            source=str(self.source),
            as_of=self.as_of,
            note=self.note,
        )


HORIZON_MAX_YEARS = 5


class CostAssumptionsQuerySet(models.QuerySet):
    def get_by_natural_key(self, engagement_reference: str) -> CostAssumptions:
        return self.get(engagement__reference=engagement_reference)


class CostAssumptions(models.Model):
    """An engagement's cost assumptions, shared by every candidate so TCOs compare.

    ``fx_rate`` is MXN per USD on ``fx_date``; totals are shown in USD. ``include_in_score``
    adds cost as a criterion with ``cost_weight`` percentage points next to the criteria's
    weights (the engine rescales all weights to 100).
    """

    # The fields people set (the form's fields, and what a report fingerprint hashes): one
    # list, so a new assumption cannot be editable yet missing from the fingerprint.
    INPUT_FIELDS = (
        "fx_rate",
        "fx_date",
        "fx_source",
        "fx_shock_pct",
        "wage_inflation_pct",
        "horizon_years",
        "start",
        "include_in_score",
        "cost_weight",
    )

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="cost_assumptions"
    )
    fx_rate = models.DecimalField(
        _("FX rate (MXN per USD)"),
        max_digits=8,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.0001"))],
    )
    fx_date = models.DateField(_("FX rate date"), validators=[validate_sensible_date])
    fx_source = models.CharField(
        _("FX source"), max_length=200, blank=True, help_text=_("e.g. Banxico FIX of that date.")
    )
    fx_shock_pct = models.DecimalField(
        _("FX shock (± %)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(10),
        validators=[MinValueValidator(0), MaxValueValidator(Decimal("50"))],
    )
    wage_inflation_pct = models.DecimalField(
        _("wage inflation (% a year)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal("-20")), MaxValueValidator(Decimal("50"))],
        help_text=_("Applied to the labour part of each quote, once a year from the start."),
    )
    horizon_years = models.PositiveSmallIntegerField(
        _("horizon (years)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(HORIZON_MAX_YEARS)],
    )
    start = models.DateField(
        _("first month of service"),
        null=True,
        blank=True,
        validators=[validate_sensible_date],
        help_text=_("Defaults to the engagement's go-live."),
    )
    include_in_score = models.BooleanField(
        _("include cost in the score"),
        default=False,
        help_text=_("Adds a cost criterion (TCO, 0–5) to the ranking."),
    )
    cost_weight = models.DecimalField(
        _("cost weight (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(15),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CostAssumptionsQuerySet.as_manager()

    class Meta:
        verbose_name = _("cost assumptions")
        verbose_name_plural = _("cost assumptions")
        constraints = [
            models.CheckConstraint(condition=models.Q(fx_rate__gt=0), name="fx_rate_positive"),
            models.CheckConstraint(
                condition=models.Q(horizon_years__gte=1, horizon_years__lte=HORIZON_MAX_YEARS),
                name="horizon_1_to_5_years",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.engagement}: {self.fx_rate} MXN/USD ({self.fx_date})"

    def natural_key(self) -> tuple[str]:
        return (self.engagement.reference,)

    natural_key.dependencies = ["scorecard.engagement"]

    def first_month(self) -> dt.date:
        day = self.start or self.engagement.go_live or self.fx_date
        return day.replace(day=1)

    def to_assumptions(self) -> tco.Assumptions:
        return tco.Assumptions(
            start=self.first_month(),
            horizon_years=self.horizon_years,
            fx_rate=self.fx_rate,
            fx_date=self.fx_date,
            fx_shock_pct=self.fx_shock_pct,
            wage_inflation_pct=self.wage_inflation_pct,
            seat_plan=self.engagement.seat_plan,
        )
