"""rank_acceptability (SMAA-2) and weight_stability: hand-computed cases and brute force."""

import numpy as np
import pandas as pd
import pytest

from scorecard.engine import rank, rank_acceptability, topsis, weight_stability, weighted_sum


@pytest.fixture
def two_by_two():
    return pd.DataFrame({"a": [1.0, 0.0], "b": [0.0, 1.0]}, index=["x", "y"])


def test_weight_stability_two_criteria_hand_computed(two_by_two):
    # x scores t on a, y scores 1 − t: x leads while w_a ≥ 0.5.
    result = weight_stability(two_by_two, {"a": 0.6, "b": 0.4})

    assert result.loc["a", ["weight", "lower", "upper"]].tolist() == pytest.approx([0.6, 0.5, 1.0])
    assert result.loc["b", ["weight", "lower", "upper"]].tolist() == pytest.approx([0.4, 0.0, 0.5])
    assert result.loc["a", "rival_below"] == "y"
    assert result.loc["a", "rival_above"] is None
    assert result.loc["b", "rival_above"] == "y"
    assert set(result["leader"]) == {"x"}


def test_weight_stability_three_criteria_proportional_rescaling():
    # x = (1, 0, 0), y = (0, 1, 0), weights .5 .3 .2, raw scale.
    # a: x = t, y = .3/.5 (1 − t) -> t ≥ 3/8. b: y = t, x = .5/.7 (1 − t) -> t ≤ 5/12.
    # c: both score 0 on c, so x keeps first place (tied at t = 1).
    matrix = pd.DataFrame({"a": [1.0, 0.0], "b": [0.0, 1.0], "c": [0.0, 0.0]}, index=["x", "y"])

    result = weight_stability(matrix, {"a": 5, "b": 3, "c": 2}, normalization="none")

    assert result[["lower", "upper"]].to_numpy() == pytest.approx(
        np.array([[3 / 8, 1.0], [0.0, 5 / 12], [0.0, 1.0]])
    )


def test_weight_stability_single_criterion_and_single_alternative():
    one_criterion = pd.DataFrame({"a": [1.0, 2.0]}, index=["x", "y"])
    one_alternative = pd.DataFrame({"a": [1.0], "b": [2.0]}, index=["x"])

    assert weight_stability(one_criterion, {"a": 1})[["lower", "upper"]].values.tolist() == [
        [1.0, 1.0]
    ]
    assert weight_stability(one_alternative, {"a": 1, "b": 1})["lower"].tolist() == [0.0, 0.0]
    assert weight_stability(one_alternative, {"a": 1, "b": 1})["upper"].tolist() == [1.0, 1.0]


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
@pytest.mark.parametrize("seed", range(6))
def test_weight_stability_bounds_match_brute_force(seed, method):
    rng = np.random.default_rng(seed)
    n, m = 6, 4
    matrix = pd.DataFrame(
        rng.uniform(0, 10, size=(n, m)),
        index=[f"p{k}" for k in range(n)],
        columns=[f"c{k}" for k in range(m)],
    )
    weights = dict(zip(matrix.columns, rng.uniform(0.1, 1, m), strict=True))
    score = weighted_sum if method == "weighted_sum" else topsis
    leader = rank(score(matrix, weights)).idxmin()

    result = weight_stability(matrix, weights, method=method)

    w = pd.Series(weights) / sum(weights.values())
    for criterion, row in result.iterrows():
        assert row["leader"] == leader

        def first_at(t, criterion=criterion):
            others = w.drop(criterion)
            shifted = {**(others / others.sum() * (1 - t)).to_dict(), criterion: t}
            return rank(score(matrix, shifted))[leader] == 1

        inside = np.linspace(row["lower"], row["upper"], 11)
        assert all(first_at(t) for t in inside)
        if row["lower"] > 1e-6:
            assert not first_at(row["lower"] - 1e-6)
        if row["upper"] < 1 - 1e-6:
            assert not first_at(row["upper"] + 1e-6)


def test_rank_acceptability_dominant_alternative_always_first():
    matrix = pd.DataFrame({"a": [5.0, 1.0, 2.0], "b": [5.0, 2.0, 1.0]}, index=["best", "m", "n"])

    result = rank_acceptability(matrix, n_samples=2000, seed=1)

    assert result.loc["best"].tolist() == [1.0, 0.0, 0.0]
    assert list(result.columns) == [1, 2, 3]
    assert result.sum(axis=1).to_numpy() == pytest.approx(np.ones(3))


def test_rank_acceptability_symmetric_pair_splits_evenly_without_weights(two_by_two):
    result = rank_acceptability(two_by_two, n_samples=20_000, seed=3)

    assert result.loc["x", 1] == pytest.approx(0.5, abs=0.02)
    assert result.loc["y", 1] == pytest.approx(0.5, abs=0.02)


def test_rank_acceptability_concentrated_weights_reproduce_the_ranking(two_by_two):
    result = rank_acceptability(
        two_by_two, {"a": 0.8, "b": 0.2}, n_samples=2000, seed=0, concentration=1e6
    )

    assert result.loc["x", 1] == 1.0
    assert result.loc["y", 2] == 1.0


def test_rank_acceptability_identical_alternatives_share_first_rank():
    matrix = pd.DataFrame({"a": [1.0, 1.0], "b": [2.0, 2.0]}, index=["x", "y"])

    result = rank_acceptability(matrix, n_samples=100, seed=0)

    assert result[1].tolist() == [1.0, 1.0]


def test_rank_acceptability_is_reproducible_with_a_seed(two_by_two):
    first = rank_acceptability(two_by_two, {"a": 1, "b": 1}, n_samples=500, seed=7, method="topsis")
    second = rank_acceptability(
        two_by_two, {"a": 1, "b": 1}, n_samples=500, seed=7, method="topsis"
    )

    pd.testing.assert_frame_equal(first, second)


def test_rank_acceptability_zero_weight_stays_zero():
    # With weight 0 on b, only a matters: x always wins.
    matrix = pd.DataFrame({"a": [2.0, 1.0], "b": [0.0, 9.0]}, index=["x", "y"])

    result = rank_acceptability(matrix, {"a": 1, "b": 0}, n_samples=500, seed=0)

    assert result.loc["x", 1] == 1.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_samples": 0}, "n_samples"),
        ({"method": "electre"}, "unknown method"),
        ({"concentration": 0}, "concentration"),
    ],
)
def test_rank_acceptability_rejects_bad_arguments(two_by_two, kwargs, message):
    with pytest.raises(ValueError, match=message):
        rank_acceptability(two_by_two, {"a": 1, "b": 1}, **kwargs)
