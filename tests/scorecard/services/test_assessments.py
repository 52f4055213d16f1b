"""Assessment writes called directly: save one criterion's answers, submit, reopen."""

import pytest

from scorecard.models import AssessmentStatus, Role, Score
from scorecard.services.assessments import (
    Answer,
    AssessmentLocked,
    IncompleteAssessment,
    ReasonRequired,
    reopen_assessment,
    save_criterion_scores,
    submit_assessment,
)
from tests.factories import ScoreFactory

pytestmark = pytest.mark.django_db


def _answer(value: int, revision: int = 0) -> Answer:
    return Answer(
        status="scored",
        value=value,
        note=f"level {value}",
        confidence="documented",
        revision=revision,
        files=[],
    )


def test_save_criterion_scores_writes_changed_answers_and_bumps_revisions(sheet, world):
    first, second = sheet.rated
    ScoreFactory(assessment=sheet.assessment, indicator=first, value=2, revision=1)

    saved = save_criterion_scores(
        assessment=sheet.assessment,
        criterion=sheet.criterion,
        answers={first.pk: _answer(4, revision=1), second.pk: _answer(3)},
        user=world.users[Role.ANALYST],
    )

    assert [(s.indicator_id, s.value, s.revision) for s in saved] == [
        (first.pk, 4, 2),
        (second.pk, 3, 1),
    ]
    assert Score.objects.get(indicator=second).updated_by == world.users[Role.ANALYST]


def test_save_criterion_scores_on_submitted_assessment_raises_locked(sheet, world):
    sheet.assessment.status = AssessmentStatus.SUBMITTED
    sheet.assessment.save()

    with pytest.raises(AssessmentLocked):
        save_criterion_scores(
            assessment=sheet.assessment,
            criterion=sheet.criterion,
            answers={sheet.rated[0].pk: _answer(5)},
            user=world.users[Role.ANALYST],
        )

    assert Score.objects.count() == 0


def test_save_criterion_scores_indicator_of_another_criterion_is_refused(sheet, world):
    with pytest.raises(ValueError):
        save_criterion_scores(
            assessment=sheet.assessment,
            criterion=sheet.criterion,
            answers={sheet.later_indicator.pk: _answer(5)},
            user=world.users[Role.ANALYST],
        )


def test_submit_assessment_with_missing_answers_raises_naming_them(sheet, world):
    ScoreFactory(assessment=sheet.assessment, indicator=sheet.rated[0])

    with pytest.raises(IncompleteAssessment) as raised:
        submit_assessment(assessment=sheet.assessment, user=world.users[Role.ANALYST])

    assert [i.code for i in raised.value.missing] == ["training", "wfm"]
    sheet.assessment.refresh_from_db()
    assert sheet.assessment.status == AssessmentStatus.DRAFT


def test_submit_assessment_complete_locks_it(sheet, world):
    for indicator in [*sheet.rated, sheet.later_indicator]:
        ScoreFactory(assessment=sheet.assessment, indicator=indicator)

    submit_assessment(assessment=sheet.assessment, user=world.users[Role.ANALYST])

    sheet.assessment.refresh_from_db()
    assert sheet.assessment.status == AssessmentStatus.SUBMITTED
    assert sheet.assessment.submitted_at is not None


def test_reopen_assessment_puts_a_submitted_one_back_in_draft(sheet, world):
    sheet.assessment.status = AssessmentStatus.SUBMITTED
    sheet.assessment.save()

    reopen_assessment(
        assessment=sheet.assessment, user=world.users[Role.CONSULTANT], reason="Recheck."
    )

    sheet.assessment.refresh_from_db()
    assert (sheet.assessment.status, sheet.assessment.submitted_at) == (
        AssessmentStatus.DRAFT,
        None,
    )
    assert sheet.assessment.history.first().history_change_reason == "reopened"


def test_reopen_assessment_without_a_reason_is_refused(sheet, world):
    sheet.assessment.status = AssessmentStatus.SUBMITTED
    sheet.assessment.save()

    with pytest.raises(ReasonRequired):
        reopen_assessment(
            assessment=sheet.assessment, user=world.users[Role.CONSULTANT], reason=" "
        )

    sheet.assessment.refresh_from_db()
    assert sheet.assessment.status == AssessmentStatus.SUBMITTED
