"""ahp_weights: Saaty's published example, consistency figures and input errors."""

import numpy as np
import pandas as pd
import pytest

from scorecard.engine import CR_THRESHOLD, AhpResult, ahp_weights, random_index

HOUSE_CRITERIA = [
    "size",
    "transport",
    "neighbourhood",
    "age",
    "yard",
    "facilities",
    "condition",
    "finance",
]
HOUSE = [
    [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
    [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
    [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
    [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
    [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    [4, 7, 5, 8, 6, 6, 2, 1],
]


def test_ahp_saaty_house_example():
    """Saaty, T. L. (1990). How to make a decision: the analytic hierarchy process.
    *European Journal of Operational Research* 48(1), 9–26, Table 2 (also in Saaty, *The
    Analytic Hierarchy Process*, 1980): choosing a house on eight criteria. Published
    priorities .173 .054 .188 .018 .031 .036 .167 .333, λmax = 9.669, CI = 0.238,
    CR = 0.169 (with RI = 1.41 for n = 8).
    """
    pairwise = pd.DataFrame(HOUSE, index=HOUSE_CRITERIA, columns=HOUSE_CRITERIA)

    result = ahp_weights(pairwise)

    published = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]
    assert result.weights.round(3).tolist() == published
    assert list(result.weights.index) == HOUSE_CRITERIA
    assert result.lambda_max == pytest.approx(9.669, abs=5e-4)
    assert result.ci == pytest.approx(0.238, abs=5e-4)
    assert result.cr == pytest.approx(0.169, abs=5e-4)
    assert result.random_index == 1.41
    assert not result.is_consistent


def test_ahp_house_example_most_inconsistent_pair_is_neighbourhood_vs_condition():
    # a(neighbourhood, condition) = 6 while the weights imply .188/.167 ≈ 1.1: off by ~5.3×.
    pairwise = pd.DataFrame(HOUSE, index=HOUSE_CRITERIA, columns=HOUSE_CRITERIA)

    result = ahp_weights(pairwise)

    assert result.most_inconsistent_pair == ("neighbourhood", "condition")
    w = result.weights
    assert result.pair_deviation == pytest.approx(6 * w["condition"] / w["neighbourhood"])


def test_ahp_consistent_matrix_recovers_weights_exactly():
    w = np.array([0.5, 0.3, 0.2])
    pairwise = w[:, None] / w[None, :]

    result = ahp_weights(pairwise)

    assert result.weights.to_numpy() == pytest.approx(w)
    assert result.lambda_max == pytest.approx(3.0)
    assert result.ci == pytest.approx(0.0, abs=1e-12)
    assert result.cr == pytest.approx(0.0, abs=1e-12)
    assert result.is_consistent
    assert result.most_inconsistent_pair is None
    assert result.pair_deviation == 1.0


def test_ahp_two_criteria_always_consistent():
    result = ahp_weights([[1, 3], [1 / 3, 1]])

    assert result.weights.to_numpy() == pytest.approx([0.75, 0.25])
    assert (result.ci, result.cr, result.random_index) == (0.0, 0.0, 0.0)
    assert result.is_consistent
    assert result.most_inconsistent_pair is None


def test_ahp_single_criterion_gets_all_weight():
    result = ahp_weights(pd.DataFrame([[1.0]], index=["only"], columns=["only"]))

    assert result.weights.to_dict() == {"only": 1.0}


def test_ahp_three_by_three_hand_computed_cr():
    # A circulant matrix (a12 = a23 = a31 = 2): equal weights, λmax = 1 + 2 + 1/2 = 3.5.
    result = ahp_weights([[1, 2, 1 / 2], [1 / 2, 1, 2], [2, 1 / 2, 1]])

    assert result.weights.to_numpy() == pytest.approx([1 / 3, 1 / 3, 1 / 3])
    assert result.lambda_max == pytest.approx(3.5)
    assert result.ci == pytest.approx(0.25)
    assert result.cr == pytest.approx(0.25 / 0.58)
    assert result.cr > CR_THRESHOLD
    assert not result.is_consistent


def test_ahp_to_dict_is_plain_data():
    result = ahp_weights(pd.DataFrame(HOUSE, index=HOUSE_CRITERIA, columns=HOUSE_CRITERIA))

    data = result.to_dict()

    assert isinstance(result, AhpResult)
    assert data["most_inconsistent_pair"] == ["neighbourhood", "condition"]
    assert set(data) >= {"weights", "lambda_max", "ci", "cr", "random_index", "is_consistent"}
    assert data["is_consistent"] is False


def test_random_index_table_and_extension():
    assert [random_index(n) for n in range(1, 11)] == [
        0,
        0,
        0.58,
        0.90,
        1.12,
        1.24,
        1.32,
        1.41,
        1.45,
        1.49,
    ]
    assert random_index(11) == pytest.approx(1.51, abs=0.01)
    assert random_index(15) > random_index(11)


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[1, 2, 3], [0.5, 1, 2]], "square"),
        ([[1, -2], [-0.5, 1]], "positive"),
        ([[1, 0], [0, 1]], "positive"),
        ([[1, 3], [3, 1]], "not reciprocal"),
        ([[2, 1], [1, 1]], "diagonal"),
        ([[1, np.nan], [1, 1]], "non-finite"),
        ([], "square"),
    ],
)
def test_ahp_rejects_bad_input(matrix, message):
    with pytest.raises(ValueError, match=message):
        ahp_weights(matrix)


def test_ahp_accepts_reciprocals_typed_to_three_digits():
    result = ahp_weights([[1, 3, 5], [0.333, 1, 2], [0.2, 0.5, 1]])

    assert result.weights.sum() == pytest.approx(1.0)


def test_ahp_reorders_columns_to_match_index():
    # Row a, column b is 1/3: b is three times as important as a.
    pairwise = pd.DataFrame([[1 / 3, 1], [1, 3]], index=["a", "b"], columns=["b", "a"])

    result = ahp_weights(pairwise)

    assert result.weights.to_dict() == pytest.approx({"a": 0.25, "b": 0.75})
