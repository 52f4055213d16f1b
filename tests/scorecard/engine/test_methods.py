"""weighted_sum, topsis and rank: hand-computed tables, edge cases, published examples."""

import math

import numpy as np
import pandas as pd
import pytest

from scorecard.engine import rank, topsis, weighted_sum


@pytest.fixture
def providers():
    # quality (benefit, 0–5), price (cost, USD/h), seats (benefit)
    return pd.DataFrame(
        {"quality": [4.0, 3.0, 5.0], "price": [100.0, 80.0, 120.0], "seats": [50.0, 50.0, 50.0]},
        index=["A", "B", "C"],
    )


def test_weighted_sum_minmax_hand_table_matches(providers):
    # minmax: quality A .5 B 0 C 1; price (cost) A .5 B 1 C 0; seats constant -> 1 for all.
    # weights 2:1:1 -> .5 .25 .25
    scores = weighted_sum(
        providers, {"quality": 2, "price": 1, "seats": 1}, benefit={"price": False}
    )

    assert scores.to_dict() == pytest.approx({"A": 0.625, "B": 0.5, "C": 0.75})


def test_weighted_sum_none_negates_cost_criteria(providers):
    scores = weighted_sum(
        providers,
        {"quality": 1, "price": 1, "seats": 0},
        benefit={"price": False},
        normalization="none",
    )

    assert scores.to_dict() == pytest.approx({"A": -48.0, "B": -38.5, "C": -57.5})


def test_weighted_sum_max_uses_min_over_x_for_cost(providers):
    # quality x/5: .8 .6 1; price min/x: .8 1 .6667; seats 1
    scores = weighted_sum(
        providers,
        {"quality": 1, "price": 1, "seats": 1},
        benefit={"price": False},
        normalization="max",
    )

    expected = {"A": (0.8 + 0.8 + 1) / 3, "B": (0.6 + 1 + 1) / 3, "C": (1 + 80 / 120 + 1) / 3}
    assert scores.to_dict() == pytest.approx(expected)


def test_weighted_sum_sum_inverts_cost_then_scales(providers):
    inverse = np.array([1 / 100, 1 / 80, 1 / 120])
    price = inverse / inverse.sum()
    quality = np.array([4, 3, 5]) / 12

    scores = weighted_sum(
        providers,
        {"quality": 1, "price": 1, "seats": 0},
        benefit={"price": False},
        normalization="sum",
    )

    assert scores.to_numpy() == pytest.approx((quality + price) / 2)


def test_weighted_sum_vector_divides_by_norm():
    matrix = pd.DataFrame({"a": [3.0, 4.0], "b": [1.0, 1.0]}, index=["x", "y"])

    scores = weighted_sum(matrix, {"a": 1, "b": 1}, normalization="vector")

    r2 = 1 / math.sqrt(2)
    assert scores.to_dict() == pytest.approx({"x": (0.6 + r2) / 2, "y": (0.8 + r2) / 2})


@pytest.mark.parametrize("normalization", ["none", "minmax", "max", "sum", "vector"])
def test_weighted_sum_constant_column_adds_equally(normalization):
    matrix = pd.DataFrame({"a": [1.0, 2.0, 4.0], "k": [3.0, 3.0, 3.0]}, index=list("xyz"))

    with_constant = weighted_sum(matrix, {"a": 1, "k": 1}, normalization=normalization)
    only_a = weighted_sum(matrix[["a"]], {"a": 1}, normalization=normalization)

    differences = (with_constant - only_a / 2).to_numpy()
    assert differences == pytest.approx(np.full(3, differences[0]))


@pytest.mark.parametrize("normalization", ["none", "minmax", "max", "sum", "vector"])
def test_weighted_sum_all_zero_column_is_finite_and_equal(normalization):
    matrix = pd.DataFrame({"a": [1.0, 2.0], "z": [0.0, 0.0]}, index=["x", "y"])

    scores = weighted_sum(matrix, {"a": 1, "z": 1}, normalization=normalization)

    assert np.isfinite(scores).all()
    assert scores["y"] > scores["x"]


def test_weighted_sum_single_alternative_scores_one():
    matrix = pd.DataFrame({"a": [3.0], "b": [7.0]}, index=["only"])

    assert weighted_sum(matrix, {"a": 1, "b": 3}).to_dict() == {"only": 1.0}


def test_weighted_sum_single_criterion_orders_by_that_criterion():
    matrix = pd.DataFrame({"a": [2.0, 8.0, 5.0]}, index=list("xyz"))

    scores = weighted_sum(matrix, {"a": 5})

    assert scores.to_dict() == pytest.approx({"x": 0.0, "y": 1.0, "z": 0.5})


def test_weighted_sum_ties_get_equal_scores_and_ranks():
    matrix = pd.DataFrame({"a": [1.0, 0.0, 1.0], "b": [0.0, 1.0, 0.0]}, index=list("xyz"))

    scores = weighted_sum(matrix, {"a": 2, "b": 1})

    assert rank(scores).to_dict() == {"x": 1, "y": 3, "z": 1}


@pytest.mark.parametrize("function", [weighted_sum, topsis])
def test_all_zero_weights_raise(function, providers):
    with pytest.raises(ValueError, match="all zero"):
        function(providers, {"quality": 0, "price": 0, "seats": 0})


@pytest.mark.parametrize("function", [weighted_sum, topsis])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_cell_raises_naming_row_and_column(function, providers, bad):
    providers.loc["B", "price"] = bad

    with pytest.raises(ValueError, match="row B, column price"):
        function(providers, {"quality": 1, "price": 1, "seats": 1})


@pytest.mark.parametrize("function", [weighted_sum, topsis])
def test_non_numeric_cell_raises_naming_row_and_column(function):
    matrix = pd.DataFrame({"a": [1, "high"], "b": [1, 2]}, index=["x", "y"], dtype=object)

    with pytest.raises(ValueError, match="row y, column a"):
        function(matrix, {"a": 1, "b": 1})


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"quality": 1, "price": 1}, "missing for criteria: seats"),
        ({"quality": 1, "price": 1, "seats": 1, "extra": 1}, "unknown criteria: extra"),
        ({"quality": -1, "price": 1, "seats": 1}, "negative"),
        ({"quality": np.nan, "price": 1, "seats": 1}, "not finite"),
    ],
)
def test_bad_weights_raise(providers, weights, message):
    with pytest.raises(ValueError, match=message):
        weighted_sum(providers, weights)


def test_unknown_normalization_raises(providers):
    with pytest.raises(ValueError, match="unknown normalization"):
        weighted_sum(providers, {"quality": 1, "price": 1, "seats": 1}, normalization="zscore")


def test_ratio_normalization_rejects_zero_cost_value():
    matrix = pd.DataFrame({"price": [0.0, 10.0]}, index=["x", "y"])

    with pytest.raises(ValueError, match="row x, column price"):
        weighted_sum(matrix, {"price": 1}, benefit={"price": False}, normalization="max")


def test_weights_scale_is_irrelevant(providers):
    a = weighted_sum(providers, {"quality": 2, "price": 1, "seats": 1})
    b = weighted_sum(providers, {"quality": 200, "price": 100, "seats": 100})

    assert a.to_numpy() == pytest.approx(b.to_numpy(), abs=1e-15)


def test_topsis_hwang_yoon_fighter_aircraft_example():
    """Hwang, C.-L. & Yoon, K. (1981). *Multiple Attribute Decision Making: Methods and
    Applications*. Lecture Notes in Economics and Mathematical Systems 186, Springer,
    pp. 130–134: buying a fighter aircraft. Criteria: max speed (Mach), ferry range (NM),
    max payload (lb), acquisition cost (M$, cost), reliability, manoeuvrability;
    weights .2 .1 .1 .1 .2 .3. Published relative closeness: A1 .643, A2 .268, A3 .613,
    A4 .312 (A1 > A3 > A4 > A2).

    """
    matrix = pd.DataFrame(
        [
            [2.0, 1500, 20000, 5.5, 5, 9],
            [2.5, 2700, 18000, 6.5, 3, 5],
            [1.8, 2000, 21000, 4.5, 7, 7],
            [2.2, 1800, 20000, 5.0, 5, 5],
        ],
        index=["A1", "A2", "A3", "A4"],
        columns=["speed", "range", "payload", "cost", "reliability", "manoeuvrability"],
    )
    weights = dict(zip(matrix.columns, [0.2, 0.1, 0.1, 0.1, 0.2, 0.3], strict=True))

    scores = topsis(matrix, weights, benefit={"cost": False})

    # The book rounds intermediate steps to three or four digits, hence the tolerance.
    published = {"A1": 0.643, "A2": 0.268, "A3": 0.613, "A4": 0.312}
    assert scores.to_dict() == pytest.approx(published, abs=1e-3)
    assert rank(scores).to_dict() == {"A1": 1, "A2": 4, "A3": 2, "A4": 3}


def test_topsis_hand_computed_two_by_two():
    # vector norm: a = (3, 4)/5, b = (4, 3)/5; weights .5/.5 -> weighted (.3, .4), (.4, .3).
    # ideal (.4, .4), anti (.3, .3): x: D+ = .1, D- = .1 -> .5; y the same.
    matrix = pd.DataFrame({"a": [3.0, 4.0], "b": [4.0, 3.0]}, index=["x", "y"])

    scores = topsis(matrix, {"a": 1, "b": 1})

    assert scores.to_dict() == pytest.approx({"x": 0.5, "y": 0.5})
    assert rank(scores).to_dict() == {"x": 1, "y": 1}


def test_topsis_cost_criterion_prefers_lower_values():
    matrix = pd.DataFrame({"price": [10.0, 20.0, 30.0]}, index=list("xyz"))

    scores = topsis(matrix, {"price": 1}, benefit={"price": False})

    assert scores.to_dict() == pytest.approx({"x": 1.0, "y": 0.5, "z": 0.0})


def test_topsis_single_alternative_is_one_half():
    matrix = pd.DataFrame({"a": [3.0], "b": [1.0]}, index=["only"])

    assert topsis(matrix, {"a": 1, "b": 1}).to_dict() == {"only": 0.5}


def test_topsis_constant_column_changes_nothing():
    matrix = pd.DataFrame({"a": [1.0, 2.0, 4.0], "k": [3.0, 3.0, 3.0]}, index=list("xyz"))

    with_constant = topsis(matrix, {"a": 1, "k": 1})
    only_a = topsis(matrix[["a"]], {"a": 1})

    assert with_constant.to_numpy() == pytest.approx(only_a.to_numpy())


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([3.0, 3.0, 1.0, 2.0], [1, 1, 4, 3]),
        ([5.0, 4.0, 4.0, 4.0, 1.0], [1, 2, 2, 2, 5]),
        ([1.0], [1]),
        ([2.0, 2.0], [1, 1]),
        ([0.1 + 0.2, 0.3, 0.1], [1, 1, 3]),  # float noise is a tie
        ([-1.0, -2.0, 0.0], [2, 3, 1]),
    ],
)
def test_rank_competition_ranking_table(scores, expected):
    result = rank(pd.Series(scores, index=[f"a{k}" for k in range(len(scores))]))

    assert result.tolist() == expected
    assert result.dtype == np.int64


def test_rank_keeps_index_order_and_labels():
    result = rank(pd.Series({"b": 1.0, "a": 2.0, "c": 1.0}))

    assert list(result.index) == ["b", "a", "c"]
    assert result.to_dict() == {"b": 2, "a": 1, "c": 2}


def test_rank_rejects_nan():
    with pytest.raises(ValueError, match="score for b"):
        rank(pd.Series({"a": 1.0, "b": np.nan}))
