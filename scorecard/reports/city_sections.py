"""Builders of the city comparison section and the appendix's city figures (registered in
``sections``)."""

from __future__ import annotations

from cities.models import HEADLINE_METRICS, METRIC_INFO
from scorecard import charts
from scorecard.reports.context import ReportChart, ReportData

# Five cities per table keep every column readable on an A4 page.
CITY_COLUMNS = 5


def city_figures(data: ReportData) -> dict:
    """The candidates' delivery cities (primary sites), the figures known for at least one of
    them, and the fit reasons that are settled (unknown strengths are counted, not listed)."""
    comparison = data.cities
    primary = {c.city_slug for c in data.inputs.candidates}
    cities = [city for city in comparison.cities if city.slug in primary]
    known = [
        (metric, label)
        for metric, label in comparison.metrics
        if any(
            (figure := comparison.figures[city.pk].get(metric)) is not None and figure.is_known
            for city in cities
        )
    ]
    fit = {
        city.pk: [(ok, reason) for ok, reason in comparison.fit[city.pk] if ok is not None]
        for city in cities
    }
    return {
        "comparison": comparison,
        "cities": cities,
        "groups": [cities[i : i + CITY_COLUMNS] for i in range(0, len(cities), CITY_COLUMNS)],
        "metrics": known,
        "scales": [(label, METRIC_INFO[m].scale) for m, label in known if METRIC_INFO[m].scale],
        "fit": fit,
        "unknown_fit": sum(
            1 for city in cities for ok, _reason in comparison.fit[city.pk] if ok is None
        ),
        "left_out": len(comparison.metrics) + len(comparison.empty_metrics) - len(known),
    }


def build_cities(data: ReportData) -> dict:
    """The delivery cities on a map, and their headline figures and fit counts; every figure
    with its source stays here unless the appendix is chosen, which then carries them."""
    figures = city_figures(data)
    headline_labels = {label for m, label in figures["metrics"] if m in HEADLINE_METRICS}
    cities = figures["cities"]
    city_map = charts.city_map_chart(cities, figures["comparison"].candidates) if cities else None
    return {
        **figures,
        "city_map": ReportChart(city_map) if city_map else None,
        "headline": [(m, label) for m, label in figures["metrics"] if m in HEADLINE_METRICS],
        "headline_scales": [
            (label, scale) for label, scale in figures["scales"] if label in headline_labels
        ],
        "fit_counts": {
            pk: (sum(1 for ok, _r in reasons if ok), sum(1 for ok, _r in reasons if not ok))
            for pk, reasons in figures["fit"].items()
        },
        "full_in_appendix": "appendix" in data.sections,
    }
