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
5. Score and rank the eligible candidates, with per-criterion contributions.

Missing criteria. A criterion with no known indicator for a candidate has a NaN criterion
score. For the total it contributes 0 (the candidate gets no credit for what nobody could
verify) and it is listed in ``missing_criteria`` and lowers ``completeness``: the policy is
stated and visible, never silent.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from scorecard.engine._validation import Matrix, normalise_weights
from scorecard.engine.assessments import (
    NOT_APPLICABLE,
    SCORED,
    UNKNOWN,
    aggregate_assessments,
)
from scorecard.engine.gates import Gate, apply_gates
from scorecard.engine.methods import closeness, normalize_for_topsis, rank, topsis_gaps
from scorecard.engine.sensitivity import rank_acceptability, weight_stability
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


def _plain(value: Any) -> Any:
    """A JSON-friendly Python value: numpy scalars unwrapped, NaN → None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


@dataclass
class EngagementResult:
    """Everything a ranking page, chart, report or JSON response needs.

    - ``criterion_scores``: candidate × criterion, 0–5, NaN = no known data.
    - ``contributions``: candidate × criterion, in points of the total (rows sum to
      ``totals``). Weighted sum: ``weight × score / 5 × 100``. TOPSIS: the total split in
      proportion to each criterion's weighted normalised value (an apportionment for
      charts; TOPSIS itself is not additive).
    - ``totals``: 0–100. Weighted sum is on an absolute scale (adding a candidate never
      changes another's total), computed for disqualified candidates too. TOPSIS is
      ``closeness × 100`` among the eligible candidates; NaN for disqualified ones.
    - ``ranks``: eligible candidates only, 1 = best, ties share the lowest rank.
    - ``completeness``: 0–1, the share of the total's weight that rests on known data.
    - ``disqualified`` / ``unverified_gates``: candidate → reasons (only non-empty lists).
    - ``unranked``: disqualified candidates, in input order.
    - ``indicators``: one row per (candidate, indicator), see ``INDICATOR_COLUMNS``.
    - ``decision_matrix``: ``criterion_scores`` of the eligible candidates.
    - ``weights``: criterion weights normalised to sum 1.
    - ``missing_criteria``: candidate → criteria with no known data (only non-empty lists).
    - ``labels``: candidate → display label.
    """

    criterion_scores: pd.DataFrame
    contributions: pd.DataFrame
    totals: pd.Series
    ranks: pd.Series
    completeness: pd.Series
    disqualified: dict[Any, list[str]]
    unverified_gates: dict[Any, list[str]]
    unranked: list[Any]
    indicators: pd.DataFrame
    decision_matrix: pd.DataFrame
    weights: pd.Series
    method: str
    missing_criteria: dict[Any, list[Any]] = field(default_factory=dict)
    labels: dict[Any, str] = field(default_factory=dict)

    def ranking(self) -> pd.DataFrame:
        """Eligible candidates by rank: ``rank``, ``candidate``, ``total``, ``completeness``,
        then one contribution column per criterion (points)."""
        eligible = list(self.ranks.index)
        frame = pd.DataFrame(
            {
                "rank": self.ranks.to_numpy(),
                "candidate": pd.Series(eligible, dtype=object).to_numpy(),
                "total": self.totals.loc[eligible].to_numpy(),
                "completeness": self.completeness.loc[eligible].to_numpy(),
            }
        )
        contributions = self.contributions.loc[eligible].reset_index(drop=True)
        frame = pd.concat([frame, contributions], axis=1)
        order = np.lexsort((np.arange(len(frame)), frame["rank"].to_numpy()))
        return frame.iloc[order].reset_index(drop=True)

    def _sensitivity_inputs(self) -> tuple[pd.DataFrame, str]:
        if self.decision_matrix.empty:
            raise ValueError("no eligible candidates to analyse")
        # Missing criteria count as 0, as in the totals.
        normalization = "none" if self.method == "weighted_sum" else "vector"
        return self.decision_matrix.fillna(0.0), normalization

    def rank_acceptability(self, n_samples: int = 10_000, seed: int | None = 0) -> pd.DataFrame:
        """SMAA-2 rank acceptability of the eligible candidates around the current weights
        (see :func:`scorecard.engine.rank_acceptability`); missing criteria count as 0."""
        matrix, normalization = self._sensitivity_inputs()
        return rank_acceptability(
            matrix,
            self.weights,
            method=self.method,
            n_samples=n_samples,
            seed=seed,
            normalization=normalization,
        )

    def weight_stability(self) -> pd.DataFrame:
        """Weight intervals keeping the current leader first (see
        :func:`scorecard.engine.weight_stability`); missing criteria count as 0."""
        matrix, normalization = self._sensitivity_inputs()
        return weight_stability(
            matrix, self.weights, method=self.method, normalization=normalization
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data (NaN → None), candidates ordered by rank then unranked."""
        criteria = list(self.criterion_scores.columns)
        order = list(self.ranking()["candidate"]) + list(self.unranked)
        candidates = []
        for candidate in order:
            eligible = candidate in self.ranks.index
            candidates.append(
                {
                    "id": _plain(candidate),
                    "label": self.labels.get(candidate, str(candidate)),
                    "eligible": eligible,
                    "rank": int(self.ranks[candidate]) if eligible else None,
                    "total": _plain(float(self.totals[candidate])),
                    "completeness": _plain(float(self.completeness[candidate])),
                    "criterion_scores": {
                        str(c): _plain(float(self.criterion_scores.at[candidate, c]))
                        for c in criteria
                    },
                    "contributions": {
                        str(c): _plain(float(self.contributions.at[candidate, c])) for c in criteria
                    },
                    "missing_criteria": [str(c) for c in self.missing_criteria.get(candidate, [])],
                    "disqualified_reasons": list(self.disqualified.get(candidate, [])),
                    "unverified_gates": list(self.unverified_gates.get(candidate, [])),
                }
            )
        indicators = [
            {key: _plain(value) for key, value in row.items()}
            for row in self.indicators.astype(object).to_dict(orient="records")
        ]
        return {
            "method": self.method,
            "criteria": [str(c) for c in criteria],
            "weights": {str(c): float(w) for c, w in self.weights.items()},
            "candidates": candidates,
            "unranked": [_plain(c) for c in self.unranked],
            "indicators": indicators,
        }


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


def _measured_items(measured: Any) -> list[tuple[Any, Any, Any]]:
    """(candidate, indicator, raw) triples from a mapping or a candidate × indicator frame."""
    if measured is None:
        return []
    if isinstance(measured, pd.DataFrame):
        return [
            (candidate, code, measured.at[candidate, code])
            for candidate in measured.index
            for code in measured.columns
        ]
    if isinstance(measured, Mapping):
        items = []
        for key, raw in measured.items():
            if not (isinstance(key, tuple) and len(key) == 2):
                raise ValueError(f"measured keys must be (candidate, indicator) pairs, got {key!r}")
            items.append((key[0], key[1], raw))
        return items
    raise TypeError("measured must be a mapping (candidate, indicator) -> figure or a DataFrame")


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
    for the ``gates``. ``method`` is ``"weighted_sum"`` or ``"topsis"``.

    Raises ``ValueError`` for unknown candidates, indicators or criteria in the inputs, a
    rated indicator given a measured figure (or vice versa), scores outside 0–5, and bad
    weights.
    """
    if method not in PIPELINE_METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(PIPELINE_METHODS)}")
    ids, labels = _candidate_ids(candidates)
    candidate_index = pd.Index(ids, dtype=object)
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

    n, n_ind, n_crit = len(ids), len(specs), len(criteria)
    code_index = pd.Index(codes, dtype=object)
    ind_weight = np.array([spec.weight for spec in specs], dtype=float)
    membership = np.zeros((n_ind, n_crit))
    for i, spec in enumerate(specs):
        membership[i, criterion_position[spec.criterion]] = 1.0
    for k, criterion in enumerate(criteria):
        has = membership[:, k] > 0
        if has.any() and ind_weight[has].sum() <= 0:
            raise ValueError(f"criterion {criterion}: its indicator weights are all zero")

    # Indicator values and statuses, candidate × indicator.
    value = np.full((n, n_ind), np.nan)
    raw = np.full((n, n_ind), np.nan, dtype=object)
    status = np.full((n, n_ind), UNKNOWN, dtype=object)
    n_scored = np.zeros((n, n_ind), dtype=np.int64)
    n_na = np.zeros((n, n_ind), dtype=np.int64)
    n_unknown = np.zeros((n, n_ind), dtype=np.int64)
    spread = np.full((n, n_ind), np.nan)
    std = np.full((n, n_ind), np.nan)
    flagged = np.zeros((n, n_ind), dtype=bool)
    is_measured = np.array([spec.kind == "measured" for spec in specs], dtype=bool)

    if assessor_scores is not None and len(assessor_scores):
        agg = aggregate_assessments(
            assessor_scores, aggregation=aggregation, disagreement_threshold=disagreement_threshold
        )
        rows = candidate_index.get_indexer(pd.Index(agg["candidate"], dtype=object))
        cols = code_index.get_indexer(pd.Index(agg["indicator"], dtype=object))
        if (rows < 0).any():
            bad = agg["candidate"].to_numpy()[rows < 0][0]
            raise ValueError(f"assessor scores name an unknown candidate: {bad}")
        if (cols < 0).any():
            bad = agg["indicator"].to_numpy()[cols < 0][0]
            raise ValueError(f"assessor scores name an unknown indicator: {bad}")
        if is_measured[cols].any():
            bad = np.asarray(codes, dtype=object)[cols[is_measured[cols]]][0]
            raise ValueError(f"indicator {bad} is measured: it takes figures, not assessor scores")
        value[rows, cols] = agg["value"].to_numpy(dtype=float)
        status[rows, cols] = agg["status"].to_numpy(dtype=object)
        n_scored[rows, cols] = agg["n_scored"].to_numpy()
        n_na[rows, cols] = agg["n_na"].to_numpy()
        n_unknown[rows, cols] = agg["n_unknown"].to_numpy()
        spread[rows, cols] = agg["spread"].to_numpy(dtype=float)
        std[rows, cols] = agg["std"].to_numpy(dtype=float)
        flagged[rows, cols] = agg["flagged"].to_numpy(dtype=bool)

    position = {c: k for k, c in enumerate(ids)}
    code_position = {c: k for k, c in enumerate(codes)}
    for candidate, code, figure in _measured_items(measured):
        if candidate not in position:
            raise ValueError(f"measured figures name an unknown candidate: {candidate}")
        if code not in code_position:
            raise ValueError(f"measured figures name an unknown indicator: {code}")
        r, c = position[candidate], code_position[code]
        spec = specs[c]
        if spec.kind != "measured":
            raise ValueError(f"indicator {code} is rated: it takes assessor scores, not figures")
        not_applicable = isinstance(figure, str) and figure == NOT_APPLICABLE
        raw[r, c] = None if not_applicable else _plain(figure)
        if not_applicable:
            status[r, c] = NOT_APPLICABLE
            continue
        try:
            score = spec.value_function(figure)
        except (TypeError, ValueError):
            raise ValueError(
                f"measured figure for candidate {candidate}, indicator {code} is not a number: "
                f"{figure!r}"
            ) from None
        if not math.isnan(score):
            value[r, c] = score
            status[r, c] = SCORED

    # Roll-up to criteria.
    known = status == SCORED
    applicable = status != NOT_APPLICABLE
    weighted_known = known * ind_weight
    numerator = (np.where(known, value, 0.0) * ind_weight) @ membership
    known_weight = weighted_known @ membership
    applicable_weight = (applicable * ind_weight) @ membership
    scores = np.full((n, n_crit), np.nan)
    np.divide(numerator, known_weight, out=scores, where=known_weight > 0)
    share = np.zeros((n, n_crit))
    np.divide(known_weight, applicable_weight, out=share, where=applicable_weight > 0)

    if extra_criterion_scores is not None:
        extra = extra_criterion_scores
        used = {spec.criterion for spec in specs}
        for criterion in extra.columns:
            if criterion not in criterion_position:
                raise ValueError(f"extra criterion {criterion} has no criterion weight")
            if criterion in used:
                raise ValueError(f"criterion {criterion} has indicators: it cannot also be extra")
        unknown_rows = [c for c in extra.index if c not in position]
        if unknown_rows:
            raise ValueError(f"extra criterion scores name an unknown candidate: {unknown_rows[0]}")
        for criterion in extra.columns:
            k = criterion_position[criterion]
            column = pd.to_numeric(extra[criterion], errors="coerce").astype(float)
            for candidate, score in column.items():
                if not math.isnan(score):
                    if not 0.0 <= score <= 5.0:
                        raise ValueError(
                            f"extra criterion score must be in 0–5: got {score} at "
                            f"row {candidate}, column {criterion}"
                        )
                    scores[position[candidate], k] = score
                    share[position[candidate], k] = 1.0
    share[np.isnan(scores)] = 0.0

    criterion_scores = pd.DataFrame(scores, index=candidate_index, columns=criteria)
    weight_series = pd.Series(weights, index=criteria, name="weight")
    completeness = pd.Series(share @ weights, index=candidate_index, name="completeness")
    missing_criteria = {
        candidate: [criteria[k] for k in np.flatnonzero(np.isnan(scores[r]))]
        for r, candidate in enumerate(ids)
        if np.isnan(scores[r]).any()
    }

    disqualified, unverified = apply_gates(gates, ids, facts)
    eligible_mask = np.array([c not in disqualified for c in ids], dtype=bool)
    eligible = [c for c in ids if c not in disqualified]

    filled = np.nan_to_num(scores, nan=0.0)
    if method == "weighted_sum":
        contributions = filled * weights / 5.0 * 100.0
        totals = contributions.sum(axis=1)
    else:
        contributions = np.full((n, n_crit), np.nan)
        totals = np.full(n, np.nan)
        if eligible:
            sub = Matrix(filled[eligible_mask], pd.Index(eligible, dtype=object), criteria)
            normalized = normalize_for_topsis(sub, "vector")
            gap_plus, gap_minus = topsis_gaps(normalized, np.ones(n_crit, dtype=bool))
            w2 = weights**2
            total = 100.0 * closeness(np.sqrt(gap_plus @ w2), np.sqrt(gap_minus @ w2))
            weighted = normalized * weights
            row_sum = weighted.sum(axis=1, keepdims=True)
            portion = np.zeros_like(weighted)
            np.divide(weighted, row_sum, out=portion, where=row_sum > 0)
            contributions[eligible_mask] = portion * total[:, np.newaxis]
            totals[eligible_mask] = total

    totals_series = pd.Series(totals, index=candidate_index, name="total")
    ranks = (
        rank(totals_series.loc[eligible])
        if eligible
        else pd.Series([], index=pd.Index([], dtype=object), dtype="int64", name="rank")
    )

    indicators_frame = pd.DataFrame(
        {
            "candidate": np.repeat(np.asarray(ids, dtype=object), n_ind),
            "indicator": np.tile(np.asarray(codes, dtype=object), n),
            "criterion": np.tile(np.asarray([s.criterion for s in specs], dtype=object), n),
            "kind": np.tile(np.asarray([s.kind for s in specs], dtype=object), n),
            "value": value.ravel(),
            "raw": raw.ravel(),
            "n_scored": n_scored.ravel(),
            "n_na": n_na.ravel(),
            "n_unknown": n_unknown.ravel(),
            "spread": spread.ravel(),
            "std": std.ravel(),
            "status": status.ravel(),
            "flagged": flagged.ravel(),
        }
    )

    return EngagementResult(
        criterion_scores=criterion_scores,
        contributions=pd.DataFrame(contributions, index=candidate_index, columns=criteria),
        totals=totals_series,
        ranks=ranks,
        completeness=completeness,
        disqualified=disqualified,
        unverified_gates=unverified,
        unranked=[c for c in ids if c in disqualified],
        indicators=indicators_frame,
        decision_matrix=criterion_scores.loc[eligible],
        weights=weight_series,
        method=method,
        missing_criteria=missing_criteria,
        labels=labels,
    )
