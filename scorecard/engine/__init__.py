"""Pure decision maths for the scorecard: numpy and pandas only, never Django.

Public API (stable; views, reports, the command line and external checks call these):

- :func:`weighted_sum`, :func:`topsis`, :func:`rank` – score and rank a decision matrix
  (DataFrame: rows = alternatives, columns = criteria).
- :func:`ahp_weights` → :class:`AhpResult` – weights from pairwise comparisons.
- :func:`rank_acceptability` (SMAA-2; :func:`first_rank_acceptability`, its first place alone)
  and :func:`weight_stability` – sensitivity to weights.
- :class:`ValueFunction` – measured figure → 0–5.
- :func:`aggregate_assessments` – several assessors' scores → one value, spread and flag.
- :class:`Gate`, :class:`IndicatorSpec`, :func:`evaluate_engagement` →
  :class:`EngagementResult` – the engagement-level pipeline.
"""

from scorecard.engine.ahp import CR_THRESHOLD, AhpResult, ahp_weights, random_index
from scorecard.engine.assessments import (
    NOT_APPLICABLE,
    SCORED,
    STATUSES,
    UNKNOWN,
    aggregate_assessments,
)
from scorecard.engine.gates import GATE_OPERATORS, Gate, apply_gates
from scorecard.engine.methods import rank, topsis, weighted_sum
from scorecard.engine.pipeline import IndicatorSpec, evaluate_engagement, rescored
from scorecard.engine.result import EngagementResult
from scorecard.engine.sensitivity import (
    first_rank_acceptability,
    rank_acceptability,
    weight_stability,
)
from scorecard.engine.value_functions import ValueFunction

__all__ = [
    "CR_THRESHOLD",
    "GATE_OPERATORS",
    "NOT_APPLICABLE",
    "SCORED",
    "STATUSES",
    "UNKNOWN",
    "AhpResult",
    "EngagementResult",
    "Gate",
    "IndicatorSpec",
    "ValueFunction",
    "aggregate_assessments",
    "ahp_weights",
    "apply_gates",
    "evaluate_engagement",
    "first_rank_acceptability",
    "random_index",
    "rank",
    "rank_acceptability",
    "rescored",
    "topsis",
    "weight_stability",
    "weighted_sum",
]
