"""The one place that turns ORM rows into what views and the engine need.

Queries live here with their select_related/prefetch_related, so a view's query count does
not grow with the number of candidates, assessments or scores.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from cities.models import City, CityFigure, Metric
from scorecard.models import Assessment, AssessmentStatus, Candidate, Engagement, ScoreStatus


@dataclass(frozen=True)
class EngagementOverview:
    candidates: list[Candidate]  # annotated with n_submitted and n_draft assessments
    my_assessments: dict[int, Assessment]  # by candidate id
    n_members: int


def get_engagement_overview(engagement: Engagement, *, user) -> EngagementOverview:
    """Candidates with assessment progress, and the user's own assessments."""
    candidates = list(
        engagement.candidates.with_sites().annotate(
            n_submitted=Count(
                "assessments", filter=Q(assessments__status=AssessmentStatus.SUBMITTED)
            ),
            n_draft=Count("assessments", filter=Q(assessments__status=AssessmentStatus.DRAFT)),
        )
    )
    mine = Assessment.objects.filter(candidate__engagement=engagement, assessor=user)
    return EngagementOverview(
        candidates=candidates,
        my_assessments={a.candidate_id: a for a in mine},
        n_members=engagement.memberships.count(),
    )


# --- Results pages -------------------------------------------------------------------------

_TIER_ORDER = {"low": 0, "medium": 1, "high": 2}

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
    """A city suits work of its own complexity tier and below."""
    return _TIER_ORDER.get(city_tier, 0) >= _TIER_ORDER.get(needed_tier, 0)


def _scored(records: list[tuple]) -> list[float]:
    return [score for _assessor, score, status in records if status == ScoreStatus.SCORED]


def _aggregate(values: list[float], how: str) -> float | None:
    if not values:
        return None
    return float(statistics.median(values) if how == "median" else statistics.fmean(values))


def _by_candidate_indicator(results) -> dict[tuple[int, str], list[tuple]]:
    grouped: dict[tuple[int, str], list[tuple]] = defaultdict(list)
    for row in results.inputs.scores.itertuples(index=False):
        score = None if row.score != row.score else float(row.score)
        grouped[(row.candidate, row.indicator)].append((row.assessor, score, row.status))
    return grouped


def agreement_rows(results) -> list[dict]:
    """One row per candidate × rated indicator with every assessor's answer and the spread
    (highest minus lowest score; ``None`` with fewer than two scores)."""
    inputs = results.inputs
    grouped = _by_candidate_indicator(results)
    threshold = inputs.disagreement_threshold
    rows = []
    for candidate in inputs.candidates:
        for indicator in inputs.indicators:
            if indicator.kind != "rated" or indicator.weight <= 0:
                continue
            records = sorted(
                grouped.get((candidate.id, indicator.code), []),
                key=lambda r: inputs.assessors.get(r[0], ""),
            )
            if not records:
                continue
            scores = _scored(records)
            spread = max(scores) - min(scores) if len(scores) >= 2 else None
            answers = [
                (
                    inputs.assessors.get(assessor, ""),
                    f"{score:g}" if score is not None else str(ScoreStatus(status).label),
                    inputs.notes.get((candidate.id, indicator.code, assessor), ("", ""))[0],
                )
                for assessor, score, status in records
            ]
            rows.append(
                {
                    "candidate_id": candidate.id,
                    "candidate": candidate.label,
                    "indicator": indicator.code,
                    "indicator_name": indicator.name,
                    "criterion": indicator.criterion,
                    "spread": spread,
                    "flagged": spread is not None and spread >= threshold,
                    "answers": answers,
                    "scores_text": ", ".join(f"{name}: {shown}" for name, shown, _n in answers),
                }
            )
    return rows


def compare_rows(results, candidate_ids: list[int]) -> list[dict]:
    """Indicator-by-indicator comparison of a few candidates: the combined score (or the
    measured figure) and each assessor's note."""
    inputs = results.inputs
    grouped = _by_candidate_indicator(results)
    criteria = {c.code: c.name for c in inputs.criteria}
    rows = []
    for indicator in inputs.indicators:
        if indicator.weight <= 0:
            continue
        cells = []
        for cid in candidate_ids:
            if indicator.kind == "measured":
                figure = inputs.figures.get((cid, indicator.code))
                value = None
                if figure is not None and figure.value is not None:
                    value = inputs.value_functions[indicator.code](figure.value)
                cells.append(
                    {
                        "value": value,
                        "shown": figure.display if figure else "",
                        "notes": [(figure.source, "")] if figure and figure.source else [],
                        "spread": None,
                    }
                )
                continue
            records = grouped.get((cid, indicator.code), [])
            scores = _scored(records)
            cells.append(
                {
                    "value": _aggregate(scores, inputs.aggregation),
                    "shown": ", ".join(
                        f"{score:g}" if score is not None else str(ScoreStatus(status).label)
                        for _a, score, status in records
                    ),
                    "notes": [
                        (inputs.assessors.get(assessor, ""), note)
                        for assessor, _s, _st in records
                        if (note := inputs.notes.get((cid, indicator.code, assessor), ("", ""))[0])
                    ],
                    "spread": max(scores) - min(scores) if len(scores) >= 2 else None,
                }
            )
        rows.append(
            {"indicator": indicator, "criterion": criteria[indicator.criterion], "cells": cells}
        )
    return rows


@dataclass(frozen=True)
class CityComparison:
    cities: list[City]
    metrics: list[tuple[str, str]]  # (metric, label)
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
                _("%(tier)s city for %(needed)s work")
                % {
                    "tier": city.get_complexity_tier_display(),
                    "needed": engagement.get_complexity_tier_display().lower(),
                },
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
        eastern = city.overlap_us_eastern
        reasons.append(
            (
                eastern >= 6,
                _("%(hours)s h overlap with US Eastern business hours") % {"hours": f"{eastern:g}"},
            )
        )
        fit[city.pk] = reasons
    return CityComparison(
        cities=cities,
        metrics=list(Metric.choices),
        figures=figures,
        candidates=dict(delivering),
        fit=fit,
    )
