"""Must-have gates: pass/fail requirements tested on facts about each candidate."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

GATE_OPERATORS = (
    "is_true",
    "is_false",
    ">=",
    "<=",
    ">",
    "<",
    "==",
    "!=",
    "in",
    "not_in",
    "contains_all",
)
_REQUIRED_TEXT = {
    "is_true": "is true",
    "is_false": "is false",
    "in": "one of",
    "not_in": "none of",
    "contains_all": "includes all of",
}

PASSED = "passed"
FAILED = "failed"
UNVERIFIED = "unverified"


def is_unknown(value: Any) -> bool:
    """True for a missing fact: ``None``, NaN, ``pd.NA`` or ``NaT`` (not an empty list)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, list | tuple | set | frozenset | dict | str):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _show(value: Any) -> str:
    if isinstance(value, set | frozenset):
        value = sorted(value, key=str)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


@dataclass(frozen=True)
class Gate:
    """A must-have: ``fact`` ``operator`` ``value`` must hold, or the candidate is out.

    Operators: ``is_true``, ``is_false`` (no ``value``), ``>=``, ``<=``, ``>``, ``<``, ``==``,
    ``!=``, ``in``/``not_in`` (``value`` is a collection the fact must / must not be in) and
    ``contains_all`` (the fact is a collection that must include every item of ``value``).
    A missing fact (absent, ``None`` or NaN) does not disqualify: the gate is *unverified*
    and reported as such, so a gap in the data is visible but never decides on its own.
    """

    code: str
    label: str
    fact: str
    operator: str
    value: Any = None

    def __post_init__(self) -> None:
        if self.operator not in GATE_OPERATORS:
            raise ValueError(
                f"gate {self.code}: unknown operator {self.operator!r}; "
                f"use one of {', '.join(GATE_OPERATORS)}"
            )
        if self.operator in ("in", "not_in", "contains_all") and (
            isinstance(self.value, str) or not hasattr(self.value, "__iter__")
        ):
            raise ValueError(f"gate {self.code}: operator {self.operator} needs a collection")

    @property
    def requirement(self) -> str:
        """The test in words, e.g. ``is true`` or ``>= 50``."""
        text = _REQUIRED_TEXT.get(self.operator)
        if self.operator in ("is_true", "is_false"):
            return text
        if text:
            return f"{text} {_show(self.value)}"
        return f"{self.operator} {_show(self.value)}"

    def check(self, facts: Mapping[str, Any] | None) -> str:
        """``"passed"``, ``"failed"`` or ``"unverified"`` (the fact is unknown)."""
        actual = (facts or {}).get(self.fact)
        if is_unknown(actual):
            return UNVERIFIED
        return PASSED if self._holds(actual) else FAILED

    def _holds(self, actual: Any) -> bool:
        op, value = self.operator, self.value
        try:
            if op == "is_true":
                return bool(actual)
            if op == "is_false":
                return not bool(actual)
            if op == ">=":
                return actual >= value
            if op == "<=":
                return actual <= value
            if op == ">":
                return actual > value
            if op == "<":
                return actual < value
            if op == "==":
                return actual == value
            if op == "!=":
                return actual != value
            if op == "in":
                return actual in value
            if op == "not_in":
                return actual not in value
            return set(value) <= set(actual)
        except TypeError as exc:
            raise ValueError(
                f"gate {self.code}: cannot compare fact {self.fact}={actual!r} "
                f"with {self.requirement}: {exc}"
            ) from None

    def failure_reason(self, facts: Mapping[str, Any] | None) -> str:
        """``"<label>: fact <fact> is <actual> (required: <requirement>)"``."""
        actual = (facts or {}).get(self.fact)
        return f"{self.label}: fact {self.fact} is {_show(actual)} (required: {self.requirement})"

    def unverified_reason(self) -> str:
        """``"<label>: no data for fact <fact> (required: <requirement>)"``."""
        return f"{self.label}: no data for fact {self.fact} (required: {self.requirement})"


def gate_outcomes(
    gates: Any, candidates: list, facts: Mapping[Any, Mapping[str, Any]] | None
) -> dict[Any, dict[str, str]]:
    """``{candidate: {gate code: "passed" | "failed" | "unverified"}}`` for every candidate and
    gate: the one rule deciding gates (:meth:`Gate.check`); gate codes must be unique."""
    gates = list(gates)
    codes = [g.code for g in gates]
    if len(set(codes)) != len(codes):
        raise ValueError("gate codes must be unique")
    facts = facts or {}
    return {
        candidate: {gate.code: gate.check(facts.get(candidate, {})) for gate in gates}
        for candidate in candidates
    }


def apply_gates(
    gates: Any, candidates: list, facts: Mapping[Any, Mapping[str, Any]] | None
) -> tuple[dict[Any, list[str]], dict[Any, list[str]]]:
    """Return ``(disqualified, unverified)``: candidate → list of reasons, non-empty only."""
    gates = list(gates)
    outcomes = gate_outcomes(gates, candidates, facts)
    facts = facts or {}
    disqualified: dict[Any, list[str]] = {}
    unverified: dict[Any, list[str]] = {}
    for candidate in candidates:
        candidate_facts = facts.get(candidate, {})
        for gate in gates:
            outcome = outcomes[candidate][gate.code]
            if outcome == FAILED:
                disqualified.setdefault(candidate, []).append(gate.failure_reason(candidate_facts))
            elif outcome == UNVERIFIED:
                unverified.setdefault(candidate, []).append(gate.unverified_reason())
    return disqualified, unverified
