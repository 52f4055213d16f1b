"""aggregate_assessments: mean/median, statuses, spread and the disagreement flag."""

import math

import numpy as np
import pandas as pd
import pytest

from scorecard.engine import aggregate_assessments


def long_scores(rows):
    return pd.DataFrame(rows, columns=["candidate", "indicator", "assessor", "score", "status"])


@pytest.fixture
def scores():
    return long_scores(
        [
            ("A", "q1", "ana", 1.0, "scored"),
            ("A", "q1", "ben", 4.0, "scored"),
            ("A", "q1", "eva", 5.0, "scored"),
            ("A", "q2", "ana", 3.0, "scored"),
            ("A", "q2", "ben", np.nan, "not_applicable"),
            ("B", "q1", "ana", np.nan, "not_applicable"),
            ("B", "q1", "ben", np.nan, "not_applicable"),
            ("B", "q2", "ana", np.nan, "unknown"),
            ("B", "q2", "ben", np.nan, "not_applicable"),
        ]
    )


def test_aggregate_mean_spread_std_and_flag(scores):
    result = aggregate_assessments(scores).set_index(["candidate", "indicator"])

    row = result.loc[("A", "q1")]
    assert row["value"] == pytest.approx(10 / 3)
    assert (row["n_scored"], row["n_na"], row["n_unknown"]) == (3, 0, 0)
    assert row["spread"] == 4.0
    assert row["std"] == pytest.approx(np.std([1, 4, 5]))
    assert row["status"] == "scored"
    assert row["flagged"]


def test_aggregate_median_on_request(scores):
    result = aggregate_assessments(scores, aggregation="median").set_index(
        ["candidate", "indicator"]
    )

    assert result.loc[("A", "q1"), "value"] == 4.0


def test_aggregate_statuses(scores):
    result = aggregate_assessments(scores).set_index(["candidate", "indicator"])

    assert result["status"].to_dict() == {
        ("A", "q1"): "scored",
        ("A", "q2"): "scored",  # one assessor scored, one said N/A
        ("B", "q1"): "not_applicable",  # everyone said N/A
        ("B", "q2"): "unknown",  # nobody scored, not everyone said N/A
    }
    assert result.loc[("A", "q2"), "spread"] == 0.0
    assert not result.loc[("A", "q2"), "flagged"]
    assert math.isnan(result.loc[("B", "q1"), "value"])
    assert math.isnan(result.loc[("B", "q2"), "spread"])
    assert not result.loc[("B", "q2"), "flagged"]


def test_aggregate_threshold_is_inclusive():
    rows = long_scores([("A", "q", "x", 2.0, "scored"), ("A", "q", "y", 3.5, "scored")])

    assert aggregate_assessments(rows, disagreement_threshold=1.5)["flagged"].tolist() == [True]
    assert aggregate_assessments(rows, disagreement_threshold=1.6)["flagged"].tolist() == [False]


def test_aggregate_without_status_column_treats_nan_as_unknown():
    rows = pd.DataFrame(
        {
            "candidate": ["A", "A"],
            "indicator": ["q", "q"],
            "assessor": [1, 2],
            "score": [np.nan, np.nan],
        }
    )

    assert aggregate_assessments(rows)["status"].tolist() == ["unknown"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("A", "q", "x", 6.0, "scored"), "0–5"),
        (("A", "q", "x", np.nan, "scored"), "0–5"),
        (("A", "q", "x", 3.0, "maybe"), "unknown status"),
    ],
)
def test_aggregate_rejects_bad_rows(row, message):
    with pytest.raises(ValueError, match=message):
        aggregate_assessments(long_scores([row]))


def test_aggregate_rejects_unknown_aggregation(scores):
    with pytest.raises(ValueError, match="aggregation"):
        aggregate_assessments(scores, aggregation="mode")


@pytest.mark.parametrize("aggregation", ["mean", "median"])
@pytest.mark.parametrize("seed", range(4))
def test_aggregate_matches_a_pandas_groupby_reference(seed, aggregation):
    rng = np.random.default_rng(seed)
    size = 400
    status = rng.choice(["scored", "not_applicable", "unknown"], size=size, p=[0.7, 0.15, 0.15])
    rows = pd.DataFrame(
        {
            "candidate": rng.choice(["A", "B", "C", "D"], size=size),
            "indicator": rng.choice([f"q{k}" for k in range(8)], size=size),
            "assessor": rng.integers(0, 5, size=size),
            "score": np.where(status == "scored", rng.integers(0, 6, size=size), np.nan),
            "status": status,
        }
    )

    result = aggregate_assessments(rows, aggregation=aggregation)

    scored = rows[rows["status"] == "scored"].groupby(["candidate", "indicator"])["score"]
    reference = pd.DataFrame(
        {
            "value": scored.mean() if aggregation == "mean" else scored.median(),
            "spread": scored.max() - scored.min(),
            "std": scored.std(ddof=0),
        }
    )
    merged = result.set_index(["candidate", "indicator"]).join(reference.add_suffix("_ref"))
    for column in ("value", "spread", "std"):
        np.testing.assert_allclose(merged[column], merged[f"{column}_ref"], atol=1e-12)
    counts = rows.groupby(["candidate", "indicator"])["status"].value_counts().unstack(fill_value=0)
    merged = merged.join(counts)
    assert (merged["n_scored"] == merged["scored"]).all()
    assert (merged["n_na"] == merged["not_applicable"]).all()
    assert (merged["n_unknown"] == merged["unknown"]).all()
    first_seen = list(dict.fromkeys(zip(rows["candidate"], rows["indicator"], strict=True)))
    assert list(zip(result["candidate"], result["indicator"], strict=True)) == first_seen


def test_aggregate_statuses_are_the_status_constants_themselves():
    # One object per status, not a string per row: a ranking's pickled indicator table then
    # writes a reference to each (at 500 × 30 a per-row string made that pickle 3× slower).
    from scorecard.engine.assessments import NOT_APPLICABLE, SCORED, UNKNOWN

    frame = pd.DataFrame(
        {
            "candidate": [1, 1, 2, 2, 3] * 40,
            "indicator": ["a", "b", "a", "b", "a"] * 40,
            "assessor": np.repeat(np.arange(40), 5),
            "score": [3.0, np.nan, np.nan, 4.0, np.nan] * 40,
            "status": ["scored", "not_applicable", "unknown", "scored", "not_applicable"] * 40,
        }
    )

    statuses = aggregate_assessments(frame)["status"].tolist()

    assert statuses == ["scored", "not_applicable", "unknown", "scored", "not_applicable"]
    constants = {id(SCORED), id(NOT_APPLICABLE), id(UNKNOWN)}
    assert {id(status) for status in statuses} <= constants
