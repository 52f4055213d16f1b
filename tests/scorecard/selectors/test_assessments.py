"""Assessment progress, list and criterion sheet (:mod:`scorecard.selectors.assessments`).

The pages that show them, and their query counts, are tested in
``tests/scorecard/views/test_assessments_*.py``.
"""

from __future__ import annotations

import pytest

from scorecard.models import Role
from scorecard.selectors.assessments import (
    get_assessment_list,
    get_assessment_progress,
    get_criterion_sheet,
)
from tests.factories import ScoreFactory

pytestmark = pytest.mark.django_db


def test_get_assessment_progress_counts_rated_indicators_in_scope(sheet):
    ScoreFactory(assessment=sheet.assessment, indicator=sheet.rated[0])

    progress = get_assessment_progress(sheet.assessment)

    assert [(p.criterion, p.answered, p.total) for p in progress] == [
        (sheet.criterion, 1, 2),
        (sheet.later, 0, 1),
    ]
    assert progress[0].missing == [sheet.rated[1]]
    assert not progress[0].is_complete


def test_get_assessment_list_own_or_everyones(world, sheet):
    analyst = world.users[Role.ANALYST]
    ScoreFactory(assessment=sheet.assessment, indicator=sheet.rated[0])

    mine = get_assessment_list(world.engagement, user=analyst, everyone=False)
    others = get_assessment_list(
        world.engagement, user=world.users[Role.CONSULTANT], everyone=False
    )
    everyone = get_assessment_list(
        world.engagement, user=world.users[Role.CONSULTANT], everyone=True
    )

    assert [a.pk for a in mine.assessments] == [sheet.assessment.pk]
    assert mine.assessments[0].n_answered == 1
    assert mine.mine == {sheet.candidate.pk: sheet.assessment}
    assert mine.n_rated == 3  # two in "talent", one in "operations"; the measured one is not rated
    assert others.assessments == []
    assert [a.pk for a in everyone.assessments] == [sheet.assessment.pk]
    assert everyone.mine == {}


def test_get_criterion_sheet_splits_rated_and_measured_in_scope(sheet):
    score = ScoreFactory(assessment=sheet.assessment, indicator=sheet.rated[1])

    result = get_criterion_sheet(sheet.assessment, sheet.criterion)

    assert result.rated == sheet.rated
    assert result.measured == [sheet.measured]
    assert result.scores == {sheet.rated[1].pk: score}
    assert result.evidence == {}
