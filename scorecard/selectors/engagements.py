"""Read queries for the engagement overview: candidates with assessment progress, and the
user's own assessments (a fixed number of queries).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from scorecard.models import (
    Assessment,
    AssessmentStatus,
    Candidate,
    Engagement,
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
