"""Cities a provider can deliver from, and their sourced figures.

A city's figures live in :class:`CityFigure` rows, one per metric, so that every figure carries
its own source, as-of date and note, and "unknown" is a row with ``status=unknown`` instead of a
zero. The metric catalogue (:class:`Metric`) is schema: which figures exist, their unit and how
often their publisher refreshes them; the values are data.

Size: a reference app keeps one ``models.py`` like every other app (STYLE.md: every app has
the same module set), which keeps migrations, admin, fixture and stewardship imports simple;
the models here are one small schema that is read together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from simple_history.models import HistoricalRecords

from cities.geography import mexico_outline
from cities.validators import validate_not_future, validate_sensible_date, validate_web_address


class ComplexityTier(models.TextChoices):
    """Which work a city suits, after the public guidance in the brief (§3.2)."""

    HIGH = "high", _("High complexity")
    MEDIUM = "medium", _("Medium complexity")
    LOW = "low", _("Low complexity")


# Tiers from simplest to most demanding; a value outside the choices ranks below them all.
_TIER_ORDER = (ComplexityTier.LOW, ComplexityTier.MEDIUM, ComplexityTier.HIGH)


def tier_suits(city_tier: str, needed_tier: str) -> bool:
    """Does a city of ``city_tier`` suit work of ``needed_tier``? A city suits work of its own
    tier and below (a high-complexity city also suits low-complexity work, not the other way
    round). An unknown tier ranks below ``low``: an unknown city tier suits no known need,
    and an unknown need is suited by every city."""

    def rank(tier: str) -> int:
        return _TIER_ORDER.index(tier) + 1 if tier in _TIER_ORDER else 0

    return rank(city_tier) >= rank(needed_tier)


class WageZone(models.TextChoices):
    """CONASAMI minimum-wage zones: the northern border free zone (ZLFN) or the general zone."""

    GENERAL = "general", _("General zone")
    ZLFN = "zlfn", _("Northern border free zone (ZLFN)")


class SourceQuerySet(models.QuerySet):
    def get_by_natural_key(self, code: str) -> Source:
        return self.get(code=code)


class Source(models.Model):
    """A public source that figures cite (a statistics release, a law, an article).

    ``code`` is the short id used in the reference notes (e.g. ``MW26``). ``published_on`` is the
    date of the publication itself, which can be older than a figure's as-of date.

    A *weak* source (``is_weak``, with ``weak_reason`` saying why: a mirror with no address, a
    piece whose wording a client report cannot repeat) stays on record, but no score reads its
    figures: they count as unknown (:attr:`CityFigure.numeric_value`) and are shown marked.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True, allow_unicode=False)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.CharField(
        _("address"),
        max_length=500,
        blank=True,
        validators=[validate_web_address],
        help_text=_("The web address where the source can be read (https://...)."),
    )
    published_on = models.DateField(
        _("published on"),
        null=True,
        blank=True,
        validators=[validate_sensible_date, validate_not_future],
    )
    is_secondary = models.BooleanField(
        _("secondary source"),
        default=False,
        help_text=_("News page, mirror or vendor material: check against the primary source."),
    )
    is_weak = models.BooleanField(
        _("weak source"),
        default=False,
        help_text=_(
            "Figures from a weak source are shown marked and never count in a score "
            "(they are treated as unknown)."
        ),
    )
    weak_reason = models.CharField(
        _("why it is weak"),
        max_length=300,
        blank=True,
        help_text=_("Required for a weak source, e.g. “Wikipedia mirror, no address recorded”."),
    )

    history = HistoricalRecords()
    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_weak=False, weak_reason="")
                | (models.Q(is_weak=True) & ~models.Q(weak_reason="")),
                name="weak_source_has_reason",
            ),
            # An address cut short (cities.validators.TRUNCATION_MARKS) never reaches the table,
            # not even through loaddata or an import that skips the form.
            models.CheckConstraint(
                condition=~models.Q(url__contains="\u2026")
                & ~models.Q(url__contains="...")
                & ~models.Q(url__icontains="%e2%80%a6"),
                name="source_url_not_truncated",
            ),
        ]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    def clean(self) -> None:
        self.weak_reason = self.weak_reason.strip().rstrip(".")  # read inside a sentence
        if self.is_weak and not self.weak_reason:
            raise ValidationError({"weak_reason": _("Say why the source is weak.")})
        if self.weak_reason and not self.is_weak:
            raise ValidationError(
                {
                    "weak_reason": _(
                        "Only a weak source has a reason; tick “weak source” or clear it."
                    )
                }
            )


class CityQuerySet(models.QuerySet):
    def get_by_natural_key(self, name: str) -> City:
        return self.get(name=name)

    def with_figures(self) -> CityQuerySet:
        """Prefetch figures and their sources: one query each, whatever the number of cities."""
        return self.prefetch_related(
            models.Prefetch("figures", queryset=CityFigure.objects.select_related("source"))
        )


class City(models.Model):
    """A Mexican city (metro area) that BPO work can be delivered from.

    Figures (population, wages, English, security, competitiveness, infrastructure, strengths)
    are :class:`CityFigure` rows. Time-zone overlap with US business hours is computed from the
    IANA zone for a given date, so it follows daylight-saving changes on either side.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    # A plain column, not a django-modeltranslation one: ``name`` is the natural key and stays
    # the same in every language; only a city whose Spanish name differs has this filled.
    name_es_mx = models.CharField(
        _("name in Spanish (Mexico)"),
        max_length=100,
        blank=True,
        help_text=_(
            "Only when the Spanish name differs from the name, e.g. “Ciudad de México” for "
            "Mexico City; leave it blank otherwise."
        ),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    state = models.CharField(_("state"), max_length=100)
    timezone = models.CharField(
        _("IANA time zone"), max_length=64, help_text=_("For example America/Monterrey.")
    )
    wage_zone = models.CharField(
        _("minimum-wage zone"), max_length=10, choices=WageZone.choices, default=WageZone.GENERAL
    )
    complexity_tier = models.CharField(
        _("complexity tier"), max_length=10, choices=ComplexityTier.choices
    )
    summary = models.TextField(_("summary"), blank=True)
    # The city centre, approximately (WGS 84 degrees; 4 decimals ≈ 11 m, plenty for a map
    # marker). Blank: the city is listed beside the map instead of on it.
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=6,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Of the city centre, in decimal degrees (north positive), e.g. 25.6866."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Of the city centre, in decimal degrees (east positive), e.g. -100.3161."),
    )

    history = HistoricalRecords()
    objects = CityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.state})"

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("cities:city-detail", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        """The city's name as a reader of the active language writes it: the name recorded for
        that language (``name_es_mx``, e.g. "Ciudad de México") where there is one, else
        ``name``. Everything that shows a city to a person reads this; ``name`` stays the
        natural key of fixtures, imports and stored records."""
        language = get_language()
        localized = (
            getattr(self, build_localized_fieldname("name", language), "") if language else ""
        )
        return localized or self.name

    def natural_key(self) -> tuple[str]:
        return (self.name,)

    def clean(self) -> None:
        if self.timezone and self.timezone not in _timezones():
            raise ValidationError(
                {"timezone": _("%(tz)s is not an IANA time zone.") % {"tz": self.timezone}}
            )
        if self.has_coordinates and not mexico_outline().contains(
            float(self.longitude), float(self.latitude)
        ):
            west, east, south, north = mexico_outline().frame
            raise ValidationError(
                {
                    "longitude": _(
                        "%(lat)s, %(lon)s is outside the map of Mexico (latitude %(south)s to "
                        "%(north)s, longitude %(west)s to %(east)s: west is negative)."
                    )
                    % {
                        "lat": self.latitude,
                        "lon": self.longitude,
                        "south": south,
                        "north": north,
                        "west": west,
                        "east": east,
                    }
                }
            )

    def us_overlap_hours(self, us_zone: str, on: dt.date | None = None) -> float:
        """Hours a 09:00–18:00 local working day overlaps 09:00–17:00 in ``us_zone`` on ``on``.

        ``on`` defaults to today; pass a date to see the winter/summer difference where the
        US observes daylight saving and the city does not.
        """
        return overlap_hours(self.timezone, us_zone, on or timezone.localdate())

    def us_overlap_by_season(self, year: int | None = None) -> list[dict]:
        """Overlap with US Eastern and Pacific business hours in mid-January and mid-July.

        The two dates show the effect of US daylight saving, which most of Mexico no longer
        observes (Ley del Sistema de Horario, DOF 28-Oct-2022).
        """
        year = year or timezone.localdate().year
        winter, summer = dt.date(year, 1, 15), dt.date(year, 7, 15)
        return [
            {
                "zone": label,
                "winter": self.us_overlap_hours(zone, winter),
                "summer": self.us_overlap_hours(zone, summer),
            }
            for label, zone in (
                (_("US Eastern"), "America/New_York"),
                (_("US Pacific"), "America/Los_Angeles"),
            )
        ]

    @property
    def overlap_us_eastern(self) -> float:
        return self.us_overlap_hours("America/New_York")

    @property
    def overlap_us_pacific(self) -> float:
        return self.us_overlap_hours("America/Los_Angeles")

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def figure(self, metric: str) -> CityFigure | None:
        """The figure for ``metric`` (uses prefetched figures when present)."""
        return self.figures_by_metric().get(metric)

    def figures_by_metric(self) -> dict[str, CityFigure]:
        return {f.metric: f for f in self.figures.all()}


_TZ_CACHE: set[str] = set()


def _timezones() -> set[str]:
    if not _TZ_CACHE:
        _TZ_CACHE.update(available_timezones())
    return _TZ_CACHE


def overlap_hours(
    local_zone: str,
    us_zone: str,
    on: dt.date,
    local_hours: tuple[int, int] = (9, 18),
    us_hours: tuple[int, int] = (9, 17),
) -> float:
    """Overlap in hours between two working days in different zones on a calendar date.

    Working days are given in each zone's local clock hours; the result is between 0 and the
    shorter day's length, rounded to a quarter hour.
    """
    local = ZoneInfo(local_zone)
    us = ZoneInfo(us_zone)
    start_a = dt.datetime.combine(on, dt.time(local_hours[0]), local)
    end_a = dt.datetime.combine(on, dt.time(local_hours[1]), local)
    start_b = dt.datetime.combine(on, dt.time(us_hours[0]), us)
    end_b = dt.datetime.combine(on, dt.time(us_hours[1]), us)
    seconds = (min(end_a, end_b) - max(start_a, start_b)).total_seconds()
    return max(0.0, round(seconds / 900) / 4)


class MetricKind(models.TextChoices):
    NUMBER = "number", _("Number")
    LEVEL = "level", _("Level 1–5")
    TEXT = "text", _("Text")


@dataclass(frozen=True)
class MetricInfo:
    """What a city metric measures and its unit.

    ``cycle_days`` is set only for figures published on a long cycle (the census every ten
    years): those are stale only after their cycle; every other figure goes stale after the
    configurable ``STALE_AFTER_DAYS``.
    """

    kind: str
    unit: str
    higher_is_better: bool | None = None
    cycle_days: int | None = None
    scale: str = ""  # how a level is read from the source's wording (level metrics)


class Metric(models.TextChoices):
    """The catalogue of city figures. ``METRIC_INFO`` holds each one's unit and cadence."""

    METRO_POPULATION = "metro_population", _("Metro population")
    CALL_CENTRE_WORKFORCE = "call_centre_workforce", _("Telephone-sales workforce")
    MIN_WAGE_DAILY = "min_wage_daily", _("Daily minimum wage")
    ENGLISH_LEVEL = "english_level", _("English proficiency")
    UNSAFE_PERCEPTION = "unsafe_perception", _("Adults who feel unsafe")
    COMPETITIVENESS = "competitiveness", _("Urban competitiveness (IMCO ICU)")
    AIRPORT = "airport", _("Airport")
    DATA_CENTRE_MW = "data_centre_mw", _("Data-centre capacity")
    MOBILE_SPEED = "mobile_speed", _("Median mobile download speed")
    STRENGTH_VOICE = "strength_voice", _("Strength: voice")
    STRENGTH_DIGITAL = "strength_digital", _("Strength: digital")
    STRENGTH_BACK_OFFICE = "strength_back_office", _("Strength: back office")
    STRENGTH_SPECIALIST = "strength_specialist", _("Strength: specialist / IT")
    BPO_PROFILE = "bpo_profile", _("BPO and CX profile")
    HIGHER_EDUCATION = "higher_education", _("Higher-education enrolment")
    AGENT_SALARY = "agent_salary", _("Agent salary")
    ATTRITION = "attrition", _("Contact-centre attrition")


# The one rule that turns EF EPI 2024 wording (IMCO's state analysis and the city results) into
# the English level: the fixtures' figures keep the source's words in ``text`` and follow this.
ENGLISH_LEVEL_RULE = _(
    "Level read from the EF EPI 2024 wording: 5 a top-3 city or top-2 state; 4 above the "
    "national average (or a top-5 city); 3 at the national average; 2 below it; 1 "
    "“very low”, the lowest state or among the worst-rated cities."
)

# Census figures: ten-year cycle plus the year INEGI takes to publish.
_CENSUS_CYCLE = 11 * 365
METRIC_INFO: dict[str, MetricInfo] = {
    Metric.METRO_POPULATION: MetricInfo(
        MetricKind.NUMBER, gettext_noop("people"), True, _CENSUS_CYCLE
    ),
    Metric.CALL_CENTRE_WORKFORCE: MetricInfo(MetricKind.NUMBER, gettext_noop("workers"), True),
    Metric.MIN_WAGE_DAILY: MetricInfo(MetricKind.NUMBER, gettext_noop("MXN/day")),
    Metric.ENGLISH_LEVEL: MetricInfo(MetricKind.LEVEL, "level 1–5", True, scale=ENGLISH_LEVEL_RULE),
    Metric.UNSAFE_PERCEPTION: MetricInfo(MetricKind.NUMBER, "%", False),
    Metric.COMPETITIVENESS: MetricInfo(MetricKind.TEXT, ""),
    Metric.AIRPORT: MetricInfo(MetricKind.TEXT, ""),
    Metric.DATA_CENTRE_MW: MetricInfo(MetricKind.NUMBER, "MW", True),
    Metric.MOBILE_SPEED: MetricInfo(MetricKind.NUMBER, "Mbps", True),
    Metric.STRENGTH_VOICE: MetricInfo(MetricKind.LEVEL, "level 1–5", True),
    Metric.STRENGTH_DIGITAL: MetricInfo(MetricKind.LEVEL, "level 1–5", True),
    Metric.STRENGTH_BACK_OFFICE: MetricInfo(MetricKind.LEVEL, "level 1–5", True),
    Metric.STRENGTH_SPECIALIST: MetricInfo(MetricKind.LEVEL, "level 1–5", True),
    Metric.BPO_PROFILE: MetricInfo(MetricKind.TEXT, ""),
    Metric.HIGHER_EDUCATION: MetricInfo(MetricKind.NUMBER, gettext_noop("students"), True),
    Metric.AGENT_SALARY: MetricInfo(MetricKind.NUMBER, gettext_noop("MXN/month")),
    Metric.ATTRITION: MetricInfo(MetricKind.NUMBER, gettext_noop("%/year"), False),
}

# The few figures that tell cities apart at a glance: the city list and the report's city page.
HEADLINE_METRICS = (
    Metric.METRO_POPULATION,
    Metric.MIN_WAGE_DAILY,
    Metric.ENGLISH_LEVEL,
    Metric.UNSAFE_PERCEPTION,
)

STRENGTH_METRICS = (
    Metric.STRENGTH_VOICE,
    Metric.STRENGTH_DIGITAL,
    Metric.STRENGTH_BACK_OFFICE,
    Metric.STRENGTH_SPECIALIST,
)


class FigureStatus(models.TextChoices):
    KNOWN = "known", _("Known")
    UNKNOWN = "unknown", _("Unknown")


class CityFigureQuerySet(models.QuerySet):
    def get_by_natural_key(self, city_name: str, metric: str) -> CityFigure:
        return self.get(city__name=city_name, metric=metric)

    def known(self) -> CityFigureQuerySet:
        return self.filter(status=FigureStatus.KNOWN)

    def unknown(self) -> CityFigureQuerySet:
        return self.filter(status=FigureStatus.UNKNOWN)


class CityFigure(models.Model):
    """One sourced figure of a city: a number, a 1–5 level or a text, or "unknown".

    ``value`` holds numbers and levels; ``text`` holds the figure as its source words it (and
    the whole value for text metrics). An unknown figure has no value and says why in ``note``;
    it is never read as zero. ``as_of`` is the date the figure describes (the first day of its
    period when the source gives a month or quarter); ``period`` keeps the source's wording.
    """

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="figures", verbose_name=_("city")
    )
    metric = models.CharField(_("metric"), max_length=40, choices=Metric.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=FigureStatus.choices, default=FigureStatus.KNOWN
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.CharField(_("as the source puts it"), max_length=500, blank=True)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="city_figures",
        null=True,
        blank=True,
        verbose_name=_("source"),
    )
    as_of = models.DateField(
        _("as of"),
        null=True,
        blank=True,
        validators=[validate_sensible_date, validate_not_future],
    )
    period = models.CharField(_("period"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords()
    objects = CityFigureQuerySet.as_manager()

    class Meta:
        ordering = ["city__name", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["city", "metric"], name="unique_city_metric"),
        ]
        verbose_name = _("city figure")
        verbose_name_plural = _("city figures")

    def __str__(self) -> str:
        return f"{self.city.display_name} · {self.get_metric_display()}: {self.display_value}"

    def natural_key(self) -> tuple[str, str]:
        return (self.city.name, self.metric)

    natural_key.dependencies = ["cities.city", "cities.source"]

    @property
    def info(self) -> MetricInfo:
        return METRIC_INFO[self.metric]

    @property
    def is_known(self) -> bool:
        return self.status == FigureStatus.KNOWN

    @property
    def display_value(self) -> str:
        if not self.is_known:
            return str(_("unknown"))
        if self.info.kind == MetricKind.TEXT or self.value is None:
            return self.text
        if self.info.kind == MetricKind.LEVEL:
            return f"{self.value:.0f} / 5"
        number = number_format(self.value.normalize(), force_grouping=True)
        # The unit in the active language ("personas", "MXN/día"); logic compares the English.
        return f"{number} {gettext(self.info.unit) if self.info.unit else ''}".strip()

    @property
    def from_weak_source(self) -> bool:
        """True when the figure cites a weak source (:attr:`Source.is_weak`)."""
        return self.source_id is not None and self.source.is_weak

    @property
    def numeric_value(self) -> Decimal | None:
        """The number a score or a fit test can use: ``None`` when unknown, text-only or from a
        weak source (the one place that keeps weak sources out of scores)."""
        return self.value if self.is_known and not self.from_weak_source else None

    @property
    def stale_after_days(self) -> int:
        """Age in days after which the figure is shown as stale (see :class:`MetricInfo`)."""
        return self.info.cycle_days or settings.STALE_AFTER_DAYS

    def is_stale(self, today: dt.date | None = None) -> bool:
        """True when a known figure's as-of date is older than ``stale_after_days``."""
        if not self.is_known or self.as_of is None:
            return False
        today = today or timezone.localdate()
        return (today - self.as_of).days > self.stale_after_days

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.metric not in METRIC_INFO:
            raise ValidationError({"metric": _("Unknown metric.")})
        kind = self.info.kind
        if self.status == FigureStatus.UNKNOWN:
            if self.value is not None:
                errors["value"] = _("An unknown figure has no value; clear it or mark it known.")
        else:
            if kind in (MetricKind.NUMBER, MetricKind.LEVEL) and self.value is None:
                errors["value"] = _("A known figure needs a value (or mark it unknown).")
            if kind == MetricKind.TEXT and not self.text.strip():
                errors["text"] = _("A known text figure needs its text.")
            if self.source_id is None:
                errors["source"] = _("A known figure must cite its source.")
            if self.as_of is None:
                errors["as_of"] = _("A known figure needs the date it describes.")
        if self.value is not None:
            if self.value < 0:
                errors["value"] = _("Figures cannot be negative.")
            elif kind == MetricKind.LEVEL and not 1 <= self.value <= 5:
                errors["value"] = _("A level is between 1 and 5.")
            elif self.info.unit == "%" and self.value > 100:
                errors["value"] = _("A percentage is at most 100.")
        if errors:
            raise ValidationError(errors)
