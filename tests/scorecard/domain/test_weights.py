"""Weights without a database: Saaty's scale in words, the AHP matrix, percentages that add
up to 100."""

from decimal import Decimal
from fractions import Fraction

import pytest

from scorecard.domain.weights import (
    derive_ahp_weights,
    describe_judgement,
    nearest_saaty,
    pairwise_matrix,
    round_percentages,
    saaty_key,
    shown_parts,
    shown_weights,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(5), "Talent is strongly more important than Compliance"),
        (Fraction(1), "Talent and Compliance are equally important"),
        (Fraction(1, 7), "Compliance is very strongly more important than Talent"),
    ],
)
def test_describe_judgement_phrases_the_scale_in_words(value, text):
    assert describe_judgement(value, "Talent", "Compliance") == text


def test_saaty_key_and_nearest_round_trip_stored_decimals():
    assert saaty_key(Fraction(1, 3)) == "1/3"
    assert saaty_key(Fraction(7)) == "7"
    assert nearest_saaty(Decimal("0.333333")) == Fraction(1, 3)


def test_round_percentages_sum_to_exactly_100():
    shares = {"a": 1, "b": 1, "c": 1}

    rounded = round_percentages(shares)

    assert rounded == {"a": Decimal("33.34"), "b": Decimal("33.33"), "c": Decimal("33.33")}
    assert sum(rounded.values()) == Decimal("100.00")


def test_round_percentages_many_awkward_shares_still_sum_to_100():
    shares = {f"k{i}": 1 / (i + 3) for i in range(6)}

    assert sum(round_percentages(shares).values()) == Decimal("100.00")


def test_round_percentages_zero_total_is_refused():
    with pytest.raises(ValueError):
        round_percentages({"a": 0})


def test_pairwise_matrix_fills_reciprocals_and_defaults_to_equal():
    matrix = pairwise_matrix(["a", "b", "c"], {("a", "b"): Fraction(3)})

    assert matrix.loc["a", "b"] == 3
    assert matrix.loc["b", "a"] == pytest.approx(1 / 3)
    assert matrix.loc["a", "c"] == 1


def test_derive_ahp_weights_under_two_criteria_is_none():
    assert derive_ahp_weights(["a"], {}) is None


def test_derive_ahp_weights_follows_the_judgements():
    result = derive_ahp_weights(["a", "b"], {("a", "b"): Fraction(3)})

    assert result.weights.to_dict() == pytest.approx({"a": 0.75, "b": 0.25})


def test_shown_parts_add_up_to_the_total_shown():
    parts = [30.46, 30.46, 21.88]  # total 82.80; rounded one by one they print 82.9

    shown = shown_parts(parts)

    assert round(sum(round(p, 1) for p in parts), 1) == 82.9  # the disagreement it removes
    assert shown == [30.5, 30.4, 21.9]
    assert round(sum(shown), 1) == round(sum(parts), 1) == 82.8


def test_shown_parts_of_nothing_are_zeros():
    assert shown_parts([0.0, 0.0]) == [0.0, 0.0]


def test_shown_weights_add_up_to_100():
    weights = [27.5, 15.5, 9.0, 27.5, 14.45, 6.05]  # rounded one by one: 100.1

    assert round(sum(round(w + 1e-9, 1) for w in weights), 1) == 100.1
    assert round(sum(shown_weights(weights)), 1) == 100.0
