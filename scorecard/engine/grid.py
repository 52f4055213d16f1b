"""Steps 1–3 of the engagement pipeline (:mod:`scorecard.engine.pipeline`): the candidate ×
indicator grid filled from assessors' scores and measured figures, and its roll-up to
criterion scores. Internal to the engine; the pipeline's docstring states the policies.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from scorecard.engine.assessments import (
    NOT_APPLICABLE,
    SCORED,
    UNKNOWN,
    aggregate_assessments,
)
from scorecard.engine.result import plain_value

if TYPE_CHECKING:
    from scorecard.engine.pipeline import Layout


def measured_items(measured: Any) -> list[tuple[Any, Any, Any]]:
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


def _objects(shape: tuple[int, int], value: object) -> np.ndarray:
    """An object array of ``value`` itself in every cell (``np.full`` would store a new copy
    of it in each, which a pickle then writes once per cell)."""
    cells = np.empty(shape, dtype=object)
    cells.fill(value)
    return cells


@dataclass
class IndicatorGrid:
    """Candidate × indicator arrays filled by steps 1 and 2 (see ``INDICATOR_COLUMNS``)."""

    value: np.ndarray
    raw: np.ndarray
    status: np.ndarray
    n_scored: np.ndarray
    n_na: np.ndarray
    n_unknown: np.ndarray
    spread: np.ndarray
    std: np.ndarray
    flagged: np.ndarray

    @classmethod
    def empty(cls, n: int, n_ind: int) -> IndicatorGrid:
        return cls(
            value=np.full((n, n_ind), np.nan),
            raw=_objects((n, n_ind), np.nan),
            status=_objects((n, n_ind), UNKNOWN),
            n_scored=np.zeros((n, n_ind), dtype=np.int64),
            n_na=np.zeros((n, n_ind), dtype=np.int64),
            n_unknown=np.zeros((n, n_ind), dtype=np.int64),
            spread=np.full((n, n_ind), np.nan),
            std=np.full((n, n_ind), np.nan),
            flagged=np.zeros((n, n_ind), dtype=bool),
        )


def fill_assessed(
    grid: IndicatorGrid,
    layout: Layout,
    assessor_scores: pd.DataFrame | None,
    aggregation: str,
    disagreement_threshold: float,
    aggregated: pd.DataFrame | None = None,
) -> None:
    """Step 1: aggregate assessors' scores into ``grid`` (value, counts, spread, flag).
    ``aggregated``: what :func:`aggregate_assessments` returns for these arguments, when the
    caller has it already (``assessor_scores`` is then not read)."""
    if aggregated is not None:
        agg = aggregated
    elif assessor_scores is None or not len(assessor_scores):
        return
    else:
        agg = aggregate_assessments(
            assessor_scores, aggregation=aggregation, disagreement_threshold=disagreement_threshold
        )
    if not len(agg):
        return
    is_measured = np.array([spec.kind == "measured" for spec in layout.specs], dtype=bool)
    rows = layout.candidate_index.get_indexer(pd.Index(agg["candidate"], dtype=object))
    cols = pd.Index(layout.codes, dtype=object).get_indexer(
        pd.Index(agg["indicator"], dtype=object)
    )
    if (rows < 0).any():
        bad = agg["candidate"].to_numpy()[rows < 0][0]
        raise ValueError(f"assessor scores name an unknown candidate: {bad}")
    if (cols < 0).any():
        bad = agg["indicator"].to_numpy()[cols < 0][0]
        raise ValueError(f"assessor scores name an unknown indicator: {bad}")
    if is_measured[cols].any():
        bad = np.asarray(layout.codes, dtype=object)[cols[is_measured[cols]]][0]
        raise ValueError(f"indicator {bad} is measured: it takes figures, not assessor scores")
    grid.value[rows, cols] = agg["value"].to_numpy(dtype=float)
    grid.status[rows, cols] = agg["status"].to_numpy(dtype=object)
    grid.n_scored[rows, cols] = agg["n_scored"].to_numpy()
    grid.n_na[rows, cols] = agg["n_na"].to_numpy()
    grid.n_unknown[rows, cols] = agg["n_unknown"].to_numpy()
    grid.spread[rows, cols] = agg["spread"].to_numpy(dtype=float)
    grid.std[rows, cols] = agg["std"].to_numpy(dtype=float)
    grid.flagged[rows, cols] = agg["flagged"].to_numpy(dtype=bool)


def fill_measured(grid: IndicatorGrid, layout: Layout, measured: Any) -> None:
    """Step 2: turn measured figures into 0–5 with each indicator's value function."""
    position = layout.position
    code_position = {c: k for k, c in enumerate(layout.codes)}
    for candidate, code, figure in measured_items(measured):
        if candidate not in position:
            raise ValueError(f"measured figures name an unknown candidate: {candidate}")
        if code not in code_position:
            raise ValueError(f"measured figures name an unknown indicator: {code}")
        r, c = position[candidate], code_position[code]
        spec = layout.specs[c]
        if spec.kind != "measured":
            raise ValueError(f"indicator {code} is rated: it takes assessor scores, not figures")
        not_applicable = isinstance(figure, str) and figure == NOT_APPLICABLE
        grid.raw[r, c] = None if not_applicable else plain_value(figure)
        if not_applicable:
            grid.status[r, c] = NOT_APPLICABLE
            continue
        try:
            score = spec.value_function(figure)
        except (TypeError, ValueError):
            raise ValueError(
                f"measured figure for candidate {candidate}, indicator {code} is not a number: "
                f"{figure!r}"
            ) from None
        if not math.isnan(score):
            grid.value[r, c] = score
            grid.status[r, c] = SCORED


def roll_up(grid: IndicatorGrid, layout: Layout) -> tuple[np.ndarray, np.ndarray]:
    """Step 3: criterion scores (candidate × criterion, NaN = no known indicator) and the
    share of each criterion's applicable weight that is known."""
    n, n_crit = len(layout.ids), len(layout.criteria)
    known = grid.status == SCORED
    applicable = grid.status != NOT_APPLICABLE
    weighted_known = known * layout.ind_weight
    numerator = (np.where(known, grid.value, 0.0) * layout.ind_weight) @ layout.membership
    known_weight = weighted_known @ layout.membership
    applicable_weight = (applicable * layout.ind_weight) @ layout.membership
    scores = np.full((n, n_crit), np.nan)
    np.divide(numerator, known_weight, out=scores, where=known_weight > 0)
    share = np.zeros((n, n_crit))
    np.divide(known_weight, applicable_weight, out=share, where=applicable_weight > 0)
    return scores, share


def add_extra_criteria(
    scores: np.ndarray, share: np.ndarray, layout: Layout, extra: pd.DataFrame | None
) -> None:
    """Step 3 (continued): criteria scored outside the indicators (e.g. cost), already 0–5."""
    if extra is None:
        return
    position = layout.position
    used = {spec.criterion for spec in layout.specs}
    for criterion in extra.columns:
        if criterion not in layout.criterion_position:
            raise ValueError(f"extra criterion {criterion} has no criterion weight")
        if criterion in used:
            raise ValueError(f"criterion {criterion} has indicators: it cannot also be extra")
    unknown_rows = [c for c in extra.index if c not in position]
    if unknown_rows:
        raise ValueError(f"extra criterion scores name an unknown candidate: {unknown_rows[0]}")
    for criterion in extra.columns:
        k = layout.criterion_position[criterion]
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


def indicator_frame(grid: IndicatorGrid, layout: Layout) -> pd.DataFrame:
    """One row per (candidate, indicator), columns ``INDICATOR_COLUMNS``."""
    n, n_ind = len(layout.ids), len(layout.specs)
    return pd.DataFrame(
        {
            "candidate": np.repeat(np.asarray(layout.ids, dtype=object), n_ind),
            "indicator": np.tile(np.asarray(layout.codes, dtype=object), n),
            "criterion": np.tile(np.asarray([s.criterion for s in layout.specs], dtype=object), n),
            "kind": np.tile(np.asarray([s.kind for s in layout.specs], dtype=object), n),
            "value": grid.value.ravel(),
            "raw": grid.raw.ravel(),
            "n_scored": grid.n_scored.ravel(),
            "n_na": grid.n_na.ravel(),
            "n_unknown": grid.n_unknown.ravel(),
            "spread": grid.spread.ravel(),
            "std": grid.std.ravel(),
            "status": grid.status.ravel(),
            "flagged": grid.flagged.ravel(),
        }
    )
