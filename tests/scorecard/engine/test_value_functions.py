"""ValueFunction: parsing, evaluation, description and errors."""

import math

import numpy as np
import pandas as pd
import pytest

from scorecard.engine import ValueFunction


def test_value_function_interpolates_and_clamps():
    function = ValueFunction.from_dict({"kind": "piecewise", "points": [[4, 1], [6, 3.5], [8, 5]]})

    assert [function(x) for x in (0, 4, 5, 6, 7, 8, 100)] == [1, 1, 2.25, 3.5, 4.25, 5, 5]


def test_value_function_decreasing_attrition_example():
    function = ValueFunction.from_dict({"kind": "piecewise", "points": [[10, 5], [60, 0]]})

    assert function(10) == 5
    assert function(35) == pytest.approx(2.5)
    assert function(80) == 0
    assert function(0) == 5


@pytest.mark.parametrize("missing", [None, math.nan, np.nan, pd.NA])
def test_value_function_unknown_figure_is_nan_not_zero(missing):
    function = ValueFunction.from_dict({"kind": "piecewise", "points": [[0, 0], [1, 5]]})

    assert math.isnan(function(missing))


def test_value_function_apply_is_vectorised_and_keeps_nan():
    function = ValueFunction.from_dict({"kind": "piecewise", "points": [[0, 0], [10, 5]]})

    result = function.apply([0, 5, np.nan, 20])

    np.testing.assert_array_equal(result, [0, 2.5, np.nan, 5])


def test_value_function_round_trips_through_dict():
    data = {"kind": "piecewise", "points": [[4.0, 1.0], [6.0, 3.5], [8.0, 5.0]]}

    assert ValueFunction.from_dict(data).to_dict() == data


def test_value_function_describe_in_plain_english():
    function = ValueFunction.from_dict({"kind": "piecewise", "points": [[4, 1], [6, 3.5], [8, 5]]})

    assert function.describe() == "4 → 1, 6 → 3.5, 8 → 5 (linear between points, flat beyond)"


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        ([[0, 0], [1, 5]], TypeError, "mapping"),
        ({"points": [[0, 0], [1, 5]]}, KeyError, "kind"),
        ({"kind": "piecewise"}, KeyError, "points"),
        ({"kind": "step", "points": [[0, 0], [1, 5]]}, ValueError, "unknown value function kind"),
        ({"kind": "piecewise", "points": [[0, 0]]}, ValueError, "at least 2 points"),
        ({"kind": "piecewise", "points": []}, ValueError, "at least 2 points"),
        ({"kind": "piecewise", "points": [[0, 0], [0, 5]]}, ValueError, "strictly increasing"),
        ({"kind": "piecewise", "points": [[5, 0], [1, 5]]}, ValueError, "strictly increasing"),
        ({"kind": "piecewise", "points": [[0, 0], [1, 6]]}, ValueError, "outside 0–5"),
        ({"kind": "piecewise", "points": [[0, -1], [1, 5]]}, ValueError, "outside 0–5"),
        ({"kind": "piecewise", "points": [[0, 0], [1, 2, 3]]}, TypeError, "pair"),
        ({"kind": "piecewise", "points": [[0, 0], ["a", 5]]}, TypeError, "numbers"),
        ({"kind": "piecewise", "points": "0,0;1,5"}, TypeError, "list"),
        ({"kind": "piecewise", "points": [[0, 0], [math.inf, 5]]}, ValueError, "finite"),
    ],
)
def test_value_function_rejects_bad_definitions(data, error, message):
    with pytest.raises(error, match=message):
        ValueFunction.from_dict(data)
