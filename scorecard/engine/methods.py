"""Scoring methods on a decision matrix: weighted sum, TOPSIS, and ranking.

A decision matrix is a ``pandas.DataFrame`` (rows = alternatives, index = their ids;
columns = criteria). Weights are a mapping or Series keyed by criterion on any non-negative
scale (normalised to sum 1 here). ``benefit`` maps criterion → True when higher is better;
criteria it does not mention are benefit criteria.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from scorecard.engine._validation import Matrix, benefit_mask, check_matrix, normalise_weights

WEIGHTED_SUM_NORMALIZATIONS = ("none", "minmax", "max", "sum", "vector")
TOPSIS_NORMALIZATIONS = ("vector", "minmax", "max", "sum", "none")

# Scores closer than this (relative to the largest magnitude, at least 1) are ties: weights
# that sum to 1 only up to float rounding must not split alternatives that are really equal.
TIE_TOLERANCE = 1e-10


def _require_non_negative(
    values: np.ndarray,
    matrix: Matrix,
    columns: np.ndarray,
    normalization: str,
    *,
    strict: bool,
) -> None:
    """Raise if a ratio normalisation meets a value it cannot scale (negative, or 0 for cost)."""
    bad = (values <= 0) if strict else (values < 0)
    bad &= columns[np.newaxis, :]
    if bad.any():
        i, j = np.argwhere(bad)[0]
        need = "positive values for cost criteria" if strict else "non-negative values"
        raise ValueError(
            f"normalization {normalization!r} needs {need}; got {values[i, j]} at "
            f"row {matrix.index[i]}, column {matrix.columns[j]}"
        )


def _safe_divide(numerator: np.ndarray, denominator: np.ndarray, fill: float) -> np.ndarray:
    """Divide each column by its denominator; a column with a zero denominator is ``fill``."""
    denominator = np.asarray(denominator, dtype=float)
    zero = denominator == 0
    out = numerator / np.where(zero, 1.0, denominator)
    if zero.any():
        out[:, zero] = fill
    return out


def normalize_for_weighted_sum(
    matrix: Matrix, benefit: np.ndarray, normalization: str
) -> np.ndarray:
    """Return the matrix scaled so that higher is better in every column.

    Cost criteria are handled once, here, per normalisation:

    - ``"none"``: raw values; a cost column is negated (it subtracts ``w · x``).
    - ``"minmax"``: ``(x − min) / (max − min)``; cost: ``(max − x) / (max − min)``. A constant
      column scores 1 for everyone.
    - ``"max"``: ``x / max``; cost: ``min / x`` (needs positive values). An all-zero benefit
      column scores 1 for everyone.
    - ``"sum"``: ``x / Σx``; cost: ``(1/x) / Σ(1/x)``. An all-zero column scores ``1/n`` each.
    - ``"vector"``: ``x / ‖x‖``; cost: ``(1/x) / ‖1/x‖``. An all-zero column scores ``1/√n``.

    Ratio normalisations (max, sum, vector) need non-negative values, and positive values for
    cost criteria; otherwise ``ValueError`` names the cell.
    """
    if normalization not in WEIGHTED_SUM_NORMALIZATIONS:
        raise ValueError(
            f"unknown normalization {normalization!r}; "
            f"use one of {', '.join(WEIGHTED_SUM_NORMALIZATIONS)}"
        )
    values = matrix.values
    n = values.shape[0]
    cost = ~benefit
    if normalization == "none":
        if cost.any():
            values = values.copy()
            values[:, cost] = -values[:, cost]
        return values
    if normalization == "minmax":
        low, high = values.min(axis=0), values.max(axis=0)
        oriented = values - low
        if cost.any():
            oriented[:, cost] = high[cost] - values[:, cost]
        return _safe_divide(oriented, high - low, 1.0)
    _require_non_negative(values, matrix, benefit, normalization, strict=False)
    _require_non_negative(values, matrix, cost, normalization, strict=True)
    oriented = values
    if cost.any():
        oriented = values.copy()
        oriented[:, cost] = 1.0 / values[:, cost]
    if normalization == "max":
        return _safe_divide(oriented, oriented.max(axis=0), 1.0)
    if normalization == "sum":
        return _safe_divide(oriented, oriented.sum(axis=0), 1.0 / n)
    return _safe_divide(oriented, np.sqrt((oriented**2).sum(axis=0)), 1.0 / np.sqrt(n))


def normalize_for_topsis(matrix: Matrix, normalization: str) -> np.ndarray:
    """Scale each column without changing its direction (TOPSIS handles cost in its ideals).

    ``"vector"`` (classic): ``x / ‖x‖``; ``"minmax"``: ``(x − min) / (max − min)``; ``"max"``:
    ``x / max|x|``; ``"sum"``: ``x / Σx`` (non-negative values); ``"none"``: raw. A column that
    cannot be scaled (all zero, or constant under minmax) becomes 0: it is equal for everyone
    and so adds no distance.
    """
    if normalization not in TOPSIS_NORMALIZATIONS:
        raise ValueError(
            f"unknown normalization {normalization!r}; "
            f"use one of {', '.join(TOPSIS_NORMALIZATIONS)}"
        )
    values = matrix.values
    if normalization == "none":
        return values
    if normalization == "vector":
        return _safe_divide(values, np.sqrt((values**2).sum(axis=0)), 0.0)
    if normalization == "minmax":
        low = values.min(axis=0)
        return _safe_divide(values - low, values.max(axis=0) - low, 0.0)
    if normalization == "max":
        return _safe_divide(values, np.abs(values).max(axis=0), 0.0)
    _require_non_negative(values, matrix, np.ones(values.shape[1], bool), "sum", strict=False)
    return _safe_divide(values, values.sum(axis=0), 0.0)


def topsis_gaps(normalized: np.ndarray, benefit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Squared per-criterion gaps to the ideal and anti-ideal points (before weighting).

    With positive weights the ideal of a weighted column is the weight times the ideal of the
    unweighted column, so the gaps can be computed once and reused for any weight vector:
    ``D±² = Σ_j w_j² · gap±_ij``.
    """
    high, low = normalized.max(axis=0), normalized.min(axis=0)
    ideal = np.where(benefit, high, low)
    anti = np.where(benefit, low, high)
    return (normalized - ideal) ** 2, (normalized - anti) ** 2


def closeness(d_plus: np.ndarray, d_minus: np.ndarray) -> np.ndarray:
    """``D− / (D+ + D−)``; 0.5 where both are zero (every alternative is the same)."""
    total = d_plus + d_minus
    zero = total == 0
    out = d_minus / np.where(zero, 1.0, total)
    out[zero] = 0.5
    return out


def weighted_sum(
    matrix: pd.DataFrame,
    weights: Any,
    *,
    benefit: Any = None,
    normalization: str = "minmax",
) -> pd.Series:
    """Weighted sum of normalised criterion values, one score per alternative.

    Weights are normalised to sum 1, so with ``"minmax"``/``"max"`` the score lies in
    ``[0, 1]``. See :func:`normalize_for_weighted_sum` for how each normalisation treats cost
    criteria and constant columns (a constant column adds the same amount to everyone).

    Raises ``ValueError`` for NaN/inf cells (naming ``row X, column Y``), all-zero or negative
    weights, weights for unknown or missing criteria, and an unknown normalisation.
    """
    matrix = check_matrix(matrix)
    w = normalise_weights(weights, matrix.columns)
    normalized = normalize_for_weighted_sum(
        matrix, benefit_mask(benefit, matrix.columns), normalization
    )
    return pd.Series(normalized @ w, index=matrix.index, name="score")


def topsis(
    matrix: pd.DataFrame,
    weights: Any,
    *,
    benefit: Any = None,
    normalization: str = "vector",
) -> pd.Series:
    """Classic TOPSIS (Hwang & Yoon, 1981): closeness coefficient in ``[0, 1]``.

    Steps: normalise each column (vector norm by default), multiply by the normalised
    weights, take the ideal point (best value per criterion: max for benefit, min for cost)
    and the anti-ideal point, and score ``D− / (D+ + D−)`` with Euclidean distances. When
    every alternative is identical on every weighted criterion (including a single
    alternative) both distances are 0 and the closeness is defined as 0.5.

    Raises ``ValueError`` like :func:`weighted_sum`.
    """
    matrix = check_matrix(matrix)
    w = normalise_weights(weights, matrix.columns)
    normalized = normalize_for_topsis(matrix, normalization)
    gap_plus, gap_minus = topsis_gaps(normalized, benefit_mask(benefit, matrix.columns))
    w2 = w**2
    d_plus = np.sqrt(gap_plus @ w2)
    d_minus = np.sqrt(gap_minus @ w2)
    return pd.Series(closeness(d_plus, d_minus), index=matrix.index, name="closeness")


def tie_tolerance(magnitude):
    """How close two scores count as tied, given the largest magnitude among them (a number or
    an array of them): :data:`TIE_TOLERANCE` × max(1, magnitude). Every ranking, sample and
    weight interval compares score differences with this."""
    return TIE_TOLERANCE * np.maximum(1.0, magnitude)


def rank(scores: pd.Series) -> pd.Series:
    """Integer ranks, 1 = highest score; ties share the lowest rank (1, 1, 3).

    Scores closer than ``TIE_TOLERANCE`` × max(1, largest |score|) count as ties, so float
    rounding never splits equal alternatives. The result keeps the input's index and order
    and is deterministic. Raises ``ValueError`` for NaN/inf scores.
    """
    scores = pd.Series(scores)
    values = scores.to_numpy(dtype=float)
    if not np.isfinite(values).all():
        bad = scores.index[~np.isfinite(values)][0]
        raise ValueError(f"score for {bad} is not finite: {scores[bad]}")
    n = len(values)
    if n == 0:
        return pd.Series([], index=scores.index, dtype="int64", name="rank")
    order = np.argsort(-values, kind="stable")
    ordered = values[order]
    tolerance = tie_tolerance(float(np.abs(values).max()))
    new_group = np.concatenate([[True], (ordered[:-1] - ordered[1:]) > tolerance])
    positions = np.arange(1, n + 1)
    group_rank = np.maximum.accumulate(np.where(new_group, positions, 0))
    ranks = np.empty(n, dtype="int64")
    ranks[order] = group_rank
    return pd.Series(ranks, index=scores.index, name="rank")
