"""What :func:`scorecard.engine.evaluate_engagement` returns: plain, documented data."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from scorecard.engine.sensitivity import rank_acceptability, weight_stability

# What a criterion with no known indicator counts for, for a candidate that is ranked: its
# weight is shared among the candidate's known criteria in proportion to their weights, which
# is the same as giving it the candidate's weighted average over its known criteria (that is
# how the matrices of TOPSIS and the sensitivity analyses are filled). Never zero. The words
# for pages and the report: scorecard.ranking.evaluate.missing_criterion_rule.
MISSING_CRITERION_POLICY = "renormalise"


def fill_missing_criteria(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``scores`` (candidate × criterion, 0–5, NaN = unknown) with each unknown cell replaced
    by the candidate's weighted average over its known criteria (``weights``, any scale).

    A row with no known criterion of positive weight stays NaN (nothing to average)."""
    scores = np.asarray(scores, dtype=float)
    known = ~np.isnan(scores)
    known_weight = known @ weights
    numerator = np.where(known, scores, 0.0) @ weights
    average = np.full(len(scores), np.nan)
    np.divide(numerator, known_weight, out=average, where=known_weight > 0)
    return np.where(known, scores, average[:, np.newaxis])


def plain_value(value: Any) -> Any:
    """A JSON-friendly Python value: numpy scalars and Decimals unwrapped, NaN → None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


# The normalisation each pipeline method applies before weighting (see pipeline step 5).
METHOD_NORMALIZATION = {"weighted_sum": "none", "topsis": "vector"}


def sensitivity_inputs(decision_matrix: pd.DataFrame, method: str) -> tuple[pd.DataFrame, str]:
    """The matrix and normalisation the sensitivity analyses of a pipeline ranking use.

    The decision matrix of a pipeline result is already filled by the missing-criterion
    policy (:func:`fill_missing_criteria`); the normalisation is the method's
    (:data:`METHOD_NORMALIZATION`). Raises ``ValueError`` without eligible candidates.
    """
    if decision_matrix is None or decision_matrix.empty:
        raise ValueError("no eligible candidates to analyse")
    return decision_matrix, METHOD_NORMALIZATION[method]


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
    - ``insufficient``: candidates not disqualified whose completeness is under the
      ``min_completeness`` asked for (or zero): not ranked, not in the decision matrix.
    - ``indicators``: one row per (candidate, indicator), see ``INDICATOR_COLUMNS``.
    - ``decision_matrix``: ``criterion_scores`` of the eligible (ranked) candidates, unknown
      criteria filled by :func:`fill_missing_criteria` (what TOPSIS and the sensitivity
      analyses see).
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
    insufficient: list[Any] = field(default_factory=list)

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
        return sensitivity_inputs(self.decision_matrix, self.method)

    def rank_acceptability(self, n_samples: int = 10_000, seed: int | None = 0) -> pd.DataFrame:
        """SMAA-2 rank acceptability of the eligible candidates around the current weights
        (see :func:`scorecard.engine.rank_acceptability`)."""
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
        :func:`scorecard.engine.weight_stability`)."""
        matrix, normalization = self._sensitivity_inputs()
        return weight_stability(
            matrix, self.weights, method=self.method, normalization=normalization
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data (NaN → None), candidates ordered by rank then unranked."""
        criteria = list(self.criterion_scores.columns)
        order = list(self.ranking()["candidate"]) + list(self.insufficient) + list(self.unranked)
        candidates = []
        for candidate in order:
            eligible = candidate in self.ranks.index
            candidates.append(
                {
                    "id": plain_value(candidate),
                    "label": self.labels.get(candidate, str(candidate)),
                    "eligible": eligible,
                    "rank": int(self.ranks[candidate]) if eligible else None,
                    "total": plain_value(float(self.totals[candidate])),
                    "completeness": plain_value(float(self.completeness[candidate])),
                    "criterion_scores": {
                        str(c): plain_value(float(self.criterion_scores.at[candidate, c]))
                        for c in criteria
                    },
                    "contributions": {
                        str(c): plain_value(float(self.contributions.at[candidate, c]))
                        for c in criteria
                    },
                    "missing_criteria": [str(c) for c in self.missing_criteria.get(candidate, [])],
                    "disqualified_reasons": list(self.disqualified.get(candidate, [])),
                    "unverified_gates": list(self.unverified_gates.get(candidate, [])),
                }
            )
        indicators = [
            {key: plain_value(value) for key, value in row.items()}
            for row in self.indicators.astype(object).to_dict(orient="records")
        ]
        return {
            "method": self.method,
            "criteria": [str(c) for c in criteria],
            "weights": {str(c): float(w) for c, w in self.weights.items()},
            "candidates": candidates,
            "unranked": [plain_value(c) for c in self.unranked],
            "insufficient": [plain_value(c) for c in self.insufficient],
            "indicators": indicators,
        }
