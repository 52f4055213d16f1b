"""The engagement-level pipeline: from assessors' scores and measured figures to a ranking.

Steps, each visible in :class:`EngagementResult`:

1. Aggregate assessors' 0–5 scores per (candidate, indicator) (mean, or median on request)
   and flag disagreement (:func:`aggregate_assessments`).
2. Turn measured figures into 0–5 with each indicator's :class:`ValueFunction`.
3. Roll indicators up to criterion scores (0–5): the weighted mean of the indicators whose
   value is known. *Not applicable* indicators leave the criterion and the remaining weights
   are renormalised; *unknown* indicators are left out of the mean too (never scored 0) but
   lower the candidate's completeness.
4. Apply must-have gates: a failed gate disqualifies (kept, with reasons, not ranked); a gate
   whose fact is unknown is reported as unverified and does not disqualify.
5. Leave out the candidates whose completeness is under ``min_completeness`` (or zero): they
   are *insufficient*, kept with their completeness but not ranked.
6. Score and rank the eligible candidates, with per-criterion contributions.

Missing criteria. A criterion with no known indicator for a candidate has a NaN criterion
score: unknown, never 0. It is listed in ``missing_criteria`` and lowers ``completeness``.
For the total its weight is shared among the candidate's known criteria in proportion to
their weights (:data:`~scorecard.engine.result.MISSING_CRITERION_POLICY`); TOPSIS and the
sensitivity analyses see the same rule as a matrix filled with the candidate's weighted
average over its known criteria (:func:`~scorecard.engine.result.fill_missing_criteria`).

Code: steps 1–3 are :mod:`scorecard.engine.grid` (``fill_assessed``, ``fill_measured``,
``roll_up``, ``add_extra_criteria``); step 4 is :func:`scorecard.engine.gates.apply_gates`;
steps 5–6 are :func:`_insufficient` and :func:`_score` here; :func:`evaluate_engagement` runs
them in order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from scorecard.engine._validation import Matrix, normalise_weights
from scorecard.engine.gates import Gate, apply_gates
from scorecard.engine.grid import (
    IndicatorGrid,
    add_extra_criteria,
    fill_assessed,
    fill_measured,
    indicator_frame,
    roll_up,
)
from scorecard.engine.methods import closeness, normalize_for_topsis, rank, topsis_gaps
from scorecard.engine.result import (
    METHOD_NORMALIZATION,
    EngagementResult,
    fill_missing_criteria,
)
from scorecard.engine.value_functions import ValueFunction

PIPELINE_METHODS = ("weighted_sum", "topsis")
INDICATOR_KINDS = ("rated", "measured")
INDICATOR_COLUMNS = [
    "candidate",
    "indicator",
    "criterion",
    "kind",
    "value",
    "raw",
    "n_scored",
    "n_na",
    "n_unknown",
    "spread",
    "std",
    "status",
    "flagged",
]


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator of the engagement.

    ``weight`` is its weight within ``criterion`` on any non-negative scale (e.g. percentage
    points). ``kind`` is ``"rated"`` (assessors score it 0–5) or ``"measured"`` (a figure
    turned into 0–5 by ``value_function``, a :class:`ValueFunction` or its dict form).
    """

    code: str
    criterion: str
    weight: float
    kind: str = "rated"
    value_function: ValueFunction | Mapping[str, Any] | None = None
    name: str = ""

    def __post_init__(self) -> None:
        if self.kind not in INDICATOR_KINDS:
            raise ValueError(f"indicator {self.code}: kind must be 'rated' or 'measured'")
        try:
            weight = float(self.weight)
        except (TypeError, ValueError):
            raise ValueError(f"indicator {self.code}: weight must be a number") from None
        if not math.isfinite(weight) or weight < 0:
            raise ValueError(f"indicator {self.code}: weight must be finite and ≥ 0")
        object.__setattr__(self, "weight", weight)
        if isinstance(self.value_function, Mapping):
            object.__setattr__(self, "value_function", ValueFunction.from_dict(self.value_function))
        if self.kind == "measured" and not isinstance(self.value_function, ValueFunction):
            raise ValueError(f"indicator {self.code}: a measured indicator needs a value function")


def _candidate_ids(candidates: Any) -> tuple[list[Any], dict[Any, str]]:
    if isinstance(candidates, Mapping):
        ids = list(candidates)
        labels = {c: str(candidates[c]) for c in ids}
    else:
        ids = list(candidates)
        labels = {c: str(c) for c in ids}
    if not ids:
        raise ValueError("no candidates to evaluate")
    if len(set(ids)) != len(ids):
        raise ValueError("candidate ids must be unique")
    return ids, labels


@dataclass(frozen=True)
class Layout:
    """The checked shape of one evaluation: candidates, indicators, criteria and weights."""

    ids: list[Any]
    labels: dict[Any, str]
    candidate_index: pd.Index
    specs: list[IndicatorSpec]
    codes: list[str]
    criteria: pd.Index
    weights: np.ndarray  # criterion weights normalised to sum 1
    criterion_position: dict[Any, int]
    ind_weight: np.ndarray  # indicator weights within their criterion
    membership: np.ndarray  # indicator × criterion, 1 where the indicator belongs

    @property
    def position(self) -> dict[Any, int]:
        return {c: k for k, c in enumerate(self.ids)}


def _check_layout(
    candidates: Sequence[Any] | Mapping[Any, str],
    indicators: Sequence[IndicatorSpec],
    criterion_weights: Mapping[Any, float],
) -> Layout:
    """Validate candidates, indicators and criterion weights; build the shared arrays."""
    ids, labels = _candidate_ids(candidates)
    specs = list(indicators)
    for spec in specs:
        if not isinstance(spec, IndicatorSpec):
            raise TypeError(f"indicators must be IndicatorSpec objects, got {spec!r}")
    codes = [spec.code for spec in specs]
    if len(set(codes)) != len(codes):
        raise ValueError("indicator codes must be unique")
    criteria = pd.Index(list(criterion_weights), dtype=object)
    weights = normalise_weights(criterion_weights, criteria, name="criterion weights")
    criterion_position = {c: k for k, c in enumerate(criteria)}
    for spec in specs:
        if spec.criterion not in criterion_position:
            raise ValueError(
                f"indicator {spec.code} belongs to criterion {spec.criterion}, "
                f"which has no criterion weight"
            )
    ind_weight = np.array([spec.weight for spec in specs], dtype=float)
    membership = np.zeros((len(specs), len(criteria)))
    for i, spec in enumerate(specs):
        membership[i, criterion_position[spec.criterion]] = 1.0
    for k, criterion in enumerate(criteria):
        has = membership[:, k] > 0
        if has.any() and ind_weight[has].sum() <= 0:
            raise ValueError(f"criterion {criterion}: its indicator weights are all zero")
    return Layout(
        ids=ids,
        labels=labels,
        candidate_index=pd.Index(ids, dtype=object),
        specs=specs,
        codes=codes,
        criteria=criteria,
        weights=weights,
        criterion_position=criterion_position,
        ind_weight=ind_weight,
        membership=membership,
    )


def _score(
    scores: np.ndarray,
    weights: np.ndarray,
    ids: list[Any],
    criteria: pd.Index,
    eligible: list[Any],
    method: str,
) -> tuple[np.ndarray, np.ndarray]:
    """Step 6: contributions (candidate × criterion, points) and totals (0–100).

    Weighted sum scores every candidate with a known criterion (NaN for the others), sharing
    the weight of unknown criteria among the known ones; TOPSIS only the ``eligible`` ones
    (NaN for others), on the matrix :func:`fill_missing_criteria` fills.
    """
    n, n_crit = len(ids), len(weights)
    filled = fill_missing_criteria(scores, weights)
    if method == "weighted_sum":
        known = ~np.isnan(scores)
        known_weight = known @ weights
        share = np.full(n, np.nan)
        np.divide(1.0, known_weight, out=share, where=known_weight > 0)
        contributions = np.where(known, scores, 0.0) * weights * share[:, np.newaxis] / 5.0 * 100.0
        return contributions, contributions.sum(axis=1)
    contributions = np.full((n, n_crit), np.nan)
    totals = np.full(n, np.nan)
    if eligible:
        eligible_set = set(eligible)
        eligible_mask = np.array([c in eligible_set for c in ids], dtype=bool)
        sub = Matrix(filled[eligible_mask], pd.Index(eligible, dtype=object), criteria)
        normalized = normalize_for_topsis(sub, METHOD_NORMALIZATION[method])
        gap_plus, gap_minus = topsis_gaps(normalized, np.ones(n_crit, dtype=bool))
        w2 = weights**2
        total = 100.0 * closeness(np.sqrt(gap_plus @ w2), np.sqrt(gap_minus @ w2))
        weighted = normalized * weights
        row_sum = weighted.sum(axis=1, keepdims=True)
        portion = np.zeros_like(weighted)
        np.divide(weighted, row_sum, out=portion, where=row_sum > 0)
        contributions[eligible_mask] = portion * total[:, np.newaxis]
        totals[eligible_mask] = total
    return contributions, totals


def evaluate_engagement(
    *,
    candidates: Sequence[Any] | Mapping[Any, str],
    indicators: Sequence[IndicatorSpec],
    criterion_weights: Mapping[Any, float],
    assessor_scores: pd.DataFrame | None = None,
    measured: Mapping[tuple[Any, str], Any] | pd.DataFrame | None = None,
    extra_criterion_scores: pd.DataFrame | None = None,
    gates: Sequence[Gate] = (),
    facts: Mapping[Any, Mapping[str, Any]] | None = None,
    method: str = "weighted_sum",
    aggregation: str = "mean",
    disagreement_threshold: float = 1.5,
    min_completeness: float = 0.0,
    aggregated_scores: pd.DataFrame | None = None,
) -> EngagementResult:
    """Score, gate and rank an engagement's candidates (see the module docstring).

    ``candidates`` is a sequence of ids or a mapping id → label. ``criterion_weights`` maps
    each criterion to its weight (any non-negative scale; all zero is an error).
    ``assessor_scores`` is the long frame taken by :func:`aggregate_assessments`.
    ``measured`` maps (candidate, indicator code) → raw figure (or is a candidate × indicator
    DataFrame); ``None``/NaN is unknown and :data:`NOT_APPLICABLE` (``"not_applicable"``) is
    not applicable.
    ``extra_criterion_scores`` is a candidate × criterion frame already on 0–5 (e.g. cost)
    for criteria without indicators; NaN is unknown. ``facts`` maps candidate → fact → value
    for the ``gates``. ``method`` is ``"weighted_sum"`` or ``"topsis"``. ``min_completeness``
    (0–1) is the completeness a candidate needs to be ranked; a candidate with no known data
    is never ranked. ``aggregated_scores``: :func:`aggregate_assessments` of ``assessor_scores``
    with this ``aggregation`` and ``disagreement_threshold``, when the caller has it already
    (the same scores ranked by two methods are aggregated once); ``assessor_scores`` is then
    not read.

    Raises ``ValueError`` for unknown candidates, indicators or criteria in the inputs, a
    rated indicator given a measured figure (or vice versa), scores outside 0–5, and bad
    weights.
    """
    if method not in PIPELINE_METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(PIPELINE_METHODS)}")
    layout = _check_layout(candidates, indicators, criterion_weights)
    ids, candidate_index, criteria = layout.ids, layout.candidate_index, layout.criteria
    grid = IndicatorGrid.empty(len(ids), len(layout.specs))
    fill_assessed(
        grid, layout, assessor_scores, aggregation, disagreement_threshold, aggregated_scores
    )
    fill_measured(grid, layout, measured)
    scores, share = roll_up(grid, layout)
    add_extra_criteria(scores, share, layout, extra_criterion_scores)
    share[np.isnan(scores)] = 0.0
    criterion_scores = pd.DataFrame(scores, index=candidate_index, columns=criteria)

    disqualified, unverified = apply_gates(gates, ids, facts)
    completeness = share @ layout.weights
    insufficient = _insufficient(ids, completeness, disqualified, min_completeness)
    eligible = [c for c in ids if c not in disqualified and c not in insufficient]
    contributions, totals = _score(scores, layout.weights, ids, criteria, eligible, method)
    totals_series = pd.Series(totals, index=candidate_index, name="total")
    return EngagementResult(
        criterion_scores=criterion_scores,
        contributions=pd.DataFrame(contributions, index=candidate_index, columns=criteria),
        totals=totals_series,
        ranks=_ranks(totals_series, eligible),
        completeness=pd.Series(completeness, index=candidate_index, name="completeness"),
        disqualified=disqualified,
        unverified_gates=unverified,
        unranked=[c for c in ids if c in disqualified],
        indicators=indicator_frame(grid, layout),
        decision_matrix=pd.DataFrame(
            fill_missing_criteria(scores, layout.weights), index=candidate_index, columns=criteria
        ).loc[eligible],
        weights=pd.Series(layout.weights, index=criteria, name="weight"),
        method=method,
        missing_criteria=_missing_criteria(scores, ids, criteria),
        labels=layout.labels,
        insufficient=[c for c in ids if c in insufficient],
    )


def rescored(result: EngagementResult, method: str) -> tuple[pd.Series, pd.Series]:
    """The totals (index: every candidate; NaN where ``method`` gives none) and the ranks
    (index: the ranked candidates, in the order of ``result.ranks``) that ``method`` gives
    ``result``'s candidates: steps 6 and 7 again on the same criterion scores, weights and
    eligible candidates, so equal to those of :func:`evaluate_engagement` with ``method`` and
    the arguments that gave ``result``. A page showing a second method's order reads nothing
    else."""
    if method not in PIPELINE_METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(PIPELINE_METHODS)}")
    candidates = result.criterion_scores.index
    eligible = list(result.ranks.index)
    _, totals = _score(
        result.criterion_scores.to_numpy(dtype=float),
        result.weights.to_numpy(dtype=float),
        list(candidates),
        result.criterion_scores.columns,
        eligible,
        method,
    )
    totals_series = pd.Series(totals, index=candidates, name="total")
    return totals_series, _ranks(totals_series, eligible)


def _ranks(totals: pd.Series, eligible: list) -> pd.Series:
    """The ranks of the ``eligible`` candidates by ``totals`` (empty when none is)."""
    if not eligible:
        return pd.Series([], index=pd.Index([], dtype=object), dtype="int64", name="rank")
    return rank(totals.loc[eligible])


def _missing_criteria(scores: np.ndarray, ids: list, criteria: list) -> dict:
    """Candidate → the criteria it has no known score for (only candidates missing some)."""
    return {
        candidate: [criteria[k] for k in np.flatnonzero(np.isnan(scores[r]))]
        for r, candidate in enumerate(ids)
        if np.isnan(scores[r]).any()
    }


def _insufficient(
    ids: list[Any], completeness: np.ndarray, disqualified: Mapping[Any, Any], minimum: float
) -> set[Any]:
    """Step 5: the candidates, not disqualified, whose completeness (0–1) is under
    ``minimum`` or zero. A tolerance of 1e-9 keeps 0.8 from failing a threshold of 0.8."""
    if not 0.0 <= minimum <= 1.0:
        raise ValueError("min_completeness must be between 0 and 1")
    return {
        c
        for c, share in zip(ids, completeness, strict=True)
        if c not in disqualified and (share <= 0.0 or share < minimum - 1e-9)
    }
