"""Combine several assessors' 0–5 scores per (candidate, indicator)."""

from __future__ import annotations

import numpy as np
import pandas as pd

SCORED = "scored"
NOT_APPLICABLE = "not_applicable"
UNKNOWN = "unknown"
STATUSES = (SCORED, NOT_APPLICABLE, UNKNOWN)
# How a spread is compared with the disagreement threshold: a spread equal to the threshold is
# flagged. Method text is generated from this (scorecard.ranking.evaluate.disagreement_rule).
DISAGREEMENT_COMPARISON = ">="

AGGREGATED_COLUMNS = [
    "candidate",
    "indicator",
    "value",
    "n_scored",
    "n_na",
    "n_unknown",
    "spread",
    "std",
    "status",
    "flagged",
]


def _check_scores(scores: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("candidate", "indicator", "score") if c not in scores.columns]
    if missing:
        raise ValueError(
            f"assessor scores need columns candidate, indicator, score; "
            f"missing: {', '.join(missing)}"
        )
    frame = scores.copy()
    try:
        frame["score"] = pd.to_numeric(frame["score"], errors="raise").astype(float)
    except (TypeError, ValueError):
        raise ValueError("assessor scores: column score must be numeric (0–5) or empty") from None
    if "status" not in frame.columns:
        frame["status"] = np.where(frame["score"].isna(), UNKNOWN, SCORED)
    status = frame["status"].astype(object).to_numpy()
    bad_status = ~np.isin(status, STATUSES)
    if bad_status.any():
        row = int(np.argmax(bad_status))
        raise ValueError(
            f"assessor scores: unknown status {status[row]!r} at row {row}; "
            f"use one of {', '.join(STATUSES)}"
        )
    score = frame["score"].to_numpy()
    scored = status == SCORED
    bad = scored & ~((score >= 0) & (score <= 5))  # also catches NaN and inf
    if bad.any():
        row = int(np.argmax(bad))
        raise ValueError(
            f"assessor scores: status 'scored' needs a score in 0–5, got {score[row]} at row "
            f"{row} (candidate {frame['candidate'].iloc[row]}, "
            f"indicator {frame['indicator'].iloc[row]})"
        )
    frame["status"] = status
    return frame


def _scored_statistics(
    x: np.ndarray, g: np.ndarray, n_scored: np.ndarray, aggregation: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per group of scored rows (``x`` the scores, ``g`` their group numbers): the combined
    value (mean or median), lowest, highest and population s.d.; NaN for groups without one."""
    n_groups = len(n_scored)
    order = np.lexsort((x, g))
    x_sorted, g_sorted = x[order], g[order]
    has = n_scored > 0
    start = np.zeros(n_groups, dtype=np.int64)
    start[1:] = np.cumsum(n_scored)[:-1]
    safe_start = np.where(has, start, 0)
    safe_end = np.where(has, start + n_scored - 1, 0)
    nan = np.full(n_groups, np.nan)
    low = np.where(has, x_sorted[safe_start] if len(x) else nan, np.nan)
    high = np.where(has, x_sorted[safe_end] if len(x) else nan, np.nan)
    total = np.bincount(g_sorted, weights=x_sorted, minlength=n_groups)
    count = np.maximum(n_scored, 1)
    mean = np.where(has, total / count, np.nan)
    squares = np.bincount(g_sorted, weights=(x_sorted - mean[g_sorted]) ** 2, minlength=n_groups)
    std = np.where(has, np.sqrt(squares / count), np.nan)
    if aggregation == "mean":
        value = mean
    else:
        lower_mid = np.where(has, start + (n_scored - 1) // 2, 0)
        upper_mid = np.where(has, start + n_scored // 2, 0)
        value = (
            np.where(has, (x_sorted[lower_mid] + x_sorted[upper_mid]) / 2, np.nan)
            if len(x)
            else nan
        )
    return value, low, high, std


def is_disagreement(spread: np.ndarray, threshold: float) -> np.ndarray:
    """Element-wise: does ``spread`` (max − min; NaN for no scores) reach ``threshold``?
    NaN is never flagged (:data:`DISAGREEMENT_COMPARISON`)."""
    return np.nan_to_num(spread, nan=-np.inf) >= threshold


def aggregate_assessments(
    scores: pd.DataFrame,
    *,
    aggregation: str = "mean",
    disagreement_threshold: float = 1.5,
) -> pd.DataFrame:
    """Aggregate assessors' scores into one row per (candidate, indicator).

    ``scores`` is long: columns ``candidate``, ``indicator``, ``assessor``, ``score``
    (0–5, or NaN) and ``status`` (``"scored"``, ``"not_applicable"`` or ``"unknown"``; if
    the column is absent, NaN scores are unknown). Only ``scored`` rows enter the value.

    Returns columns ``candidate``, ``indicator``, ``value`` (mean or median of the scored
    rows, NaN if none), ``n_scored``, ``n_na``, ``n_unknown``, ``spread`` (max − min of the
    scored rows; 0 for one assessor, NaN for none), ``std`` (population s.d., ddof=0),
    ``status`` (``scored`` if anyone scored; ``not_applicable`` when every assessor said N/A;
    otherwise ``unknown``) and ``flagged`` (``spread ≥ disagreement_threshold``: the
    assessors disagree enough to discuss). Rows follow first appearance in ``scores``.
    """
    if aggregation not in ("mean", "median"):
        raise ValueError(f"unknown aggregation {aggregation!r}; use 'mean' or 'median'")
    frame = _check_scores(scores)
    if frame.empty:
        return pd.DataFrame(columns=AGGREGATED_COLUMNS)
    status = frame["status"].to_numpy()
    # Plain numpy group-by (pandas' groupby costs more than the whole rest of the pipeline):
    # rows are grouped by (candidate, indicator) in order of first appearance.
    candidate_codes, candidates = pd.factorize(frame["candidate"], use_na_sentinel=False)
    indicator_codes, indicators = pd.factorize(frame["indicator"], use_na_sentinel=False)
    key = candidate_codes.astype(np.int64) * max(1, len(indicators)) + indicator_codes
    unique_keys, first, group = np.unique(key, return_index=True, return_inverse=True)
    by_appearance = np.argsort(first, kind="stable")
    renumber = np.empty_like(by_appearance)
    renumber[by_appearance] = np.arange(len(by_appearance))
    group = renumber[group.ravel()]
    n_groups = len(unique_keys)
    scored = status == SCORED
    n_scored = np.bincount(group, weights=scored, minlength=n_groups).astype(np.int64)
    n_na = np.bincount(group, weights=status == NOT_APPLICABLE, minlength=n_groups).astype(np.int64)
    n_unknown = np.bincount(group, weights=status == UNKNOWN, minlength=n_groups).astype(np.int64)

    value, low, high, std = _scored_statistics(
        frame["score"].to_numpy(dtype=float)[scored], group[scored], n_scored, aggregation
    )
    has = n_scored > 0
    spread = high - low
    # The three statuses themselves, not a new string per row (as converting a numpy string
    # array would make): a ranking's indicator table pickles a reference to each (at 500 × 30,
    # its pickle with the ranking's rows took 11 ms with a string per cell, 7 ms without).
    status_out = np.empty(n_groups, dtype=object)
    status_out.fill(UNKNOWN)  # (np.full would copy it through a numpy string)
    status_out[(n_na > 0) & (n_unknown == 0)] = NOT_APPLICABLE
    status_out[has] = SCORED
    first_rows = first[by_appearance]
    result = pd.DataFrame(
        {
            "candidate": np.asarray(candidates, dtype=object)[candidate_codes[first_rows]],
            "indicator": np.asarray(indicators, dtype=object)[indicator_codes[first_rows]],
            "value": value,
            "n_scored": n_scored,
            "n_na": n_na,
            "n_unknown": n_unknown,
            "spread": spread,
            "std": std,
            "status": status_out,
            "flagged": is_disagreement(spread, disagreement_threshold),
        }
    )
    return result
