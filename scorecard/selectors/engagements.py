"""Read queries for the engagement overview: candidates with assessment progress, and the
user's own assessments (a fixed number of queries).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from scorecard.models import (
    Assessment,
    AssessmentStatus,
    Candidate,
    Engagement,
)


@dataclass(frozen=True)
class EngagementOverview:
    candidates: list[Candidate]  # annotated with n_submitted and n_draft assessments
    my_assessments: dict[int, Assessment]  # by candidate id, of these candidates
    n_members: int


def candidate_progress(engagement: Engagement) -> QuerySet:
    """The engagement's candidates with their sites, in the order they were added: stable, so
    a page of them is the same rows on every request. :func:`get_engagement_overview` adds
    their assessment progress (for one page of them: counting every candidate's assessments
    to show 25 cost more than the rest of the page at 500 candidates)."""
    return engagement.candidates.with_sites().order_by("pk")


def get_engagement_overview(
    engagement: Engagement, *, user, candidates: Iterable[Candidate] | None = None
) -> EngagementOverview:
    """Candidates with assessment progress (``candidates``: some of
    :func:`candidate_progress`'s, such as one page; all of them by default), annotated with
    ``n_submitted`` and ``n_draft``, and the user's own assessments of them."""
    chosen = list(candidate_progress(engagement) if candidates is None else candidates)
    ids = [candidate.pk for candidate in chosen]
    counts = {
        row["candidate"]: row
        for row in Assessment.objects.filter(candidate__in=ids)
        .values("candidate")
        .annotate(
            n_submitted=Count("pk", filter=Q(status=AssessmentStatus.SUBMITTED)),
            n_draft=Count("pk", filter=Q(status=AssessmentStatus.DRAFT)),
        )
        .order_by()
    }
    for candidate in chosen:
        row = counts.get(candidate.pk, {})
        candidate.n_submitted = row.get("n_submitted", 0)
        candidate.n_draft = row.get("n_draft", 0)
    mine = Assessment.objects.filter(candidate__in=ids, assessor=user)
    return EngagementOverview(
        candidates=chosen,
        my_assessments={a.candidate_id: a for a in mine},
        n_members=engagement.memberships.count(),
    )


def colleagues_to_add(engagement: Engagement, *, user) -> QuerySet:
    """People ``user`` already works with on another engagement and who are not members of
    this one: the only accounts a consultant can pick by name. Anyone else is invited by
    e-mail, so the form never tells whether an account exists."""
    shared = Engagement.objects.filter(memberships__user=user).values("pk")
    model = get_user_model()
    return (
        model.objects.filter(is_active=True, memberships__engagement__in=shared)
        .exclude(memberships__engagement=engagement)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
