"""Read queries for pages: engagement overview, assessment progress and history, cities, and
the agreement and comparison tables built from a ranking.

Queries live here with their select_related/prefetch_related, so a view's query count does
not grow with the number of candidates, assessments or scores. Rankings themselves (engine
inputs and results) come from :mod:`scorecard.ranking`; the tables here read the engine's
spreads and flags from :attr:`scorecard.ranking.evaluate.Results.indicator_table`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cities.models import City, CityFigure, Metric, tier_suits
from scorecard.models import (
    Assessment,
    AssessmentStatus,
    Candidate,
    Criterion,
    CriterionWeight,
    Engagement,
    Evidence,
    Indicator,
    IndicatorWeight,
    Score,
    ScoreStatus,
)


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


def _by_candidate_indicator(results) -> dict[tuple[int, str], list[tuple]]:
    grouped: dict[tuple[int, str], list[tuple]] = defaultdict(list)
    for row in results.inputs.scores.itertuples(index=False):
        score = None if row.score != row.score else float(row.score)
        grouped[(row.candidate, row.indicator)].append((row.assessor, score, row.status))
    return grouped


def _engine_spreads(results) -> dict[tuple[int, str], tuple[float | None, bool]]:
    """(candidate, indicator) → (spread, flagged) as the engine computed them
    (:func:`scorecard.engine.aggregate_assessments`); the spread is ``None`` with fewer than
    two scores."""
    return {key: (spread, flagged) for key, (_v, spread, flagged) in _engine_cells(results).items()}


def _engine_cells(results) -> dict[tuple[int, str], tuple[float | None, float | None, bool]]:
    """(candidate, indicator) → (0–5 value, spread, flagged) from the engine's indicator table:
    the combined score of the assessors (or the measured figure's value) with ``None`` for no
    data, the spread (``None`` with fewer than two scores) and the disagreement flag."""
    table = results.indicator_table
    if table is None:
        return {}
    return {
        (row.candidate, row.indicator): (
            None if row.value != row.value else float(row.value),
            float(row.spread) if row.n_scored >= 2 else None,
            bool(row.flagged),
        )
        for row in table.itertuples(index=False)
    }


def agreement_rows(results) -> list[dict]:
    """One row per candidate × rated indicator with every assessor's answer, the spread
    (highest minus lowest score; ``None`` with fewer than two scores) and the disagreement
    flag, both read from the engine's result."""
    inputs = results.inputs
    grouped = _by_candidate_indicator(results)
    spreads = _engine_spreads(results)
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
            spread, flagged = spreads.get((candidate.id, indicator.code), (None, False))
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
                    "flagged": flagged,
                    "answers": answers,
                    "scores_text": ", ".join(f"{name}: {shown}" for name, shown, _n in answers),
                }
            )
    return rows


def compare_rows(results, candidate_ids: list[int]) -> list[dict]:
    """Indicator-by-indicator comparison of a few candidates: the combined score (or the
    measured figure's value), the spread and flag as the engine computed them, and each
    assessor's answer and note."""
    inputs = results.inputs
    grouped = _by_candidate_indicator(results)
    cells_by_key = _engine_cells(results)
    criteria = {c.code: c.name for c in inputs.criteria}
    rows = []
    for indicator in inputs.indicators:
        if indicator.weight <= 0:
            continue
        cells = []
        for cid in candidate_ids:
            value, spread, flagged = cells_by_key.get((cid, indicator.code), (None, None, False))
            if indicator.kind == "measured":
                figure = inputs.figures.get((cid, indicator.code))
                cells.append(
                    {
                        "value": value,
                        "shown": figure.display if figure else "",
                        "notes": [(figure.source, "")] if figure and figure.source else [],
                        "spread": None,
                        "flagged": False,
                    }
                )
                continue
            records = grouped.get((cid, indicator.code), [])
            cells.append(
                {
                    "value": value,
                    "shown": ", ".join(
                        f"{score:g}" if score is not None else str(ScoreStatus(status).label)
                        for _a, score, status in records
                    ),
                    "notes": [
                        (inputs.assessors.get(assessor, ""), note)
                        for assessor, _s, _st in records
                        if (note := inputs.notes.get((cid, indicator.code, assessor), ("", ""))[0])
                    ],
                    "spread": spread,
                    "flagged": flagged,
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


def indicators_in_scope(engagement: Engagement) -> QuerySet[Indicator]:
    """Catalogue indicators that count in ``engagement``.

    An indicator is out of scope when the engagement weights it 0, or weights its criterion
    0. An indicator without a weight row (added to the catalogue after the engagement was
    created) is in scope: it keeps its catalogue default until someone says otherwise.
    """
    return Indicator.objects.exclude(
        pk__in=IndicatorWeight.objects.filter(engagement=engagement, weight=0).values(
            "indicator_id"
        )
    ).exclude(
        criterion__in=CriterionWeight.objects.filter(engagement=engagement, weight=0).values(
            "criterion_id"
        )
    )


def criteria_in_scope(engagement: Engagement) -> QuerySet[Criterion]:
    """Criteria with at least one indicator in scope, in catalogue order (one query)."""
    return Criterion.objects.filter(
        pk__in=indicators_in_scope(engagement).values("criterion_id")
    ).order_by("order", "code")


@dataclass
class CriterionProgress:
    """How far an assessment is in one criterion: rated indicators in scope and answers."""

    criterion: Criterion
    rated: list[Indicator]
    missing: list[Indicator] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rated)

    @property
    def answered(self) -> int:
        return self.total - len(self.missing)

    @property
    def is_complete(self) -> bool:
        return not self.missing


def get_assessment_progress(assessment: Assessment) -> list[CriterionProgress]:
    """Per criterion in scope: rated indicators, and those without an answer (three queries)."""
    engagement = assessment.candidate.engagement
    criteria = criteria_in_scope(engagement).prefetch_related(
        Prefetch(
            "indicators",
            queryset=indicators_in_scope(engagement).rated().order_by("order", "code"),
            to_attr="rated_in_scope",
        )
    )
    answered = set(assessment.scores.values_list("indicator_id", flat=True))
    return [
        CriterionProgress(
            criterion=criterion,
            rated=criterion.rated_in_scope,
            missing=[i for i in criterion.rated_in_scope if i.pk not in answered],
        )
        for criterion in criteria
    ]


@dataclass(frozen=True)
class AssessmentList:
    candidates: list[Candidate]
    assessments: list[Assessment]  # annotated with n_answered (rated indicators in scope)
    mine: dict[int, Assessment]  # the user's own, by candidate id
    n_rated: int  # rated indicators in scope: what "complete" means


def get_assessment_list(engagement: Engagement, *, user, everyone: bool) -> AssessmentList:
    """Assessments of ``engagement`` with progress: the user's own, or ``everyone``'s.

    Four queries whatever the number of candidates, assessments and scores.
    """
    rated = indicators_in_scope(engagement).rated()
    assessments = (
        Assessment.objects.filter(candidate__engagement=engagement)
        .select_related("assessor", "candidate__provider", "candidate__primary_site__city")
        .annotate(n_answered=Count("scores", filter=Q(scores__indicator__in=rated.values("pk"))))
        .order_by("candidate__provider__trade_name", "candidate__primary_site__city__name")
    )
    if not everyone:
        assessments = assessments.filter(assessor=user)
    assessments = list(assessments)
    candidates = list(engagement.candidates.select_related("provider", "primary_site__city"))
    return AssessmentList(
        candidates=candidates,
        assessments=assessments,
        mine={a.candidate_id: a for a in assessments if a.assessor_id == user.pk},
        n_rated=rated.count(),
    )


@dataclass(frozen=True)
class CriterionSheet:
    """What the form of one criterion needs: indicators in scope, answers, evidence."""

    criterion: Criterion
    rated: list[Indicator]  # with rubric_levels prefetched
    measured: list[Indicator]
    scores: dict[int, Score]  # by indicator id (with updated_by)
    evidence: dict[int, list[Evidence]]  # by indicator id


def get_criterion_sheet(assessment: Assessment, criterion: Criterion) -> CriterionSheet:
    """Indicators of ``criterion`` in scope with rubric levels, the assessment's scores and
    evidence for them. Four queries, whatever the number of indicators and files."""
    engagement = assessment.candidate.engagement
    indicators = list(
        indicators_in_scope(engagement)
        .filter(criterion=criterion)
        .prefetch_related("rubric_levels")
        .order_by("order", "code")
    )
    scores = {
        score.indicator_id: score
        for score in assessment.scores.filter(indicator__criterion=criterion).select_related(
            "updated_by"
        )
    }
    evidence: dict[int, list[Evidence]] = {}
    for item in Evidence.objects.filter(
        score__assessment=assessment, score__indicator__criterion=criterion
    ).select_related("score", "uploaded_by"):
        evidence.setdefault(item.score.indicator_id, []).append(item)
    return CriterionSheet(
        criterion=criterion,
        rated=[i for i in indicators if not i.is_measured],
        measured=[i for i in indicators if i.is_measured],
        scores=scores,
        evidence=evidence,
    )


@dataclass(frozen=True)
class HistoryEvent:
    """One saved change: who, when, to what, and each field's previous → new value."""

    when: datetime
    who: object  # the user, or None when unknown (a script, a deleted user)
    subject: str  # "Assessment" or the indicator's name
    action: str  # "created", "changed", "deleted"
    changes: list[tuple[str, str, str]]  # (field label, previous, new)
    reason: str = ""


# Change reasons are stored in English (a fixed code) and translated when shown.
REASONS = {"reopened": gettext_lazy("reopened by a consultant")}


def _shown(model, name: str, value) -> str:
    if value is None or value == "":
        return "—"
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    return str(value)


def _events(records: list, model, fields: tuple[str, ...], subject) -> list[HistoryEvent]:
    actions = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
    previous: dict[int, object] = {}
    events = []
    for record in records:
        before = previous.get(record.id)
        changes = [
            (
                str(model._meta.get_field(name).verbose_name),
                _shown(model, name, getattr(before, name)) if before else "—",
                _shown(model, name, getattr(record, name)),
            )
            for name in fields
            if before is None or getattr(before, name) != getattr(record, name)
        ]
        previous[record.id] = record
        if not changes and record.history_type == "~" and not record.history_change_reason:
            continue  # a save that changed nothing shown here
        events.append(
            HistoryEvent(
                when=record.history_date,
                who=record.history_user,
                subject=subject(record),
                action=actions[record.history_type],
                changes=changes,
                reason=REASONS.get(
                    record.history_change_reason, record.history_change_reason or ""
                ),
            )
        )
    return events


def get_assessment_history(assessment: Assessment) -> list[HistoryEvent]:
    """Every recorded change of the assessment and its scores, and evidence uploads still on
    file, newest first (three queries: one per table, not per row)."""
    assessment_records = list(
        Assessment.history.filter(id=assessment.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    score_records = list(
        Score.history.filter(assessment_id=assessment.pk)
        .select_related("history_user", "indicator")
        .order_by("history_date", "history_id")
    )
    events = _events(
        assessment_records, Assessment, ("status", "submitted_at"), lambda r: _("Assessment")
    ) + _events(
        score_records,
        Score,
        ("status", "value", "note", "confidence"),
        lambda r: r.indicator.name if r.indicator else _("(indicator removed)"),
    )
    # Evidence has no history table: uploads still on file are listed from their own rows.
    events += [
        HistoryEvent(
            when=item.uploaded_at,
            who=item.uploaded_by,
            subject=item.score.indicator.name,
            action=_("evidence added"),
            changes=[(str(_("file")), "—", item.original_name)],
        )
        for item in Evidence.objects.filter(score__assessment=assessment).select_related(
            "uploaded_by", "score__indicator"
        )
    ]
    return sorted(events, key=lambda event: event.when, reverse=True)
