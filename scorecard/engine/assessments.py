"""Combine several assessors' 0–5 scores per (candidate, indicator)."""

from __future__ import annotations

import numpy as np
import pandas as pd

SCORED = "scored"
NOT_APPLICABLE = "not_applicable"
UNKNOWN = "unknown"
STATUSES = (SCORED, NOT_APPLICABLE, UNKNOWN)

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
    work = pd.DataFrame(
        {
            "candidate": frame["candidate"].to_numpy(),
            "indicator": frame["indicator"].to_numpy(),
            "x": np.where(status == SCORED, frame["score"].to_numpy(), np.nan),
            "s": (status == SCORED).astype(np.int64),
            "na": (status == NOT_APPLICABLE).astype(np.int64),
            "unk": (status == UNKNOWN).astype(np.int64),
        }
    )
    grouped = work.groupby(["candidate", "indicator"], sort=False)
    counts = grouped[["s", "na", "unk"]].sum()
    x = grouped["x"]
    value = x.mean() if aggregation == "mean" else x.median()
    spread = x.max() - x.min()
    std = x.std(ddof=0)
    n_scored = counts["s"].to_numpy()
    n_na = counts["na"].to_numpy()
    status_out = np.where(
        n_scored > 0,
        SCORED,
        np.where((n_na > 0) & (counts["unk"].to_numpy() == 0), NOT_APPLICABLE, UNKNOWN),
    )
    spread_values = spread.to_numpy(dtype=float)
    result = pd.DataFrame(
        {
            "candidate": counts.index.get_level_values(0),
            "indicator": counts.index.get_level_values(1),
            "value": value.to_numpy(dtype=float),
            "n_scored": n_scored,
            "n_na": n_na,
            "n_unknown": counts["unk"].to_numpy(),
            "spread": spread_values,
            "std": std.to_numpy(dtype=float),
            "status": status_out.astype(object),
            "flagged": np.nan_to_num(spread_values, nan=-np.inf) >= disagreement_threshold,
        }
    )
    return result
