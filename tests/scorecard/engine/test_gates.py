"""Gates: every operator, unknown facts and the failure message."""

import math

import pandas as pd
import pytest

from scorecard.engine import Gate, apply_gates


@pytest.mark.parametrize(
    ("operator", "value", "fact", "outcome"),
    [
        ("is_true", None, True, "passed"),
        ("is_true", None, False, "failed"),
        ("is_false", None, False, "passed"),
        ("is_false", None, True, "failed"),
        (">=", 50, 50, "passed"),
        (">=", 50, 49, "failed"),
        ("<=", 50, 51, "failed"),
        (">", 50, 50, "failed"),
        ("<", 50, 49, "passed"),
        ("==", "MX", "MX", "passed"),
        ("!=", "MX", "MX", "failed"),
        ("in", ["GDL", "MTY"], "GDL", "passed"),
        ("in", ["GDL", "MTY"], "CDMX", "failed"),
        ("not_in", ["GDL"], "GDL", "failed"),
        ("contains_all", ["en", "es"], ["es", "en", "fr"], "passed"),
        ("contains_all", ["en", "es"], ["es"], "failed"),
        (">=", 50, None, "unverified"),
        ("is_true", None, math.nan, "unverified"),
        ("is_true", None, pd.NA, "unverified"),
        ("contains_all", ["en"], [], "failed"),
    ],
)
def test_gate_check_table(operator, value, fact, outcome):
    gate = Gate("g", "Gate", "f", operator, value)

    assert gate.check({"f": fact}) == outcome


def test_gate_missing_fact_is_unverified():
    assert Gate("g", "Gate", "f", "is_true").check({}) == "unverified"
    assert Gate("g", "Gate", "f", "is_true").check(None) == "unverified"


def test_gate_failure_reason_names_fact_value_and_requirement():
    gate = Gate("repse", "REPSE registration valid", "repse_valid", "is_true")

    reason = gate.failure_reason({"repse_valid": False})

    assert reason == "REPSE registration valid: fact repse_valid is False (required: is true)"


def test_gate_threshold_reason():
    gate = Gate("seats", "Seats available", "seats_available", ">=", 50)

    assert gate.failure_reason({"seats_available": 40}) == (
        "Seats available: fact seats_available is 40 (required: >= 50)"
    )


def test_gate_unknown_operator_raises():
    with pytest.raises(ValueError, match="unknown operator"):
        Gate("g", "Gate", "f", "approximately", 3)


def test_gate_incomparable_fact_raises_value_error():
    gate = Gate("seats", "Seats", "seats", ">=", 50)

    with pytest.raises(ValueError, match="cannot compare"):
        gate.check({"seats": "many"})


def test_apply_gates_splits_failed_and_unverified():
    gates = [
        Gate("repse", "REPSE", "repse_valid", "is_true"),
        Gate("seats", "Seats", "seats", ">=", 10),
    ]
    facts = {"a": {"repse_valid": True, "seats": 20}, "b": {"repse_valid": False}, "c": {}}

    disqualified, unverified = apply_gates(gates, ["a", "b", "c"], facts)

    assert list(disqualified) == ["b"]
    assert unverified == {
        "b": ["Seats: no data for fact seats (required: >= 10)"],
        "c": [
            "REPSE: no data for fact repse_valid (required: is true)",
            "Seats: no data for fact seats (required: >= 10)",
        ],
    }
