"""Engagement set-up rules that read models: which complexity tiers a city serves, and the
engine's verdict on a must-have gate.

The rest of set-up lives by layer: suggestion and weight rules in :mod:`scorecard.domain`,
the suggestion query in :mod:`scorecard.selectors_suggestions`, writes in
:mod:`scorecard.services.weights`.
"""

from __future__ import annotations

from cities.models import ComplexityTier
from scorecard.measures import GateCheck
from scorecard.models import GateDefinition, GateOperator

# A city can take work of its own tier and below: a high-complexity city also suits
# medium- and low-complexity work, not the other way round.
TIER_RANK = {ComplexityTier.LOW: 1, ComplexityTier.MEDIUM: 2, ComplexityTier.HIGH: 3}


def gate_outcome(gate: GateDefinition, check: GateCheck, threshold=None) -> str:
    """The engine's verdict on ``check`` for ``gate``: ``"passed"``, ``"failed"`` or
    ``"unverified"`` (no data). :mod:`scorecard.measures` already reduces the languages fact
    to true/false, so every gate but the seats threshold is an ``is_true`` test here."""
    from scorecard.engine import Gate

    if gate.operator == GateOperator.AT_LEAST and threshold is not None:
        operator, value = ">=", threshold
    else:
        operator, value = "is_true", None
    engine_gate = Gate(
        code=gate.code, label=gate.name, fact=gate.fact, operator=operator, value=value
    )
    return engine_gate.check({gate.fact: check.value})
