"""Sealed scoring: the one rule of who sees assessors' individual work."""

from __future__ import annotations

import pytest

from scorecard.domain.sealing import ScoreVisibility, sees_assessors


def _analyst(**kwargs) -> ScoreVisibility:
    return ScoreVisibility(role="analyst", user_id=7, calibration_open=False, **kwargs)


def test_sees_others_analyst_with_nothing_submitted_is_sealed():
    assert _analyst().sees_others(1) is False


def test_sees_others_analyst_after_submitting_that_candidate_is_unsealed_for_it_only():
    visibility = _analyst(submitted=frozenset({1}))
    assert (visibility.sees_others(1), visibility.sees_others(2)) == (True, False)


def test_sees_others_open_calibration_unseals_every_candidate():
    visibility = ScoreVisibility(role="analyst", user_id=7, calibration_open=True)
    assert visibility.sees_others(2) is True


def test_sees_others_consultant_always():
    assert ScoreVisibility(role="consultant", user_id=1, calibration_open=False).sees_others(3)


@pytest.mark.parametrize("calibration_open", [False, True])
def test_client_viewer_sees_scores_but_never_names_or_notes(calibration_open):
    visibility = ScoreVisibility(role="client_viewer", user_id=3, calibration_open=calibration_open)
    assert (visibility.sees_scores(1), visibility.sees_notes(1), visibility.sees_assessors) == (
        True,
        False,
        False,
    )


def test_sees_assessment_own_always_others_only_when_unsealed():
    visibility = _analyst(submitted=frozenset({1}))
    assert visibility.sees_assessment(assessor_id=7, candidate_id=2) is True
    assert visibility.sees_assessment(assessor_id=8, candidate_id=2) is False
    assert visibility.sees_assessment(assessor_id=8, candidate_id=1) is True


def test_sees_assessors_everyone_but_client_viewers():
    assert [sees_assessors(r) for r in ("consultant", "analyst", "client_viewer")] == [
        True,
        True,
        False,
    ]
