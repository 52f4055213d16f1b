"""The "too close to call" rule (scorecard.domain.verdicts): thresholds and wording."""

from scorecard.domain.verdicts import (
    FIRST_PLACE_ACCEPTABILITY_MIN,
    WEIGHT_NUDGE_POINTS,
    judge_lead,
    tie_rule,
)


def test_judge_lead_54_46_is_too_close_to_call():
    verdict = judge_lead("A", runner_up="B", first_shares={"A": 0.54, "B": 0.46}, flips=[])

    assert verdict.too_close
    assert verdict.text == "Too close to call between A and B"
    assert verdict.reasons == ("A is first in only 54 % of the weight scenarios (under 70 %).",)


def test_judge_lead_one_point_flip_is_too_close_even_with_a_high_share():
    verdict = judge_lead(
        "A",
        runner_up="B",
        first_shares={"A": 0.9, "B": 0.05, "C": 0.05},
        flips=[("C", 0.8), ("B", 12.0)],
    )

    assert verdict.too_close
    assert (verdict.rival, verdict.flip_points) == ("C", 0.8)


def test_judge_lead_clear_lead_is_called():
    verdict = judge_lead(
        "A", runner_up="B", first_shares={"A": 0.92, "B": 0.08}, flips=[("B", 7.5)]
    )

    assert not verdict.too_close
    assert verdict.text == "A leads"


def test_judge_lead_at_the_thresholds():
    at_share = judge_lead(
        "A", runner_up="B", first_shares={"A": FIRST_PLACE_ACCEPTABILITY_MIN}, flips=[]
    )
    at_nudge = judge_lead(
        "A", runner_up="B", first_shares={"A": 1.0}, flips=[("B", WEIGHT_NUDGE_POINTS)]
    )

    assert not at_share.too_close  # 70 % is enough
    assert at_nudge.too_close  # one point flips it: too close


def test_tie_rule_states_the_thresholds():
    assert "70 %" in tie_rule()
    assert "by 1 point or less" in tie_rule()
