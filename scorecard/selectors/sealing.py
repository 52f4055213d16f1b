"""The member's view of assessors' individual work (:mod:`scorecard.domain.sealing`)."""

from __future__ import annotations

from scorecard.domain.sealing import ScoreVisibility
from scorecard.models import Assessment, AssessmentStatus, Engagement, Role, Score, ScoreStatus


def get_score_visibility(engagement: Engagement, *, user, role: str) -> ScoreVisibility:
    """The :class:`ScoreVisibility` of ``user`` (with ``role``) in ``engagement``: one query
    for the candidates the user has submitted an assessment of (none for other roles)."""
    submitted: frozenset[int] = frozenset()
    if role == Role.ANALYST and not engagement.calibration_open:
        submitted = frozenset(
            Assessment.objects.filter(
                candidate__engagement=engagement,
                assessor=user,
                status=AssessmentStatus.SUBMITTED,
            ).values_list("candidate_id", flat=True)
        )
    return ScoreVisibility(
        role=role,
        user_id=user.pk,
        calibration_open=engagement.calibration_open,
        submitted=submitted,
    )


def get_own_answers(
    engagement: Engagement, *, user, candidate_ids: list[int]
) -> dict[tuple[int, str], tuple[str, str]]:
    """The user's own answers (draft or submitted) for ``candidate_ids``: (candidate id,
    indicator code) → (answer as shown, note). What a sealed page shows instead of everyone's
    (one query)."""
    rows = Score.objects.filter(
        assessment__candidate__engagement=engagement,
        assessment__candidate_id__in=candidate_ids,
        assessment__assessor=user,
    ).values_list("assessment__candidate_id", "indicator__code", "status", "value", "note")
    return {
        (cid, code): (
            f"{value:g}" if value is not None else str(ScoreStatus(status).label),
            note,
        )
        for cid, code, status, value, note in rows
    }
