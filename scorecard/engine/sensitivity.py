"""How robust a ranking is to the weights: SMAA-2 rank acceptability (every rank, or first
place alone) and weight intervals.

Size: both analyses share the scorer, the samples and the tie rule, which must stay the same
function for their results to agree (tests compare them exactly).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd

from scorecard.engine._validation import Matrix, benefit_mask, check_matrix, normalise_weights
from scorecard.engine.methods import (
    closeness,
    normalize_for_topsis,
    normalize_for_weighted_sum,
    tie_tolerance,
    topsis_gaps,
)

METHODS = ("weighted_sum", "topsis")
# Scores held at once while ranking SMAA samples (samples × alternatives): 400 KB a float
# array, which a core's cache holds. Each chunk takes several passes over its scores; measured
# at 500 × 6 and 10,000 samples (best of 3–5, weighted sum), every rank took 156 ms in chunks
# of 50,000 cells against 185 ms in chunks of 1,000,000, and first places 11–14 ms in either
# (three passes a chunk since stop 24; 28 against 67 ms before).
SMAA_CHUNK_CELLS = 50_000
DEFAULT_CONCENTRATION = 50.0
"""Dirichlet concentration around given weights: a weight of 0.2 varies with s.d. ≈ 0.056."""


def _default_normalization(method: str) -> str:
    """The method's default normalisation; ``ValueError`` for an unknown method."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
    return "minmax" if method == "weighted_sum" else "vector"


class _Scorer:
    """Scores every alternative for many weight vectors at once (rows of ``w``)."""

    def __init__(self, matrix: Matrix, benefit: np.ndarray, method: str, normalization: str):
        _default_normalization(method)  # validates method even when normalization is given
        self.method = method
        self.n_alternatives = matrix.shape[0]
        if method == "weighted_sum":
            self.normalized = normalize_for_weighted_sum(matrix, benefit, normalization)
        else:
            self.gap_plus, self.gap_minus = topsis_gaps(
                normalize_for_topsis(matrix, normalization), benefit
            )

    def scores(self, w: np.ndarray) -> np.ndarray:
        """``w`` is (samples × criteria); returns (samples × alternatives)."""
        if self.method == "weighted_sum":
            return w @ self.normalized.T
        w2 = w**2
        return closeness(np.sqrt(w2 @ self.gap_plus.T), np.sqrt(w2 @ self.gap_minus.T))


def _smaa_samples(
    matrix: pd.DataFrame,
    weights: Any,
    *,
    benefit: Any,
    method: str,
    n_samples: int,
    seed: int | None,
    concentration: float,
    normalization: str | None,
) -> tuple[pd.DataFrame, _Scorer, np.ndarray]:
    """The checked matrix, its scorer and the ``n_samples`` weight vectors (rows) of an SMAA
    run: what :func:`rank_acceptability` and :func:`first_rank_acceptability` share, so that
    with the same arguments they score the same samples."""
    matrix = check_matrix(matrix)
    normalization = normalization or _default_normalization(method)  # validates method
    if int(n_samples) < 1:
        raise ValueError("n_samples must be at least 1")
    n_samples = int(n_samples)
    if not concentration > 0:
        raise ValueError("concentration must be positive")
    m = matrix.shape[1]
    scorer = _Scorer(matrix, benefit_mask(benefit, matrix.columns), method, normalization)

    if weights is None:
        alpha = np.ones(m)
    else:
        alpha = concentration * normalise_weights(weights, matrix.columns)
    if isinstance(seed, int) and not isinstance(seed, bool):
        draws = _seeded_draws(tuple(float(a) for a in alpha), n_samples, seed)
    else:
        draws = _dirichlet_draws(alpha, n_samples, seed)
    return matrix, scorer, draws


def _dirichlet_draws(alpha: np.ndarray, n_samples: int, seed) -> np.ndarray:
    """``n_samples`` Dirichlet(``alpha``) weight vectors (rows), from ``seed``."""
    rng = np.random.default_rng(seed)
    m = len(alpha)
    # Dirichlet via normalised gammas: a zero alpha gives a zero weight, which
    # numpy's dirichlet refuses.
    draws = rng.standard_gamma(np.where(alpha > 0, alpha, 1.0), size=(n_samples, m))
    draws[:, alpha <= 0] = 0.0
    totals = draws.sum(axis=1, keepdims=True)
    return np.divide(draws, totals, out=np.full_like(draws, 1.0 / m), where=totals > 0)


@functools.lru_cache(maxsize=4)
def _seeded_draws(alpha: tuple[float, ...], n_samples: int, seed: int) -> np.ndarray:
    """:func:`_dirichlet_draws` for a fixed seed, kept (read-only): the same weights give the
    same samples, and a page ranks its engagement's new scores with the weights it had (at
    10,000 × 6, 3.5 ms of the 15 ms of its first places)."""
    draws = _dirichlet_draws(np.array(alpha), n_samples, seed)
    draws.flags.writeable = False
    return draws


def _chunk_rows(n_alternatives: int) -> int:
    """The samples scored at once for ``n_alternatives`` (:data:`SMAA_CHUNK_CELLS` cells)."""
    return max(1, SMAA_CHUNK_CELLS // max(n_alternatives, 1))


def _scored_chunks(scorer: _Scorer, draws: np.ndarray) -> Iterator[np.ndarray]:
    """The scores (samples × alternatives) of ``draws``, a chunk of samples at a time, so
    memory stays bounded (:data:`SMAA_CHUNK_CELLS`) whatever the number of samples."""
    chunk = _chunk_rows(scorer.n_alternatives)
    for start in range(0, len(draws), chunk):
        yield scorer.scores(draws[start : start + chunk])


def rank_acceptability(
    matrix: pd.DataFrame,
    weights: Any = None,
    *,
    benefit: Any = None,
    method: str = "weighted_sum",
    n_samples: int = 10_000,
    seed: int | None = None,
    concentration: float = DEFAULT_CONCENTRATION,
    normalization: str | None = None,
) -> pd.DataFrame:
    """SMAA-2 rank acceptability indices (Lahdelma & Salminen, 2001).

    Samples ``n_samples`` weight vectors and returns, for each alternative (row) and rank
    (columns 1..n), the share of samples in which the alternative takes that rank; each row
    sums to 1. With ``weights=None`` the vectors are uniform on the simplex (no preference
    information); with weights they are Dirichlet with parameters ``concentration × w``
    (mean ``w``; a zero weight stays zero). Ties share the better rank, as in
    :func:`scorecard.engine.rank`. ``method`` is ``"weighted_sum"`` or ``"topsis"`` with the
    method's default normalisation unless ``normalization`` is given. ``seed`` makes the
    result reproducible. Vectorised over chunks of samples (memory bounded by
    :data:`SMAA_CHUNK_CELLS`, not by ``n_samples``). Only first place needed:
    :func:`first_rank_acceptability` (the same column 1, without ranking every sample).
    """
    matrix, scorer, draws = _smaa_samples(
        matrix,
        weights,
        benefit=benefit,
        method=method,
        n_samples=n_samples,
        seed=seed,
        concentration=concentration,
        normalization=normalization,
    )
    n = matrix.shape[0]
    counts = np.zeros(n * n, dtype=np.int64)
    for scores in _scored_chunks(scorer, draws):
        order, group_rank = _positions_and_ranks(scores)
        counts += np.bincount((order * n + group_rank).ravel(), minlength=n * n)
    return pd.DataFrame(
        counts.reshape(n, n) / len(draws),
        index=matrix.index,
        columns=pd.RangeIndex(1, n + 1, name="rank"),
    )


def first_rank_acceptability(
    matrix: pd.DataFrame,
    weights: Any = None,
    *,
    benefit: Any = None,
    method: str = "weighted_sum",
    n_samples: int = 10_000,
    seed: int | None = None,
    concentration: float = DEFAULT_CONCENTRATION,
    normalization: str | None = None,
) -> pd.Series:
    """The first-rank acceptability of each alternative (index as ``matrix``): exactly column
    1 of :func:`rank_acceptability` with the same arguments (the same samples, the same ties),
    at the cost of finding who is first in each sample instead of sorting every score
    (:func:`_first_place_counts`). A weighted sum of a non-negative matrix scores only the
    alternatives that can be first in some sample (:func:`_possible_leaders`, 107 of 500 on
    the benchmark's engagement: 5 ms against 14 ms).
    """
    matrix, scorer, draws = _smaa_samples(
        matrix,
        weights,
        benefit=benefit,
        method=method,
        n_samples=n_samples,
        seed=seed,
        concentration=concentration,
        normalization=normalization,
    )
    leaders = _possible_leaders(scorer, draws)
    if leaders is not None:
        counts = _first_place_counts_among(scorer, draws, leaders)
    else:
        counts = np.zeros(matrix.shape[0], dtype=np.int64)
        for scores in _scored_chunks(scorer, draws):
            counts += _first_place_counts(scores)
    return pd.Series(counts / len(draws), index=matrix.index, name=1)


# The alternatives a weighted sum can put first are found against this many of the best at the
# samples' mean weights.
LEADER_REFERENCES = 8


def _rounding(scorer: _Scorer) -> float:
    """A bound, with room to spare, on how far two computations of one weighted-sum score (of
    non-negative weights summing to 1) can differ: each is within ``m`` roundings of the
    exact value times the largest cell, whatever order the product sums it in."""
    m = scorer.normalized.shape[1]
    return 4 * m * float(np.finfo(float).eps) * max(1.0, float(scorer.normalized.max()))


def _possible_leaders(scorer: _Scorer, draws: np.ndarray) -> np.ndarray | None:
    """The alternatives that can be first in some sample of ``draws`` (sorted positions), for
    a weighted sum of a non-negative matrix; ``None`` for TOPSIS, other matrices, or when no
    alternative is ruled out.

    Every sample lies in the box of the samples' lowest and highest weight of each criterion,
    and its weights sum to 1. So the least that an alternative ``r`` leads ``j`` by in any
    sample is at least the least of ``w · (x_r − x_j)`` over that box and sum (the lowest
    weights, then what is left given to the criteria where ``j`` comes closest, in turn). An
    alternative that some ``r`` leads by more than ``n + 2`` tie tolerances (and the rounding)
    in every sample is never in the chain of near-ties that shares first place
    (:func:`_first_place_counts`), and with non-negative scores leaves every row's best and
    tolerance as they were."""
    if scorer.method != "weighted_sum" or scorer.normalized.min() < 0:
        return None
    values = scorer.normalized
    n = values.shape[0]
    by_criterion = np.ascontiguousarray(draws.T)  # its reductions run along memory
    low, high = by_criterion.min(axis=1), by_criterion.max(axis=1)
    centre = values @ by_criterion.mean(axis=1)
    references = np.argsort(-centre, kind="stable")[:LEADER_REFERENCES]
    gaps = values[references][:, np.newaxis, :] - values[np.newaxis, :, :]
    order = np.argsort(gaps, axis=2)
    ordered = np.take_along_axis(gaps, order, axis=2)
    room = (high - low)[order]
    given = np.clip(1.0 - low.sum() - (np.cumsum(room, axis=2) - room), 0.0, room)
    least_lead = (gaps @ low + np.einsum("rjk,rjk->rj", given, ordered)).max(axis=0)
    margin = (n + 2) * tie_tolerance(float(values.max())) + 8 * _rounding(scorer)
    leaders = np.flatnonzero(least_lead <= margin)
    return leaders if len(leaders) < n else None


def _first_place_counts_among(
    scorer: _Scorer, draws: np.ndarray, leaders: np.ndarray
) -> np.ndarray:
    """:func:`_first_place_counts` over every chunk of ``draws``, scoring ``leaders`` alone
    (:func:`_possible_leaders`): the counts of the others are 0.

    Their scores, computed apart, can differ from those in the whole chunk by rounding
    (:func:`_rounding`), and the tolerance with them (scores are not negative, so it reads
    the best alone). So where no score is further below its sample's best than the tolerance
    less the rounding, and within ``n + 1`` tolerances plus the rounding (no near-tie, no
    chain), the whole chunk's first places are the scores within the tolerance of the best,
    as here. Samples with such a score are scored in full, in the chunks
    :func:`rank_acceptability` scores them in. Scores are laid out alternatives × samples,
    so every pass runs along contiguous memory (at 107 of 500 alternatives and 10,000
    samples, 3 ms against 7 ms the other way round)."""
    n = scorer.n_alternatives
    rows = _chunk_rows(n)
    group = rows * max(1, SMAA_CHUNK_CELLS // (rows * len(leaders)))
    values = np.ascontiguousarray(scorer.normalized[leaders])
    slack = 3 * _rounding(scorer)
    counts = np.zeros(n, dtype=np.int64)
    for start in range(0, len(draws), group):
        part = draws[start : start + group]
        scores = values @ part.T
        best = scores.max(axis=0)
        tolerance = tie_tolerance(best)
        reach = (best - (n + 2) * (tolerance + slack)).min()
        near = np.flatnonzero(scores.max(axis=1) >= reach)
        gap = best - scores[near]
        first = gap <= tolerance - slack
        if not ((gap <= (n + 1) * (tolerance + slack)) & ~first).any():
            counts[leaders[near]] += np.count_nonzero(first, axis=1)
            continue
        for chunk in range(start, start + len(part), rows):
            counts += _first_place_counts(scorer.scores(draws[chunk : chunk + rows]))
    return counts


def _first_place_counts(scores: np.ndarray) -> np.ndarray:
    """For each alternative (column of ``scores``), in how many rows :func:`_positions_and_ranks`
    ranks it first, without sorting.

    There, the best score and every next one down within the tie tolerance of the one above
    share first place. Those form the top of the row: all scores from the lowest of them up.
    So they are grown from the scores within the tolerance of the best, adding each time the
    scores within it of the lowest taken, until none is added. Rounding is monotone, so a
    difference under the tolerance here leaves every difference between neighbours in the
    sorted row under it too: the same alternatives, the same comparisons. Scores are finite
    (:func:`check_matrix` refuses non-finite cells).

    A chain of ``n`` alternatives (``n`` columns) ends less than ``n`` tolerances below its
    row's best, so only the columns whose highest score reaches within ``n + 2`` tolerances of
    the lowest best (one to spare for rounding) can be first anywhere in ``scores``: the rest
    is found in those columns alone (a few of 500, typically), and three passes over the whole
    chunk (the best and worst of each row, the highest of each column) find them. In them,
    chains are grown only in the rows that have a score between one and ``n + 1`` tolerances
    below their best; in the others first place is the scores within the tolerance of the best.
    """
    n = scores.shape[1]
    best = scores.max(axis=1, keepdims=True)
    tolerance = _tie_tolerance(scores, best)
    columns = np.flatnonzero(scores.max(axis=0) >= (best - (n + 2) * tolerance).min())
    part = scores[:, columns]
    gap = best - part
    first = gap <= tolerance
    chained = np.flatnonzero(((gap <= (n + 1) * tolerance) & ~first).any(axis=1))
    if len(chained):
        rows, rows_first, rows_tolerance = part[chained], first[chained], tolerance[chained]
        while True:
            lowest = np.where(rows_first, rows, np.inf).min(axis=1, keepdims=True)
            grown = rows_first | ((lowest - rows) <= rows_tolerance)
            if (grown == rows_first).all():
                break
            rows_first = grown
        first[chained] = rows_first
    counts = np.zeros(n, dtype=np.int64)
    counts[columns] = np.count_nonzero(first, axis=0)
    return counts


def _tie_tolerance(scores: np.ndarray, best: np.ndarray | None = None) -> np.ndarray:
    """The tie tolerance (:func:`~scorecard.engine.methods.tie_tolerance`) of each row of
    ``scores`` (a column), from the row's largest magnitude: the larger of its best score
    (``best`` if already known) and minus its worst. :func:`_positions_and_ranks` and
    :func:`_first_place_counts` compare differences with it."""
    if best is None:
        best = scores.max(axis=1, keepdims=True)
    magnitude = np.maximum(best, -scores.min(axis=1, keepdims=True))
    return tie_tolerance(magnitude)


def _positions_and_ranks(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each row, the alternatives from the highest score down (``order``) and the 0-based
    competition rank at each position (near-ties share the better rank): counting the pairs
    (order, rank) gives the rank counts without inverting the permutation. Exactly equal
    scores share a rank, so the (unstable, faster) sort's order among them does not matter."""
    samples, n = scores.shape
    order = np.argsort(scores, axis=1)[:, ::-1]
    ordered = np.take_along_axis(scores, order, axis=1)
    tied = (ordered[:, :-1] - ordered[:, 1:]) <= _tie_tolerance(scores)
    group_rank = np.broadcast_to(np.arange(n), (samples, n))
    rows_with_ties = tied.any(axis=1)
    if rows_with_ties.any():
        # Rare: a tied position takes the position where its group of equals starts.
        group_rank = group_rank.copy()
        sub = group_rank[rows_with_ties]
        sub[:, 1:] = np.where(tied[rows_with_ties], 0, sub[:, 1:])
        group_rank[rows_with_ties] = np.maximum.accumulate(sub, axis=1)
    return order, group_rank


def _shifted_weights(w: np.ndarray, k: int, t: np.ndarray) -> np.ndarray:
    """Weight vectors with criterion ``k`` set to each ``t`` and the others rescaled.

    The others keep their proportions and share ``1 − t``; if they are all zero now, they
    share it equally.
    """
    others = w.copy()
    others[k] = 0.0
    rest = others.sum()
    base = others / rest if rest > 0 else np.where(np.arange(len(w)) == k, 0.0, 1.0 / (len(w) - 1))
    out = (1.0 - t)[:, np.newaxis] * base[np.newaxis, :]
    out[:, k] = t
    return out


def _leader_margins(scorer: _Scorer, w: np.ndarray, k: int, leader: int) -> np.ndarray:
    """Coefficients (highest power first, one row per rival) of polynomials in t whose sign
    says whether the leader still beats each rival, in closed form.

    With ``w(t) = (1 − t)·b + t·e_k`` (``b``: the others rescaled, ``b_k = 0``), weighted sum
    scores are linear: ``s(t) = s(0) + t·(s(1) − s(0))``. For TOPSIS each
    ``D²(t) = (1 − t)²·A + t²·B`` with ``A = Σ b_j²·gap_j`` and ``B = gap_k``, and ``C_L ≥ C_i``
    ⇔ ``D−_L·D+_i ≥ D−_i·D+_L`` ⇔ (squaring non-negative sides) a quartic. Only their real roots
    in (0, 1) matter: between roots the leader's status cannot change.
    """
    rivals = np.delete(np.arange(scorer.n_alternatives), leader)
    if scorer.method == "weighted_sum":
        s0, s1 = scorer.scores(_shifted_weights(w, k, np.array([0.0, 1.0])))
        m0, m1 = s0[leader] - s0[rivals], s1[leader] - s1[rivals]
        return np.column_stack([m1 - m0, m0])
    b2 = _shifted_weights(w, k, np.array([0.0]))[0] ** 2

    def quadratic(gap: np.ndarray) -> np.ndarray:  # (n × 3): A + B, −2A, A
        a, b = gap @ b2, gap[:, k]
        return np.column_stack([a + b, -2 * a, a])

    qp, qm = quadratic(scorer.gap_plus), quadratic(scorer.gap_minus)
    quartic = np.zeros((len(rivals), 5))
    for i in range(3):
        for j in range(3):
            quartic[:, i + j] += qm[leader, i] * qp[rivals, j] - qm[rivals, i] * qp[leader, j]
    return quartic


def _real_roots_in_unit_interval(coefficients: np.ndarray) -> np.ndarray:
    """Real roots in (0, 1) of every row's polynomial, as ``np.roots`` finds them (coefficients
    below 1e-15 taken as zero, leading and trailing zeros dropped, the companion matrix's
    eigenvalues) but for all polynomials of one degree in one batched call."""
    c = np.where(np.abs(coefficients) < 1e-15, 0.0, coefficients)
    width = c.shape[1]
    nonzero = c != 0
    lead = np.argmax(nonzero, axis=1)
    trail = np.argmax(nonzero[:, ::-1], axis=1)
    degree = np.where(nonzero.any(axis=1), width - 1 - lead - trail, 0)
    found = []
    for d in range(1, width):
        rows = np.flatnonzero(degree == d)
        if not len(rows):
            continue
        p = np.take_along_axis(c[rows], lead[rows, np.newaxis] + np.arange(d + 1), axis=1)
        if d == 1:  # a 1 × 1 companion matrix is its own eigenvalue (every weighted sum's)
            roots = -p[:, 1] / p[:, 0]
            found.append(roots[(roots > 0) & (roots < 1)])
            continue
        companion = np.zeros((len(rows), d, d))
        companion[:, 1:, :-1] = np.eye(d - 1)
        companion[:, 0, :] = -p[:, 1:] / p[:, :1]
        roots = np.linalg.eigvals(companion).ravel()
        found.append(roots[(np.abs(roots.imag) < 1e-9) & (roots.real > 0) & (roots.real < 1)])
    return np.concatenate(found).real if found else np.empty(0)


def _leads(scorer: _Scorer, w: np.ndarray, k: int, leader: int, t: float) -> tuple[bool, int]:
    """Whether ``leader`` is still first (ties keep it first) with weight ``k`` set to ``t``,
    and who scores highest there."""
    s = scorer.scores(_shifted_weights(w, k, np.array([t])))[0]
    tol = tie_tolerance(float(np.abs(s).max()))
    return bool(s[leader] >= s.max() - tol), int(np.argmax(s))


def _break_points(scorer: _Scorer, w: np.ndarray, k: int, leader: int) -> list[float]:
    """Sorted weights of criterion ``k`` where first place can change: 0, 1, the current
    weight, and every real root in (0, 1) of the leader's margin over a rival."""
    roots = _real_roots_in_unit_interval(_leader_margins(scorer, w, k, leader))
    return sorted({0.0, 1.0, float(w[k]), *roots.tolist()})


def _interval_kept(
    points: list[float], here: int, leads: Callable[[float], tuple[bool, int]], labels: pd.Index
) -> tuple[float, Any, float, Any]:
    """From ``points[here]``, walk down then up through the segments between break points
    (each tested at its midpoint) while the leader ``leads``; the bounds reached and who
    leads just beyond each (``None`` when the walk reached 0 or 1)."""
    lower, rival_below = points[here], None
    for j in range(here, 0, -1):
        ok, best = leads((points[j - 1] + points[j]) / 2)
        if not ok:
            rival_below = labels[best]
            break
        lower = points[j - 1]
    upper, rival_above = points[here], None
    for j in range(here, len(points) - 1):
        ok, best = leads((points[j] + points[j + 1]) / 2)
        if not ok:
            rival_above = labels[best]
            break
        upper = points[j + 1]
    return lower, rival_below, upper, rival_above


def weight_stability(
    matrix: pd.DataFrame,
    weights: Any,
    *,
    benefit: Any = None,
    method: str = "weighted_sum",
    normalization: str | None = None,
) -> pd.DataFrame:
    """For each criterion, how far its weight can move before the leader loses first place.

    The weight of one criterion is set to ``t`` in [0, 1] and the others are rescaled
    proportionally to share ``1 − t``. The current leader is the first-ranked alternative
    (the first in row order among ties); it keeps first place while no alternative scores
    strictly higher (ties keep it first, as in :func:`scorecard.engine.rank`). Exact: the
    bounds are roots of the score differences (linear for weighted sum, quartic for TOPSIS),
    not samples.

    Returns a DataFrame indexed by criterion with ``weight`` (current, normalised), ``lower``
    and ``upper`` (the interval, always containing ``weight``), ``leader``, and
    ``rival_below``/``rival_above`` (who leads just beyond each bound, or ``None`` when the
    bound is 0 or 1). With a single criterion the interval is [1, 1]; with a single
    alternative it is [0, 1].
    """
    matrix = check_matrix(matrix)
    normalization = normalization or _default_normalization(method)
    w = normalise_weights(weights, matrix.columns)
    scorer = _Scorer(matrix, benefit_mask(benefit, matrix.columns), method, normalization)
    current = scorer.scores(w[np.newaxis, :])[0]
    tolerance = tie_tolerance(float(np.abs(current).max()))
    leader = int(np.argmax(current >= current.max() - tolerance))
    labels = matrix.index
    rows = []
    for k, criterion in enumerate(matrix.columns):
        row = {"criterion": criterion, "weight": float(w[k]), "leader": labels[leader]}
        if len(w) == 1:
            rows.append(
                {**row, "lower": 1.0, "upper": 1.0, "rival_below": None, "rival_above": None}
            )
            continue
        if matrix.shape[0] == 1:
            rows.append(
                {**row, "lower": 0.0, "upper": 1.0, "rival_below": None, "rival_above": None}
            )
            continue
        points = _break_points(scorer, w, k, leader)
        lower, rival_below, upper, rival_above = _interval_kept(
            points,
            points.index(float(w[k])),
            lambda t, k=k: _leads(scorer, w, k, leader, t),
            labels,
        )
        rows.append(
            {
                **row,
                "lower": min(lower, w[k]),
                "upper": max(upper, w[k]),
                "rival_below": rival_below,
                "rival_above": rival_above,
            }
        )
    frame = pd.DataFrame(rows).set_index("criterion")
    for column in ("leader", "rival_below", "rival_above"):
        frame[column] = pd.Series([r[column] for r in rows], index=frame.index, dtype=object)
    return frame[["weight", "lower", "upper", "leader", "rival_below", "rival_above"]]
