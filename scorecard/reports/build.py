"""Build a report: data → fingerprint → charts (one batch) → HTML → PDF under limits.

:func:`build_report` is what the background job and ``manage.py export_report`` call; it
reports progress through a callback and returns the PDF with its page count, fingerprint and
the time each stage took (the benchmark prints them).
"""

from __future__ import annotations

import base64
import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from scorecard.models import Decision, Engagement, ReportLanguage
from scorecard.reports import chart_images
from scorecard.reports.context import ReportChart, ReportData
from scorecard.reports.fetcher import static_file_url, static_roots
from scorecard.reports.fingerprint import app_version, compute_fingerprint
from scorecard.reports.layout import LayoutResult, layout_pdf, write_pdf
from scorecard.reports.sections import PDF_TEMPLATES, all_sections, get_sections

Progress = Callable[[int, str], None]


@dataclass
class BuiltReport:
    pdf: bytes
    pages: int
    fingerprint: str
    html: str
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    charts_drawn: bool = True
    data_pack: bytes = b""  # the XLSX of every input (only when asked for)
    deck: bytes = b""  # the PPTX executive deck (only when asked for, with a summary)


def _no_progress(percent: int, step: str) -> None:
    pass


def _logo_data_uri(engagement: Engagement) -> str:
    """The client logo inlined as a data: URI (uploads are re-encoded images; the fetcher
    would refuse a file:// URL to private storage anyway)."""
    if not engagement.client_logo:
        return ""
    name = engagement.client_logo.name.lower()
    mime = "image/png" if name.endswith(".png") else "image/jpeg"
    if name.endswith(".webp"):
        mime = "image/webp"
    with engagement.client_logo.open("rb") as file:
        encoded = base64.b64encode(file.read()).decode("ascii")
    return f"data:{mime};base64,{encoded}"


def _charts_in(contexts: dict[str, dict]) -> list[ReportChart]:
    found = []
    for context in contexts.values():
        for value in context.values():
            if isinstance(value, ReportChart):
                found.append(value)
    return found


def render_charts(charts: list[ReportChart]) -> bool:
    """Draw every chart in one batch; ``False`` when charts fell back to their tables."""
    svgs = chart_images.render_svgs([c.chart.figure for c in charts])
    for chart, svg in zip(charts, svgs, strict=True):
        chart.svg = svg
        if svg is not None:
            encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
            chart.data_uri = f"data:image/svg+xml;base64,{encoded}"
    return all(svg is not None for svg in svgs)


def _base_context(data: ReportData, fingerprint: str) -> dict:
    keywords = [data.engagement.reference, data.engagement.client_name, _("BPO"), _("Mexico")]
    return {
        "data": data,
        "engagement": data.engagement,
        "results": data.results,
        "fingerprint": fingerprint,
        "short_fingerprint": fingerprint[:12],
        "app_version": app_version(),
        "logo": _logo_data_uri(data.engagement),
        "stylesheet": static_file_url("report/report.css"),
        "keywords": ", ".join(keywords),
        "winner": data.results.winner,
        "chart_problem": chart_images.browser_problem(),
    }


def render_html(data: ReportData, contexts: dict[str, dict], fingerprint: str) -> str:
    sections = []
    for section in get_sections(data.sections):
        sections.append((section, contexts[section.key]))
        if section.key == "summary" and SECOND_SUMMARY in contexts:
            sections.append(contexts[SECOND_SUMMARY]["section"])
    return render_to_string(
        f"{PDF_TEMPLATES}/report.html",
        {**_base_context(data, fingerprint), "sections": sections},
    )


# The key of the Spanish executive summary that follows the English one in a bilingual report.
SECOND_SUMMARY = "summary-es-mx"


def _second_summary_data(data: ReportData) -> ReportData:
    """The data of a bilingual report read again in Spanish, so that every label, name and
    number format of the second summary is Spanish (the cached ranking is per language)."""
    with translation.override(ReportLanguage.ES_MX):
        return ReportData(
            data.engagement,
            sections=["summary"],
            commentary=data.commentary,
            version=data.version,
            author=data.author,
            generated_at=data.generated_at,
            language=ReportLanguage.ES_MX,
            decision=data.decision,
            client_edition=data.client_edition,
        )


def _render_second_summary(second: ReportData, context: dict, fingerprint: str) -> dict:
    """The Spanish summary, rendered in Spanish, as a section of the (English) report."""
    (summary,) = get_sections(["summary"])
    with translation.override(ReportLanguage.ES_MX):
        html = render_to_string(
            summary.template, {**_base_context(second, fingerprint), "ctx": context}
        )
        section = dataclasses.replace(
            summary,
            key=SECOND_SUMMARY,
            title=str(summary.title),
            template=f"{PDF_TEMPLATES}/_translated_section.html",
        )
    return {"section": (section, {"html": html, "lang": "es-MX"})}


def build_report(
    engagement: Engagement,
    *,
    sections: list[str] | None = None,
    commentary: str = "",
    version: int = 1,
    author: str = "",
    language: str = ReportLanguage.EN,
    progress: Progress = _no_progress,
    isolated: bool = True,
    data_pack: bool = False,
    deck: bool = False,
    decision: Decision | None = None,
    client_edition: bool = False,
) -> BuiltReport:
    """Build the PDF of ``engagement`` with ``sections`` (registry keys; all by default).

    ``language`` is a :class:`~scorecard.models.ReportLanguage`: the report is written inside
    ``translation.override`` of it (``both``: English, the executive summary followed by its
    Spanish version). ``isolated`` lays out in a limited child process (the default); the
    benchmark passes ``False`` to time WeasyPrint alone. Raises
    ``scorecard.reports.layout.LayoutError`` when the layout does not fit the limits.
    ``data_pack`` adds the XLSX of every input (:mod:`scorecard.reports.datapack`), ``deck``
    the PPTX executive deck (:mod:`scorecard.reports.deck`, when the summary is among the
    sections); ``decision``
    builds from that published decision's frozen results.
    """
    options = {
        "commentary": commentary,
        "version": version,
        "author": author,
        "decision": decision,
        "client_edition": client_edition,
    }
    extras = {"data_pack": data_pack, "deck": deck}
    primary = ReportLanguage.ES_MX if language == ReportLanguage.ES_MX else ReportLanguage.EN
    with translation.override(primary):
        return _build_report(engagement, sections, language, options, progress, isolated, extras)


def _build_report(
    engagement: Engagement,
    sections: list[str] | None,
    language: str,
    options: dict,
    progress: Progress,
    isolated: bool,
    extras: dict,
) -> BuiltReport:
    timings: dict[str, float] = {}
    keys = [s.key for s in get_sections(sections)] if sections else [s.key for s in all_sections()]
    start = time.perf_counter()
    progress(5, _("Reading scores and weights"))
    data = ReportData(
        engagement,
        sections=keys,
        generated_at=timezone.now(),
        language=language,
        **options,
    )
    contexts = {}
    chosen = get_sections(keys)
    for i, section in enumerate(chosen):
        progress(
            10 + 30 * i // max(1, len(chosen)),
            _("Preparing “%(section)s”") % {"section": section.title},
        )
        contexts[section.key] = section.build(data)
    second = None
    if language == ReportLanguage.BOTH and "summary" in contexts:
        second = _second_summary_data(data)
        with translation.override(ReportLanguage.ES_MX):
            contexts[SECOND_SUMMARY] = get_sections(["summary"])[0].build(second)
    fingerprint = compute_fingerprint(data)
    timings["data"] = time.perf_counter() - start

    start = time.perf_counter()
    progress(40, _("Drawing charts"))
    charts = _charts_in(contexts)
    drawn = render_charts(charts) if charts else True
    timings["charts"] = time.perf_counter() - start

    start = time.perf_counter()
    progress(55, _("Writing the report"))
    if second is not None:
        contexts[SECOND_SUMMARY] = _render_second_summary(
            second, contexts[SECOND_SUMMARY], fingerprint
        )
    html = render_html(data, contexts, fingerprint)
    timings["html"] = time.perf_counter() - start

    progress(65, _("Laying out pages"))
    roots = static_roots()
    if isolated:
        result: LayoutResult = layout_pdf(
            html,
            roots,
            timeout=settings.REPORT_TIMEOUT_SECONDS,
            memory_mb=settings.REPORT_MEMORY_MB,
            stylesheet=static_file_url("report/report.css"),
        )
    else:
        result = write_pdf(html, roots)
    timings["layout"] = result.seconds
    built = BuiltReport(
        pdf=result.pdf,
        pages=result.pages,
        fingerprint=fingerprint,
        html=html,
        timings=timings,
        charts_drawn=drawn,
    )
    _add_extras(built, data, contexts, **extras)
    return built


def _add_extras(
    built: BuiltReport, data: ReportData, contexts: dict, *, data_pack: bool, deck: bool
) -> None:
    """The data pack and the executive deck, from the same data and fingerprint."""
    fingerprint = built.fingerprint
    if data_pack:
        from scorecard.reports.datapack import build_data_pack

        built.data_pack = build_data_pack(data, fingerprint)
    if deck and "summary" in contexts:
        from scorecard.reports.deck import build_deck

        built.deck = build_deck(data, contexts["summary"], fingerprint)
