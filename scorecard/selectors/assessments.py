"""Read queries for assessing: progress per criterion, the list of assessments and the sheet
of one criterion, each in a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from scorecard.models import (
    Assessment,
    Candidate,
    Criterion,
    Engagement,
    Evidence,
    Indicator,
    Score,
)
from scorecard.selectors.scope import criteria_in_scope, indicators_in_scope


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
