"""The cities of an engagement's shortlist compared: figures, who delivers from each, and how
well each fits the engagement's tier, functions and channels.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cities.models import City, CityFigure, Metric, tier_suits
from scorecard.models import (
    Engagement,
)
from scorecard.ranking.measures import US_EASTERN

# Which city strength figure speaks for each in-scope function or channel.
STRENGTH_FOR_FUNCTION = {
    "customer-care": Metric.STRENGTH_VOICE,
    "sales": Metric.STRENGTH_VOICE,
    "collections": Metric.STRENGTH_VOICE,
    "tech-support": Metric.STRENGTH_SPECIALIST,
    "it-services": Metric.STRENGTH_SPECIALIST,
    "analytics": Metric.STRENGTH_SPECIALIST,
    "finance-accounting": Metric.STRENGTH_BACK_OFFICE,
    "hr-admin": Metric.STRENGTH_BACK_OFFICE,
    "back-office": Metric.STRENGTH_BACK_OFFICE,
    "trust-safety": Metric.STRENGTH_DIGITAL,
}
STRENGTH_FOR_CHANNEL = {
    "voice": Metric.STRENGTH_VOICE,
    "chat": Metric.STRENGTH_DIGITAL,
    "email": Metric.STRENGTH_DIGITAL,
    "social": Metric.STRENGTH_DIGITAL,
    "messaging": Metric.STRENGTH_DIGITAL,
    "video": Metric.STRENGTH_DIGITAL,
}


def tier_fits(city_tier: str, needed_tier: str) -> bool:
    """A city suits work of its own complexity tier and below (:func:`cities.models.tier_suits`)."""
    return tier_suits(city_tier, needed_tier)


@dataclass(frozen=True)
class CityComparison:
    cities: list[City]  # the candidates' cities first (most candidates first), then preferred
    metrics: list[tuple[str, str]]  # (metric, label) known for at least one of the cities
    empty_metrics: list[tuple[str, str]]  # (metric, label) known for none of them
    figures: dict[int, dict[str, CityFigure]]  # city id -> metric -> figure
    candidates: dict[int, list[str]]  # city id -> candidate labels delivering from it
    fit: dict[int, list[tuple[bool | None, str]]]  # city id -> (fits?, reason)


def city_comparison(engagement: Engagement) -> CityComparison:
    """The cities of the shortlist (and the preferred ones) with their figures and fit."""
    candidates = list(
        engagement.candidates.select_related("provider", "primary_site__city").prefetch_related(
            "sites"
        )
    )
    city_ids = {site.city_id for c in candidates for site in c.sites.all()}
    city_ids |= {c.primary_site.city_id for c in candidates}
    city_ids |= set(engagement.preferred_cities.values_list("pk", flat=True))
    cities = list(City.objects.filter(pk__in=city_ids).with_figures().order_by("name"))
    delivering: dict[int, list[str]] = defaultdict(list)
    for candidate in candidates:
        for city_id in {site.city_id for site in candidate.sites.all()}:
            delivering[city_id].append(candidate.label)
    functions = list(engagement.functions.values_list("code", "name"))
    channels = list(engagement.channels.values_list("code", "name"))
    strengths = {STRENGTH_FOR_FUNCTION[c] for c, _n in functions if c in STRENGTH_FOR_FUNCTION}
    strengths |= {STRENGTH_FOR_CHANNEL[c] for c, _n in channels if c in STRENGTH_FOR_CHANNEL}
    figures = {}
    fit = {}
    for city in cities:
        by_metric = city.figures_by_metric()
        figures[city.pk] = by_metric
        reasons = [
            (
                tier_fits(city.complexity_tier, engagement.complexity_tier),
                capfirst(
                    _("%(tier)s city for %(needed)s work")
                    % {
                        "tier": city.get_complexity_tier_display().lower(),
                        "needed": engagement.get_complexity_tier_display().lower(),
                    }
                ),
            )
        ]
        for metric in sorted(strengths):
            figure = by_metric.get(metric)
            label = Metric(metric).label
            if figure is None or figure.numeric_value is None:
                reasons.append((None, _("%(strength)s: unknown") % {"strength": label}))
            else:
                level = int(figure.numeric_value)
                reasons.append((level >= 3, f"{label}: {level}/5"))
        eastern = city.us_overlap_hours(US_EASTERN, engagement.as_of)
        reasons.append(
            (
                eastern >= 6,
                _("%(hours)s h overlap with US Eastern business hours") % {"hours": f"{eastern:g}"},
            )
        )
        fit[city.pk] = reasons
    cities.sort(key=lambda city: (-len(delivering.get(city.pk, ())), city.display_name))
    known = {
        metric
        for by_metric in figures.values()
        for metric, figure in by_metric.items()
        if figure.is_known
    }
    return CityComparison(
        cities=cities,
        metrics=[(metric, label) for metric, label in Metric.choices if metric in known],
        empty_metrics=[(metric, label) for metric, label in Metric.choices if metric not in known],
        figures=figures,
        candidates=dict(delivering),
        fit=fit,
    )
