"""Input checks shared by the engine's public functions.

Every public function accepts a decision matrix (``pandas.DataFrame``: rows = alternatives,
columns = criteria) plus weights and benefit directions keyed by criterion. These helpers turn
them into plain float arrays once, and fail loudly, naming the offending cell or criterion, so
a bad upload never becomes a quietly wrong ranking.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np
import pandas as pd


class Matrix(NamedTuple):
    """A checked decision matrix: finite float values plus their row and column labels."""

    values: np.ndarray
    index: pd.Index
    columns: pd.Index

    @property
    def shape(self) -> tuple[int, int]:
        return self.values.shape

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Matrix:
        """Wrap an already-checked frame without validating it again."""
        return cls(frame.to_numpy(dtype=float), frame.index, frame.columns)


def check_matrix(matrix: Any, *, name: str = "matrix") -> Matrix:
    """Return ``matrix`` as a checked :class:`Matrix`, or raise ``ValueError``.

    Rejects empty matrices, duplicate row or column labels, non-numeric cells and
    non-finite cells (NaN, ±inf); the message names the first bad cell as
    ``row X, column Y``.
    """
    if not isinstance(matrix, pd.DataFrame):
        matrix = pd.DataFrame(matrix)
    if matrix.shape[0] == 0 or matrix.shape[1] == 0:
        raise ValueError(f"{name} is empty: it needs at least one row and one column")
    if matrix.index.has_duplicates:
        dupes = sorted({str(x) for x in matrix.index[matrix.index.duplicated()]})
        raise ValueError(f"{name} has duplicate row labels: {', '.join(dupes)}")
    if matrix.columns.has_duplicates:
        dupes = sorted({str(x) for x in matrix.columns[matrix.columns.duplicated()]})
        raise ValueError(f"{name} has duplicate column labels: {', '.join(dupes)}")
    try:
        values = matrix.to_numpy(dtype=float)
    except (TypeError, ValueError):
        for column in matrix.columns:
            converted = pd.to_numeric(matrix[column], errors="coerce")
            bad = converted.isna() & matrix[column].notna()
            if bad.any():
                row = matrix.index[bad.to_numpy().argmax()]
                raise ValueError(
                    f"{name} has a non-numeric value {matrix.at[row, column]!r} at "
                    f"row {row}, column {column}"
                ) from None
        raise
    finite = np.isfinite(values)
    if not finite.all():
        i, j = np.argwhere(~finite)[0]
        raise ValueError(
            f"{name} has a non-finite value ({values[i, j]}) at "
            f"row {matrix.index[i]}, column {matrix.columns[j]}"
        )
    return Matrix(values, matrix.index, matrix.columns)


def normalise_weights(weights: Any, criteria: pd.Index, *, name: str = "weights") -> np.ndarray:
    """Return weights aligned to ``criteria`` and scaled to sum 1.

    ``weights`` is a mapping or Series keyed by criterion; any non-negative scale works.
    Raises ``ValueError`` for missing or unknown criteria, negative or non-finite weights,
    and all-zero weights (there is nothing to rank by).
    """
    if isinstance(weights, pd.Series):
        mapping = weights.to_dict()
    elif isinstance(weights, Mapping):
        mapping = dict(weights)
    else:
        raise TypeError(f"{name} must be a mapping or Series keyed by criterion")
    missing = [str(c) for c in criteria if c not in mapping]
    if missing:
        raise ValueError(f"{name} missing for criteria: {', '.join(missing)}")
    unknown = [str(c) for c in mapping if c not in set(criteria)]
    if unknown:
        raise ValueError(f"{name} given for unknown criteria: {', '.join(unknown)}")
    values = np.empty(len(criteria))
    for k, criterion in enumerate(criteria):
        try:
            value = float(mapping[criterion])
        except (TypeError, ValueError):
            raise ValueError(
                f"{name} for criterion {criterion} is not a number: {mapping[criterion]!r}"
            ) from None
        if not np.isfinite(value):
            raise ValueError(f"{name} for criterion {criterion} is not finite: {value}")
        if value < 0:
            raise ValueError(f"{name} for criterion {criterion} is negative: {value}")
        values[k] = value
    total = values.sum()
    if total <= 0:
        raise ValueError(f"{name} are all zero: give at least one criterion a positive weight")
    return values / total


def benefit_mask(benefit: Any, criteria: pd.Index) -> np.ndarray:
    """Return a boolean array, True where higher is better (default for every criterion)."""
    if benefit is None:
        return np.ones(len(criteria), dtype=bool)
    if isinstance(benefit, pd.Series):
        benefit = benefit.to_dict()
    if not isinstance(benefit, Mapping):
        raise TypeError("benefit must be a mapping criterion -> bool (True = higher is better)")
    unknown = [str(c) for c in benefit if c not in set(criteria)]
    if unknown:
        raise ValueError(f"benefit given for unknown criteria: {', '.join(unknown)}")
    return np.array([bool(benefit.get(c, True)) for c in criteria], dtype=bool)
