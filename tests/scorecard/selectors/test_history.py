"""An assessment's recorded changes (:mod:`scorecard.selectors.history`); the history page is
tested in ``tests/scorecard/views/test_assessments_submit.py``."""

from __future__ import annotations

import pytest

from scorecard.selectors.history import get_assessment_history
from tests.factories import ScoreFactory

pytestmark = pytest.mark.django_db


def test_get_assessment_history_lists_creations_and_changes(sheet):
    score = ScoreFactory(assessment=sheet.assessment, indicator=sheet.rated[0], value=3)
    score.value = 4
    score.save()

    events = get_assessment_history(sheet.assessment)

    assert sorted((e.subject, e.action) for e in events) == sorted(
        [
            ("Assessment", "created"),
            (sheet.rated[0].name, "created"),
            (sheet.rated[0].name, "changed"),
        ]
    )
    changed = next(e for e in events if e.action == "changed")
    assert [(previous, new) for _label, previous, new in changed.changes] == [("3", "4")]


def test_get_assessment_history_newest_first(sheet):
    ScoreFactory(assessment=sheet.assessment, indicator=sheet.rated[0])

    events = get_assessment_history(sheet.assessment)

    assert [e.when for e in events] == sorted((e.when for e in events), reverse=True)
