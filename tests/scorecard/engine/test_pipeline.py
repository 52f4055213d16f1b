"""evaluate_engagement: roll-up, missing data policy, gates, methods and plain output.

The fixture is small enough to check by hand:

- people (weight 50): attrition (measured, w 2, 10 % → 5 … 60 % → 0), training (rated, w 1),
  bilingual (rated, w 1); delivery (weight 30): sla, tools (rated, w 1 each); cost (weight 20)
  comes in already on 0–5.
- A: attrition 20 % → 4; training 2, 5, 5 (mean 4, median 5, spread 3 → flagged);
  bilingual 2 → people (2·4 + 4 + 2)/4 = 3.5; delivery (4 + 2)/2 = 3; cost 5.
  Total .5·3.5/5·100 + .3·3/5·100 + .2·5/5·100 = 35 + 18 + 20 = 73.
- B: attrition unknown; training 5 (the other assessor said N/A); bilingual N/A for all →
  people = 5 on the known indicator, known share 1/3 of the applicable weight; delivery 1;
  cost 2.5 → total 50 + 6 + 10 = 66; completeness .5/3 + .3 + .2 = 2/3.
- C: attrition 60 % → 0; training 1; bilingual 1 → people 0.5; no delivery scores and no
  cost → both unknown, not zero: people carries the whole weight → total 0.5/5·100 = 10,
  completeness .5.
"""

import json
import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from scorecard.engine import (
    NOT_APPLICABLE,
    EngagementResult,
    Gate,
    IndicatorSpec,
    evaluate_engagement,
    topsis,
)

ATTRITION = {"kind": "piecewise", "points": [[10, 5], [60, 0]]}
INDICATORS = [
    IndicatorSpec("attrition", "people", 2, kind="measured", value_function=ATTRITION),
    IndicatorSpec("training", "people", 1),
    IndicatorSpec("bilingual", "people", 1),
    IndicatorSpec("sla", "delivery", 1),
    IndicatorSpec("tools", "delivery", 1),
]
WEIGHTS = {"people": 50, "delivery": 30, "cost": 20}
SCORES = pd.DataFrame(
    [
        ("A", "training", "ana", 2.0, "scored"),
        ("A", "training", "ben", 5.0, "scored"),
        ("A", "training", "eva", 5.0, "scored"),
        ("A", "bilingual", "ana", 2.0, "scored"),
        ("A", "sla", "ana", 4.0, "scored"),
        ("A", "tools", "ana", 2.0, "scored"),
        ("B", "training", "ana", 5.0, "scored"),
        ("B", "training", "ben", np.nan, "not_applicable"),
        ("B", "bilingual", "ana", np.nan, "not_applicable"),
        ("B", "bilingual", "ben", np.nan, "not_applicable"),
        ("B", "sla", "ana", 1.0, "scored"),
        ("B", "tools", "ana", 1.0, "scored"),
        ("C", "training", "ana", 1.0, "scored"),
        ("C", "bilingual", "ana", 1.0, "scored"),
        ("C", "sla", "ana", np.nan, "unknown"),
    ],
    columns=["candidate", "indicator", "assessor", "score", "status"],
)
MEASURED = {("A", "attrition"): 20, ("B", "attrition"): None, ("C", "attrition"): 60}
COST = pd.DataFrame({"cost": [5.0, 2.5, np.nan]}, index=["A", "B", "C"])


def evaluate(**overrides) -> EngagementResult:
    arguments = {
        "candidates": ["A", "B", "C"],
        "indicators": INDICATORS,
        "criterion_weights": WEIGHTS,
        "assessor_scores": SCORES,
        "measured": MEASURED,
        "extra_criterion_scores": COST,
    }
    return evaluate_engagement(**{**arguments, **overrides})


def test_pipeline_criterion_scores_hand_computed():
    result = evaluate()

    expected = pd.DataFrame(
        {"people": [3.5, 5.0, 0.5], "delivery": [3.0, 1.0, np.nan], "cost": [5.0, 2.5, np.nan]},
        index=["A", "B", "C"],
    )
    np.testing.assert_allclose(result.criterion_scores.to_numpy(), expected.to_numpy())
    assert list(result.criterion_scores.columns) == ["people", "delivery", "cost"]


def test_pipeline_totals_contributions_and_ranks_hand_computed():
    result = evaluate()

    assert result.totals.to_dict() == pytest.approx({"A": 73.0, "B": 66.0, "C": 10.0})
    assert result.contributions.loc["A"].to_dict() == pytest.approx(
        {"people": 35.0, "delivery": 18.0, "cost": 20.0}
    )
    assert result.contributions.sum(axis=1).to_numpy() == pytest.approx(result.totals.to_numpy())
    assert result.ranks.to_dict() == {"A": 1, "B": 2, "C": 3}
    assert result.weights.to_dict() == pytest.approx({"people": 0.5, "delivery": 0.3, "cost": 0.2})


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
def test_pipeline_given_the_aggregated_scores_ranks_as_when_it_aggregates_them(method):
    from scorecard.engine import aggregate_assessments

    aggregated = aggregate_assessments(SCORES, aggregation="median", disagreement_threshold=1.0)
    arguments = {"method": method, "aggregation": "median", "disagreement_threshold": 1.0}

    given = evaluate(aggregated_scores=aggregated, **arguments)
    computed = evaluate(**arguments)

    assert given.to_dict() == computed.to_dict()
    pd.testing.assert_frame_equal(given.indicators, computed.indicators)
    # And it is what is read: other aggregated scores give another ranking.
    other = aggregated.assign(value=5.0 - aggregated["value"])
    assert evaluate(aggregated_scores=other, **arguments).to_dict() != computed.to_dict()


def test_pipeline_not_applicable_reweights_within_criterion():
    # B's bilingual is N/A for everyone: people rests on training alone and is not lowered.
    result = evaluate()

    assert result.criterion_scores.at["B", "people"] == 5.0
    rows = result.indicators.set_index(["candidate", "indicator"])
    assert rows.loc[("B", "bilingual"), "status"] == "not_applicable"


def test_pipeline_unknown_is_excluded_and_lowers_completeness():
    result = evaluate()

    rows = result.indicators.set_index(["candidate", "indicator"])
    assert rows.loc[("B", "attrition"), "status"] == "unknown"
    assert result.completeness.to_dict() == pytest.approx({"A": 1.0, "B": 2 / 3, "C": 0.5})


def test_pipeline_missing_criterion_is_not_zero_and_is_reported():
    result = evaluate()

    assert result.missing_criteria == {"C": ["delivery", "cost"]}
    assert math.isnan(result.criterion_scores.at["C", "delivery"])
    # Not zero: the known criterion carries the weight (10 points, not 0.5·0.5/5·100 = 5).
    assert result.contributions.loc["C"].to_dict() == pytest.approx(
        {"people": 10.0, "delivery": 0.0, "cost": 0.0}
    )
    # TOPSIS and the sensitivity analyses see C's known average in its unknown cells.
    assert result.decision_matrix.loc["C"].tolist() == pytest.approx([0.5, 0.5, 0.5])


def test_pipeline_min_completeness_leaves_candidates_out_of_the_ranking():
    result = evaluate(min_completeness=0.6)

    assert result.insufficient == ["C"]
    assert result.ranks.to_dict() == {"A": 1, "B": 2}
    assert list(result.decision_matrix.index) == ["A", "B"]
    assert list(result.rank_acceptability(n_samples=200).index) == ["A", "B"]


def test_pipeline_candidate_without_data_is_insufficient_even_at_zero_threshold():
    empty = SCORES[SCORES["candidate"] != "C"]
    measured = {key: value for key, value in MEASURED.items() if key[0] != "C"}

    result = evaluate(assessor_scores=empty, measured=measured, min_completeness=0.0)

    assert result.insufficient == ["C"]
    assert math.isnan(result.totals["C"])


def test_pipeline_measured_indicator_uses_value_function_and_keeps_raw():
    result = evaluate()

    rows = result.indicators.set_index(["candidate", "indicator"])
    assert rows.loc[("A", "attrition"), "value"] == 4.0
    assert rows.loc[("A", "attrition"), "raw"] == 20
    assert rows.loc[("C", "attrition"), "value"] == 0.0


def test_pipeline_measured_not_applicable_marker():
    result = evaluate(measured={**MEASURED, ("B", "attrition"): NOT_APPLICABLE})

    rows = result.indicators.set_index(["candidate", "indicator"])
    assert rows.loc[("B", "attrition"), "status"] == "not_applicable"
    # training is now B's only applicable people indicator, and it is known
    assert result.completeness["B"] == pytest.approx(1.0)


def test_pipeline_measured_as_dataframe():
    frame = pd.DataFrame({"attrition": [20.0, np.nan, 60.0]}, index=["A", "B", "C"])

    result = evaluate(measured=frame)

    assert result.totals.to_dict() == pytest.approx({"A": 73.0, "B": 66.0, "C": 10.0})


def test_pipeline_median_aggregation_and_disagreement_flag():
    result = evaluate(aggregation="median")

    # A training median 5: people (8 + 5 + 2)/4 = 3.75 -> 37.5 + 18 + 20
    assert result.totals["A"] == pytest.approx(75.5)
    rows = result.indicators.set_index(["candidate", "indicator"])
    assert rows.loc[("A", "training"), "spread"] == 3.0
    assert rows.loc[("A", "training"), "flagged"]
    assert not rows.loc[("B", "training"), "flagged"]


def test_pipeline_disagreement_threshold_is_configurable():
    result = evaluate(disagreement_threshold=3.5)

    assert not result.indicators["flagged"].any()


def test_pipeline_gates_disqualify_with_reasons_and_report_unverified():
    gates = [Gate("repse", "REPSE registration valid", "repse_valid", "is_true")]
    facts = {"A": {"repse_valid": False}, "B": {"repse_valid": True}}

    result = evaluate(gates=gates, facts=facts)

    assert result.disqualified == {
        "A": ["REPSE registration valid: fact repse_valid is False (required: is true)"]
    }
    assert result.unranked == ["A"]
    assert result.ranks.to_dict() == {"B": 1, "C": 2}
    assert list(result.decision_matrix.index) == ["B", "C"]
    assert "A" in result.criterion_scores.index  # kept, never dropped
    assert result.totals["A"] == pytest.approx(73.0)
    assert list(result.unverified_gates) == ["C"]
    assert "no data for fact repse_valid" in result.unverified_gates["C"][0]


def test_pipeline_weighted_sum_totals_do_not_depend_on_other_candidates():
    alone = evaluate(
        candidates=["A"],
        assessor_scores=SCORES[SCORES["candidate"] == "A"],
        measured={("A", "attrition"): 20},
        extra_criterion_scores=COST.loc[["A"]],
    )

    assert alone.totals["A"] == pytest.approx(evaluate().totals["A"])


def test_pipeline_topsis_totals_match_topsis_on_decision_matrix():
    result = evaluate(method="topsis")

    expected = topsis(result.decision_matrix.fillna(0), result.weights.to_dict()) * 100
    assert result.totals.to_numpy() == pytest.approx(expected.to_numpy())
    assert result.contributions.sum(axis=1).to_numpy() == pytest.approx(result.totals.to_numpy())
    assert result.ranks.to_dict() == {"A": 1, "B": 2, "C": 3}


def test_pipeline_topsis_disqualified_total_is_nan():
    gates = [Gate("repse", "REPSE", "repse_valid", "is_true")]

    result = evaluate(method="topsis", gates=gates, facts={"C": {"repse_valid": False}})

    assert math.isnan(result.totals["C"])
    assert list(result.ranks.index) == ["A", "B"]


def test_pipeline_ranking_frame_columns_and_order():
    result = evaluate(candidates={"C": "Gamma", "B": "Beta", "A": "Alpha"})

    ranking = result.ranking()

    assert list(ranking.columns) == [
        "rank",
        "candidate",
        "total",
        "completeness",
        "people",
        "delivery",
        "cost",
    ]
    assert ranking["candidate"].tolist() == ["A", "B", "C"]
    assert ranking["rank"].tolist() == [1, 2, 3]
    assert result.labels["A"] == "Alpha"


def test_pipeline_to_dict_is_json_without_nan():
    gates = [Gate("repse", "REPSE", "repse_valid", "is_true")]
    result = evaluate(gates=gates, facts={"B": {"repse_valid": False}})

    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))

    assert [c["id"] for c in data["candidates"]] == ["A", "C", "B"]
    c = data["candidates"][1]
    assert c["criterion_scores"]["delivery"] is None
    assert c["missing_criteria"] == ["delivery", "cost"]
    assert data["candidates"][2]["rank"] is None
    assert data["candidates"][2]["disqualified_reasons"] == [
        "REPSE: fact repse_valid is False (required: is true)"
    ]
    assert data["unranked"] == ["B"]
    assert len(data["indicators"]) == 15


def test_pipeline_sensitivity_methods_delegate_on_decision_matrix():
    result = evaluate()

    acceptability = result.rank_acceptability(n_samples=500, seed=0)
    stability = result.weight_stability()

    assert acceptability.sum(axis=1).to_numpy() == pytest.approx(np.ones(3))
    assert acceptability.loc["A", 1] > 0.5
    assert list(stability.index) == ["people", "delivery", "cost"]
    assert set(stability["leader"]) == {"A"}


def test_pipeline_criterion_without_indicators_is_missing_for_everyone():
    result = evaluate(criterion_weights={**WEIGHTS, "risk": 10})

    assert result.missing_criteria["A"] == ["risk"]
    assert result.completeness["A"] == pytest.approx(100 / 110)  # risk is 10 of 110


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"criterion_weights": {"people": 0, "delivery": 0, "cost": 0}}, "all zero"),
        ({"criterion_weights": {"people": 1, "cost": 1}}, "no criterion weight"),
        ({"measured": {("Z", "attrition"): 5}}, "unknown candidate: Z"),
        ({"measured": {("A", "training"): 5}}, "rated"),
        ({"method": "electre"}, "unknown method"),
        ({"candidates": ["A", "A"]}, "unique"),
        ({"extra_criterion_scores": pd.DataFrame({"cost": [7.0]}, index=["A"])}, "0–5"),
    ],
)
def test_pipeline_rejects_bad_input(overrides, message):
    with pytest.raises(ValueError, match=message):
        evaluate(**overrides)


def test_pipeline_rejects_scores_for_unknown_indicator_or_measured_indicator():
    unknown = pd.DataFrame(
        [("A", "nope", "ana", 3.0, "scored")],
        columns=["candidate", "indicator", "assessor", "score", "status"],
    )
    measured = unknown.assign(indicator="attrition")

    with pytest.raises(ValueError, match="unknown indicator: nope"):
        evaluate(assessor_scores=unknown)
    with pytest.raises(ValueError, match="measured"):
        evaluate(assessor_scores=measured)


def test_indicator_spec_validates():
    with pytest.raises(ValueError, match="value function"):
        IndicatorSpec("x", "people", 1, kind="measured")
    with pytest.raises(ValueError, match="kind"):
        IndicatorSpec("x", "people", 1, kind="guessed")
    with pytest.raises(ValueError, match="weight"):
        IndicatorSpec("x", "people", -1)


def test_pipeline_accepts_decimals_from_the_database():
    # Model weights and figures are DecimalFields: the engine must take them as numbers.
    specs = [
        IndicatorSpec("rated", "c", Decimal("60")),
        IndicatorSpec(
            "figure",
            "c",
            Decimal("40"),
            kind="measured",
            value_function={"kind": "piecewise", "points": [[0, 0], [10, 5]]},
        ),
    ]
    scores = pd.DataFrame(
        {
            "candidate": ["x"],
            "indicator": ["rated"],
            "assessor": [1],
            "score": [Decimal("4")],
            "status": ["scored"],
        }
    )

    result = evaluate_engagement(
        candidates=["x"],
        indicators=specs,
        criterion_weights={"c": Decimal("1")},
        assessor_scores=scores,
        measured={("x", "figure"): Decimal("5")},
    )

    assert result.totals["x"] == pytest.approx((0.6 * 4 + 0.4 * 2.5) / 5 * 100)
    assert json.loads(json.dumps(result.to_dict(), allow_nan=False))["indicators"][1]["raw"] == 5.0


@pytest.mark.parametrize(
    ("method", "other"), [("weighted_sum", "topsis"), ("topsis", "weighted_sum")]
)
@pytest.mark.parametrize("seed", range(5))
def test_rescored_ranks_as_the_pipeline_run_with_the_other_method(method, other, seed):
    from scorecard.engine import rescored

    # Random scores with gaps (insufficient and partly known candidates), a gate failing some.
    rng = np.random.default_rng(seed)
    candidates = [f"K{i}" for i in range(25)]
    rows = [
        (c, code, "ana", float(rng.integers(0, 6)), "scored")
        for c in candidates
        for code in ("training", "bilingual", "sla", "tools")
        if rng.random() < 0.8
    ]
    scores = pd.DataFrame(rows, columns=["candidate", "indicator", "assessor", "score", "status"])
    cost = pd.DataFrame({"cost": rng.random(25) * 5}, index=candidates)
    facts = {c: {"seats": int(rng.integers(50, 150))} for c in candidates}
    arguments = {
        "candidates": candidates,
        "assessor_scores": scores,
        "measured": {(c, "attrition"): float(rng.integers(10, 60)) for c in candidates},
        "extra_criterion_scores": cost,
        "gates": [Gate("seats", "Seats", "seats", ">=", 60)],
        "facts": facts,
        "min_completeness": 0.6,
    }

    totals, ranks = rescored(evaluate(method=method, **arguments), other)

    expected = evaluate(method=other, **arguments)
    pd.testing.assert_series_equal(ranks, expected.ranks, check_exact=True)
    pd.testing.assert_series_equal(totals, expected.totals, check_exact=True)
    assert 0 < len(ranks) < len(candidates)  # some were left out, some ranked
