"""The one place that turns ORM rows into what views and the engine need.

Queries live here with their select_related/prefetch_related, so a view's query count does
not grow with the number of candidates, assessments or scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
