"""The registry of report sections: what a consultant can include, in reading order.

A :class:`Section` names its template (in :data:`PDF_TEMPLATES`) and a ``build`` function
that turns :class:`~scorecard.reports.context.ReportData` into the template's context; charts
in that context (:class:`~scorecard.reports.context.ReportChart`) are rendered in one batch
before the layout. Sections that depend on data an engagement may not have say so in
``available``; ``fingerprint`` adds what they read to the report's fingerprint.

Cost, risk, compliance and governance sections (issue 5) register themselves here with
:func:`register` once their data exists; the order numbers leave room for them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from scorecard import charts
from scorecard.domain.verdicts import tie_rule
from scorecard.formats import short_date
from scorecard.models import Aggregation
from scorecard.ranking.completeness import completeness_rule, missing_criterion_rule
from scorecard.ranking.evaluate import disagreement_rule
from scorecard.ranking.gates import gate_rule
from scorecard.ranking.verdict import rank_reversal_disclosure
from scorecard.reports.city_sections import build_cities, city_figures
from scorecard.reports.context import (
    SMAA_SAMPLES,
    ReportChart,
    ReportData,
    excerpt,
)
from scorecard.reports.cost_sections import (
    build_compliance,
    build_costs,
    build_governance,
    build_register,
    compliance_summary,
    verdict_label,
)
from scorecard.reports.decision import (
    acceptability_rule,
    build_decision,
    fx_carrier,
    summarise,
)
from scorecard.reports.sources import data_sources, source_dates, source_urls, weak_sources
from scorecard.selectors.comparisons import calibration_outcomes


@dataclass(frozen=True)
class Section:
    """A chapter of the report. ``order`` sorts sections; ``title`` is the heading and the
    label in the form; ``default`` says whether the form ticks it."""

    key: str
    title: str
    template: str
    order: int
    build: Callable[[ReportData], dict]
    default: bool = True
    available: Callable[[ReportData], bool] = lambda data: True
    fingerprint: Callable[[ReportData], object] | None = None


_REGISTRY: dict[str, Section] = {}


def register(section: Section) -> Section:
    """Add (or replace) a section of the report."""
    _REGISTRY[section.key] = section
    return section


def all_sections() -> list[Section]:
    return sorted(_REGISTRY.values(), key=lambda s: s.order)


def get_sections(keys) -> list[Section]:
    """The registered sections among ``keys``, in reading order (unknown keys dropped)."""
    wanted = set(keys)
    return [s for s in all_sections() if s.key in wanted]


def default_keys() -> list[str]:
    return [s.key for s in all_sections() if s.default]


def section_choices() -> list[tuple[str, str]]:
    return [(s.key, s.title) for s in all_sections()]


# Builders -------------------------------------------------------------------------------------


def build_summary(data: ReportData) -> dict:
    summary = summarise(data)
    return {
        "summary": summary,
        "decision": build_decision(data, summary.winner, summary.runner_up),
        "commentary": data.commentary,
        "live_notice": data.live_notice("scope", "costs", "compliance"),
    }


def build_method(data: ReportData) -> dict:
    results, inputs = data.results, data.inputs
    in_scope = defaultdict(int)
    for indicator in inputs.indicators:
        if indicator.weight > 0:
            in_scope[indicator.criterion] += 1
    dates = [d for _title, found in source_dates(data) for d in found]
    submitted = defaultdict(set)
    for row in inputs.scores.itertuples(index=False):
        submitted[row.assessor].add(row.candidate)
    assessors = sorted(
        (name, len(submitted.get(user, ()))) for user, name in inputs.assessors.items()
    )
    return {
        "criteria": [
            (c, weight, in_scope.get(c.code, 0))
            for c, weight in zip(results.criteria, data.shown_weights, strict=True)
        ],
        "weights_total": sum(data.shown_weights),
        "acceptability_rule": acceptability_rule(),
        "weighting": data.engagement.get_weighting_method_display(),
        "ahp": data.ahp,
        "aggregation": Aggregation(inputs.aggregation).label,
        "method_label": data.method_label,
        "is_topsis": results.method == "topsis",
        "disagreement_rule": disagreement_rule(inputs.disagreement_threshold),
        "completeness_rule": completeness_rule(results.min_completeness),
        "missing_criterion_rule": missing_criterion_rule(),
        "gate_rule": gate_rule(),
        "tie_rule": tie_rule(),
        "disclosure": rank_reversal_disclosure(results.method),
        "assessors": assessors,
        "gates": inputs.gates,
        "sources": data_sources(data),
        "oldest": short_date(min(dates) if dates else None),
        "newest": short_date(max(dates) if dates else None),
        "n_candidates": len(inputs.candidates),
    }


def build_results(data: ReportData) -> dict:
    results = data.results
    context = {
        "ranking": ReportChart(charts.ranking_chart(results)),
        "acceptability": None,
        "tornado": None,
        "samples": SMAA_SAMPLES,
    }
    if data.acceptability is not None:
        context["acceptability"] = ReportChart(
            charts.acceptability_chart(data.acceptability, results)
        )
        context["tornado"] = ReportChart(charts.tornado_chart(data.stability, results))
    return context


def profile_flags(data: ReportData, row) -> list[str]:
    """What a profile flags that the risk register does not: gate outcomes and assessor
    disagreement (every indicator, as the appendix lists them)."""
    flags = [*row.disqualified]
    flags += [str(_("Not verified: %(reason)s") % {"reason": r}) for r in row.unverified]
    flags += [
        str(
            _("%(gate)s waived by %(by)s: %(reason)s")
            % {"gate": w.gate_name, "by": w.waived_by or "—", "reason": w.reason}
        )
        for w in row.waivers
    ]
    flagged = data.flagged_by_candidate.get(row.candidate.id, [])
    if flagged:
        flags.append(
            str(_("Assessors disagree on: %(names)s"))
            % {"names": ", ".join(r["indicator_name"] for r in flagged)}
        )
    return flags


def build_profile(data: ReportData, row) -> dict:
    """A shortlisted candidate's full profile."""
    names = {c.code: c.name for c in data.results.criteria}
    scored = [(s, code) for code, s in row.criterion_scores.items() if s is not None]
    scored.sort(key=lambda item: (-item[0], item[1]))
    criteria = [
        {
            "name": c.name,
            "weight": weight,
            "score": row.criterion_scores.get(c.code),
            "contribution": contribution,
            "notes": data.notes_for(row.candidate.id, c.code),
        }
        for c, weight, contribution in zip(
            data.results.criteria,
            data.shown_weights,
            data.shown_contributions(row),
            strict=True,
        )
    ]
    figures = [
        (indicator.name, figure)
        for indicator in data.inputs.indicators
        if indicator.kind == "measured"
        and (figure := data.inputs.figures.get((row.candidate.id, indicator.code)))
    ]
    cost = data.cost_by_candidate.get(row.candidate.id)
    return {
        "cost": cost,
        "verdict": verdict_label(cost.verdict) if cost and cost.has_pricing else "",
        "fx_carrier": fx_carrier(cost.quote.currency) if cost and cost.has_pricing else "",
        "compliance": compliance_summary(data, row.candidate.id),
        "row": row,
        "criteria": criteria,
        "total": row.total,
        "strengths": [(names.get(code, code), s) for s, code in scored[:2] if s >= 3],
        "weaknesses": [(names.get(code, code), s) for s, code in reversed(scored[-2:]) if s < 3],
        "flags": profile_flags(data, row),
        "credentials": data.credentials.get(row.candidate.id, []),
        "figures": figures,
    }


def summary_line(data: ReportData, row) -> dict:
    """A candidate outside the shortlist on one line of the summary table."""
    cost = data.cost_by_candidate.get(row.candidate.id)
    compliance = compliance_summary(data, row.candidate.id)
    return {
        "row": row,
        "cost": cost.tco.base.total if cost and cost.has_pricing else None,
        "verdict": verdict_label(cost.verdict) if cost and cost.has_pricing else "",
        "compliance": compliance,
        "flags": len(compliance["flags"]) if compliance else 0,
        "reason": excerpt(
            "; ".join(row.disqualified) or "; ".join(profile_flags(data, row)[:1]), 140
        ),
    }


def build_profiles(data: ReportData) -> dict:
    """Full profiles of the shortlist; one summary line for every other candidate."""
    shortlist = set(data.shortlist)
    rows = data.results.rows
    return {
        "profiles": [build_profile(data, row) for row in rows if row.candidate.id in shortlist],
        "others": [summary_line(data, row) for row in rows if row.candidate.id not in shortlist],
        "shortlist_size": len(shortlist),
        "live_notice": data.live_notice("costs", "compliance"),
        "weights_total": sum(data.shown_weights),
    }


def build_appendix(data: ReportData) -> dict:
    from scorecard.reports.datapack import method_rows

    names = {c.code: c.name for c in data.results.criteria}
    urls = source_urls(data)
    weak = weak_sources(data)
    assessors = sorted(data.inputs.assessors.values())
    by_candidate = defaultdict(list)
    for row in data.agreement:
        shown = {name: score for name, score, _note in row["answers"]}
        by_candidate[row["candidate"]].append(
            {
                "indicator": row["indicator_name"],
                "scores": [shown.get(name, "") for name in assessors],
                "spread": row["spread"],
                "flagged": row["flagged"],
            }
        )
    return {
        "assessors": assessors,
        "scores": sorted(by_candidate.items()),
        "excluded": data.results.excluded,
        "insufficient": data.results.insufficient,
        "disagreement_rule": disagreement_rule(data.inputs.disagreement_threshold),
        "sources": [
            (title, dates, urls.get(title, ""), weak.get(title, ""))
            for title, dates in data_sources(data)
        ],
        "reproduce": [(item, value) for item, value in method_rows(data, "")[2:] if value],
        "indicators": [
            (i, names.get(i.criterion, i.criterion)) for i in data.inputs.indicators if i.weight > 0
        ],
        "ahp_matrix": data.ahp_matrix,
        "calibration": calibration_outcomes(data.results, data.agreement),
        "cities": city_figures(data) if "cities" in data.sections else None,
    }


# The PDF document's templates, beside the report pages' (``templates/scorecard/reports/``).
PDF_TEMPLATES = "scorecard/reports/pdf"


register(
    Section("summary", _("Executive summary"), f"{PDF_TEMPLATES}/summary.html", 10, build_summary)
)
register(Section("method", _("Scope and method"), f"{PDF_TEMPLATES}/method.html", 20, build_method))
register(Section("results", _("Results"), f"{PDF_TEMPLATES}/results.html", 30, build_results))


register(Section("cities", _("City comparison"), f"{PDF_TEMPLATES}/cities.html", 40, build_cities))
register(
    Section(
        "profiles", _("Candidate profiles"), f"{PDF_TEMPLATES}/profiles.html", 50, build_profiles
    )
)
register(
    Section("costs", _("Costs and value for money"), f"{PDF_TEMPLATES}/costs.html", 60, build_costs)
)
register(
    Section(
        "compliance",
        _("Compliance due diligence"),
        f"{PDF_TEMPLATES}/compliance.html",
        65,
        build_compliance,
    )
)
register(
    Section("register", _("Risk register"), f"{PDF_TEMPLATES}/register.html", 70, build_register)
)
register(
    Section(
        "governance",
        _("Governance recommendations"),
        f"{PDF_TEMPLATES}/governance.html",
        80,
        build_governance,
    )
)
register(Section("appendix", _("Appendix"), f"{PDF_TEMPLATES}/appendix.html", 90, build_appendix))
