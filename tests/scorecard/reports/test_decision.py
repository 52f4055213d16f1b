"""The decision page's rules: the smallest weight change that flips the winner, acceptability
in words, conditions precedent."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from scorecard.engine import weight_stability
from scorecard.models import ComplianceStatus
from scorecard.reports.decision import (
    COIN_TOSS_BELOW,
    acceptability_rule,
    acceptability_words,
    conditions_precedent,
    smallest_flip,
)
from scorecard.selectors.compliance import ChecklistEntry


def test_smallest_flip_names_the_smallest_change_not_the_narrowest_interval():
    # A leads; B wins when "gov" weight drops a little; "fin" has a narrow interval [0, x]
    # but raising "fin" takes a larger move than cutting "gov".
    matrix = pd.DataFrame(
        {"gov": [5.0, 3.0], "svc": [3.0, 3.6], "fin": [2.0, 4.0]}, index=["A", "B"]
    )
    weights = {"gov": 0.30, "svc": 0.60, "fin": 0.10}
    stability = weight_stability(matrix, weights)
    labels = {"A": "Alpha", "B": "Bravo"}
    flip = smallest_flip(stability, {"gov": "Governance"}, labels)
    moves = []
    for code, row in stability.iterrows():
        if row["rival_below"] is not None:
            moves.append((row["weight"] - row["lower"], code))
        if row["rival_above"] is not None:
            moves.append((row["upper"] - row["weight"], code))
    change, code = min(moves)
    assert flip is not None
    assert flip.rival == labels[next(c for c in "AB" if c != stability["leader"].iloc[0])]
    assert round(flip.change, 6) == round(change * 100, 6)
    assert flip.criterion == {"gov": "Governance"}.get(code, code)
    assert abs(abs(flip.to - flip.weight) - flip.change) < 1e-9


def test_smallest_flip_when_no_weight_changes_the_winner_is_none():
    matrix = pd.DataFrame({"a": [5.0, 1.0], "b": [5.0, 1.0]}, index=["A", "B"])
    stability = weight_stability(matrix, {"a": 0.5, "b": 0.5})
    assert smallest_flip(stability, {}, {}) is None


def test_acceptability_words_below_the_threshold_is_a_coin_toss():
    assert acceptability_words(COIN_TOSS_BELOW - 0.01) == "close to a coin toss"
    assert acceptability_words(COIN_TOSS_BELOW) != "close to a coin toss"
    assert acceptability_words(0.95) == "clear"
    assert f"{round(COIN_TOSS_BELOW * 100)}%" in acceptability_rule()


def _entry(status, expires_on=None, note=""):
    return ChecklistEntry(
        item="x", label="Item", legal_basis="", status=status, note=note, expires_on=expires_on
    )


def test_conditions_precedent_lists_unknown_not_met_and_expiring_before_go_live():
    go_live = dt.date(2027, 3, 1)
    checklist = [
        _entry(ComplianceStatus.MET, dt.date(2026, 12, 9)),  # expires before go-live
        _entry(ComplianceStatus.MET, dt.date(2027, 6, 1)),  # fine
        _entry(ComplianceStatus.UNKNOWN, note="No opinion on file."),
        _entry(ComplianceStatus.NOT_MET, note="Negative opinion on file."),
        _entry(ComplianceStatus.NOT_APPLICABLE),
    ]
    found = conditions_precedent(checklist, go_live)
    assert [c.detail for c in found] == [
        "Expires 2026-12-09, before go-live on 2027-03-01: renew.",
        "No opinion on file.",
        "Negative opinion on file.",
    ]


def test_conditions_precedent_missing_for_the_same_reason_share_a_line():
    checklist = [
        ChecklistEntry(item="a", label="A", legal_basis="", status=ComplianceStatus.UNKNOWN),
        ChecklistEntry(item="b", label="B", legal_basis="", status=ComplianceStatus.UNKNOWN),
        _entry(ComplianceStatus.MET_SCOPE, note="Confirm scope."),
    ]
    found = conditions_precedent(checklist, None)
    assert [(c.title, c.detail) for c in found] == [
        ("A; B", "No answer or evidence recorded yet."),
        ("Item", "Confirm scope."),
    ]
