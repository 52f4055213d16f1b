"""The engagement overview (:mod:`scorecard.selectors.engagements`); the page is tested in
``tests/scorecard/views/test_engagements.py``."""

from __future__ import annotations

import pytest

from scorecard.models import AssessmentStatus, Role
from scorecard.selectors.engagements import get_engagement_overview
from tests.factories import AssessmentFactory, CandidateFactory

pytestmark = pytest.mark.django_db


def test_get_engagement_overview_counts_assessments_and_finds_mine(world):
    analyst, consultant = world.users[Role.ANALYST], world.users[Role.CONSULTANT]
    candidate = CandidateFactory(engagement=world.engagement)
    mine = AssessmentFactory(candidate=candidate, assessor=analyst)
    AssessmentFactory(candidate=candidate, assessor=consultant, status=AssessmentStatus.SUBMITTED)

    overview = get_engagement_overview(world.engagement, user=analyst)

    assert [(c.pk, c.n_submitted, c.n_draft) for c in overview.candidates] == [(candidate.pk, 1, 1)]
    assert overview.my_assessments == {candidate.pk: mine}
    assert overview.n_members == len(world.users)


def test_get_engagement_overview_other_engagements_not_counted(world):
    CandidateFactory(engagement=world.other)

    overview = get_engagement_overview(world.engagement, user=world.users[Role.ANALYST])

    assert overview.candidates == []
    assert overview.my_assessments == {}
