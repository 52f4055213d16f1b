"""Analytic Hierarchy Process: weights from a pairwise comparison matrix (Saaty, 1980)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

CR_THRESHOLD = 0.10
"""Saaty's rule of thumb: judgements with a consistency ratio above 0.10 should be revisited."""

SAATY_RANDOM_INDEX = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
"""Random consistency index for n = 1..10 (Saaty, *The Analytic Hierarchy Process*, 1980)."""

RECIPROCAL_TOLERANCE = 0.01
"""Relative tolerance for ``a_ij · a_ji = 1``: people type 1/3 as 0.333."""


def random_index(n: int) -> float:
    """Saaty's random index for ``n`` criteria.

    Saaty's 1980 table for n ≤ 10. Above 10 the table stops, so we use Alonso & Lamata's
    (2006) fit to simulated random matrices, ``RI = (1.7699·n − 4.3513) / (n − 1)``
    (n = 11 → 1.51, n = 15 → 1.59), which matches Saaty's table closely where they overlap.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    if n <= len(SAATY_RANDOM_INDEX):
        return SAATY_RANDOM_INDEX[n - 1]
    return (1.7699 * n - 4.3513) / (n - 1)


@dataclass
class AhpResult:
    """Outcome of :func:`ahp_weights`.

    ``weights`` sum to 1 and are indexed by the matrix labels. ``ci = (λmax − n)/(n − 1)``
    and ``cr = ci / random_index`` (both 0 for n ≤ 2, which is always consistent).
    ``most_inconsistent_pair`` is the pair (i, j) whose judgement ``a_ij`` departs most from
    the ratio the weights imply (``w_i / w_j``), by the factor ``pair_deviation`` ≥ 1; it is
    ``None`` when the judgements are perfectly consistent.
    """

    weights: pd.Series
    lambda_max: float
    ci: float
    cr: float
    random_index: float
    most_inconsistent_pair: tuple[Any, Any] | None
    pair_deviation: float

    @property
    def is_consistent(self) -> bool:
        """True when ``cr`` ≤ :data:`CR_THRESHOLD` (always for n ≤ 2)."""
        return len(self.weights) <= 2 or self.cr <= CR_THRESHOLD

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data (labels as strings)."""
        pair = self.most_inconsistent_pair
        return {
            "weights": {str(k): float(v) for k, v in self.weights.items()},
            "lambda_max": float(self.lambda_max),
            "ci": float(self.ci),
            "cr": float(self.cr),
            "random_index": float(self.random_index),
            "is_consistent": self.is_consistent,
            "most_inconsistent_pair": [str(pair[0]), str(pair[1])] if pair else None,
            "pair_deviation": float(self.pair_deviation),
        }


def _as_pairwise(pairwise: Any) -> tuple[np.ndarray, pd.Index]:
    if isinstance(pairwise, pd.DataFrame):
        labels = pairwise.index
        if pairwise.shape[0] != pairwise.shape[1]:
            raise ValueError(f"pairwise matrix must be square, got shape {pairwise.shape}")
        if not pairwise.columns.equals(labels):
            if set(pairwise.columns) != set(labels):
                raise ValueError("pairwise matrix columns must be the same labels as its index")
            pairwise = pairwise.loc[:, labels]
        raw = pairwise
    else:
        raw = pd.DataFrame(np.asarray(pairwise, dtype=object))
        labels = raw.index
    try:
        values = raw.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise ValueError("pairwise matrix must contain numbers only") from None
    if values.ndim != 2 or values.shape[0] != values.shape[1] or values.shape[0] == 0:
        raise ValueError(f"pairwise matrix must be square and non-empty, got shape {values.shape}")
    return values, labels


def ahp_weights(pairwise: Any) -> AhpResult:
    """Principal-eigenvector weights of a positive reciprocal pairwise comparison matrix.

    ``pairwise`` is a square DataFrame (labels from its index; columns the same labels) or
    an array-like; ``a_ij`` says how much more important i is than j (Saaty's 1–9 scale).
    Raises ``ValueError`` for a non-square, non-finite or non-positive matrix, a diagonal
    other than 1, or a pair with ``a_ij · a_ji`` off 1 by more than 1 %.
    """
    values, labels = _as_pairwise(pairwise)
    n = values.shape[0]
    if not np.isfinite(values).all():
        i, j = np.argwhere(~np.isfinite(values))[0]
        raise ValueError(
            f"pairwise matrix has a non-finite value at row {labels[i]}, column {labels[j]}"
        )
    if (values <= 0).any():
        i, j = np.argwhere(values <= 0)[0]
        raise ValueError(
            f"pairwise matrix must be positive; got {values[i, j]} at row {labels[i]}, "
            f"column {labels[j]}"
        )
    off_diagonal = np.abs(np.diag(values) - 1) > RECIPROCAL_TOLERANCE
    if off_diagonal.any():
        i = int(np.argmax(off_diagonal))
        raise ValueError(f"pairwise matrix diagonal must be 1; got {values[i, i]} for {labels[i]}")
    product = values * values.T
    not_reciprocal = np.abs(product - 1) > RECIPROCAL_TOLERANCE
    if not_reciprocal.any():
        i, j = np.argwhere(not_reciprocal)[0]
        raise ValueError(
            f"pairwise matrix is not reciprocal: {labels[i]} vs {labels[j]} is {values[i, j]} "
            f"but {labels[j]} vs {labels[i]} is {values[j, i]} (expected {1 / values[i, j]:.4g})"
        )

    eigenvalues, eigenvectors = np.linalg.eig(values)
    k = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[k].real)
    vector = np.abs(eigenvectors[:, k].real)
    w = vector / vector.sum()

    if n <= 2:
        ci = 0.0
        cr = 0.0
    else:
        ci = max(0.0, (lambda_max - n) / (n - 1))
        cr = ci / random_index(n)

    pair: tuple[Any, Any] | None = None
    deviation = 1.0
    if n >= 3:
        ratio = values * w[np.newaxis, :] / w[:, np.newaxis]
        factor = np.maximum(ratio, 1.0 / ratio)
        i, j = np.unravel_index(int(np.argmax(np.triu(factor, 1))), factor.shape)
        deviation = float(factor[i, j])
        if deviation > 1 + 1e-9:
            pair = (labels[i], labels[j])
        else:
            deviation = 1.0

    return AhpResult(
        weights=pd.Series(w, index=labels, name="weight"),
        lambda_max=lambda_max,
        ci=ci,
        cr=cr,
        random_index=random_index(n),
        most_inconsistent_pair=pair,
        pair_deviation=deviation,
    )
