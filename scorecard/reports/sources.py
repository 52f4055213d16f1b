"""The sources a report cites: each named once (as measured figures name it, "code: title"),
with its as-of dates, its address and, for a weak source, why it is weak. The report's
appendix and the data pack both read these."""

from __future__ import annotations

from collections import defaultdict

from scorecard.formats import short_date
from scorecard.reports.context import ReportData


def data_sources(data: ReportData) -> list[tuple[str, list[str]]]:
    """Every source of a reference figure the report uses, with its as-of dates (oldest first,
    in the report language's short date format)."""
    return [(title, [short_date(d) for d in dates]) for title, dates in source_dates(data)]


def source_dates(data: ReportData) -> list[tuple[str, list]]:
    found: dict[str, set] = defaultdict(set)
    for figure in data.inputs.figures.values():
        if figure.source:
            found[figure.source].update([figure.as_of] if figure.as_of else [])
    for figure in _city_figures_with_source(data):
        found[str(figure.source)].update([figure.as_of] if figure.as_of else [])
    return sorted((title, sorted(dates)) for title, dates in found.items())


def _city_figures_with_source(data: ReportData):
    """City figures that cite a source. A source is named as measured figures name it
    (``str(source)``, "code: title"), so one source is listed once, whichever figure cites it."""
    for figures in data.cities.figures.values():
        for figure in figures.values():
            if figure.source_id:
                yield figure


def source_urls(data: ReportData) -> dict[str, str]:
    """The address of each source :func:`data_sources` lists (by name; "" when none)."""
    urls = {f.source: f.source_url for f in data.inputs.figures.values() if f.source}
    for figure in _city_figures_with_source(data):
        urls[str(figure.source)] = figure.source.url or ""
    return urls


def weak_sources(data: ReportData) -> dict[str, str]:
    """Why each weak source :func:`data_sources` lists is weak (by name); others are absent."""
    return {
        str(figure.source): figure.source.weak_reason
        for figure in _city_figures_with_source(data)
        if figure.from_weak_source
    }
