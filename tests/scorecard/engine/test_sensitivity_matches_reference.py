"""The closed-form weight stability and the chunked SMAA ranks give the answers of the
implementation they replaced (``reference_sensitivity``: per-rival polyfit/roots, full sort);
the first-place-only SMAA gives exactly the first column of the full one."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scorecard.engine import first_rank_acceptability, rank_acceptability, weight_stability
from scorecard.engine import sensitivity as current
from tests.scorecard.engine import reference_sensitivity as reference


def _matrix(seed: int, n: int, m: int, *, ties: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 6, size=(n, m)).astype(float) if ties else rng.uniform(0, 10, (n, m))
    return pd.DataFrame(
        values, index=[f"p{k}" for k in range(n)], columns=[f"c{k}" for k in range(m)]
    )


CASES = [
    (seed, n, m, ties)
    for seed in range(4)
    for n, m in ((2, 2), (9, 4), (40, 7))
    for ties in (False, True)
]


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
@pytest.mark.parametrize(("seed", "n", "m", "ties"), CASES)
def test_weight_stability_matches_reference(method, seed, n, m, ties):
    matrix = _matrix(seed, n, m, ties=ties)
    rng = np.random.default_rng(seed + 100)
    weights = dict(zip(matrix.columns, rng.uniform(0, 1, m).round(1), strict=True))
    weights["c0"] = max(weights["c0"], 0.1)

    ours = weight_stability(matrix, weights, method=method)
    theirs = reference.weight_stability(matrix, weights, method=method)

    pd.testing.assert_frame_equal(ours, theirs, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
@pytest.mark.parametrize(("seed", "n", "m", "ties"), CASES)
def test_rank_acceptability_matches_reference(method, seed, n, m, ties):
    matrix = _matrix(seed, n, m, ties=ties)
    weights = None if seed % 2 else dict.fromkeys(matrix.columns, 1.0)

    ours = rank_acceptability(matrix, weights, method=method, n_samples=700, seed=seed)
    theirs = reference.rank_acceptability(matrix, weights, method=method, n_samples=700, seed=seed)

    pd.testing.assert_frame_equal(ours, theirs, check_exact=True)


def test_rank_acceptability_in_chunks_counts_every_sample(monkeypatch):
    matrix = _matrix(7, 12, 5, ties=True)
    whole = rank_acceptability(matrix, n_samples=1000, seed=3)
    monkeypatch.setattr(current, "SMAA_CHUNK_CELLS", 12 * 7)  # chunks of 7 samples, one short

    chunked = rank_acceptability(matrix, n_samples=1000, seed=3)

    pd.testing.assert_frame_equal(chunked, whole, check_exact=True)
    assert chunked.sum(axis=1).tolist() == pytest.approx([1.0] * 12)


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
@pytest.mark.parametrize(("seed", "n", "m", "ties"), CASES)
def test_first_rank_acceptability_is_column_one_of_rank_acceptability(method, seed, n, m, ties):
    matrix = _matrix(seed, n, m, ties=ties)
    weights = None if seed % 2 else dict(zip(matrix.columns, range(1, m + 1), strict=True))
    arguments = {"method": method, "n_samples": 700, "seed": seed}

    first = first_rank_acceptability(matrix, weights, **arguments)

    full = rank_acceptability(matrix, weights, **arguments)
    pd.testing.assert_series_equal(first, full[1], check_exact=True)


def test_first_rank_acceptability_shares_first_place_along_a_chain_of_near_ties():
    # Each gap is under the tie tolerance (1e-10 here), the first to the third is not: the
    # full ranking chains them, so all three are first in every sample.
    matrix = pd.DataFrame({"a": [1.0, 1.0 - 0.6e-10, 1.0 - 1.2e-10, 0.5]}, index=list("xyzw"))

    first = first_rank_acceptability(matrix, n_samples=50, seed=0, normalization="none")

    assert first.tolist() == [1.0, 1.0, 1.0, 0.0]
    full = rank_acceptability(matrix, n_samples=50, seed=0, normalization="none")
    pd.testing.assert_series_equal(first, full[1], check_exact=True)


@pytest.mark.parametrize("seed", range(6))
def test_first_rank_acceptability_matches_with_many_near_ties(seed):
    # Rows a few tolerances apart (1e-10 here, scores near 1): first place is shared by
    # chains of different lengths from one sample to the next.
    rng = np.random.default_rng(seed)
    base = rng.integers(0, 2, size=(30, 3)).astype(float)
    matrix = pd.DataFrame(1.0 + base * 1e-3 + rng.integers(0, 4, size=(30, 1)) * 0.7e-10)
    arguments = {"n_samples": 400, "seed": seed, "normalization": "none"}

    first = first_rank_acceptability(matrix, dict.fromkeys(matrix.columns, 1.0), **arguments)

    full = rank_acceptability(matrix, dict.fromkeys(matrix.columns, 1.0), **arguments)
    pd.testing.assert_series_equal(first, full[1], check_exact=True)
    assert first.sum() > 1  # shared first places happened


def test_first_rank_acceptability_in_chunks_counts_every_sample(monkeypatch):
    matrix = _matrix(7, 12, 5, ties=True)
    whole = rank_acceptability(matrix, n_samples=1000, seed=3)[1]
    monkeypatch.setattr(current, "SMAA_CHUNK_CELLS", 12 * 7)  # chunks of 7 samples, one short

    chunked = first_rank_acceptability(matrix, n_samples=1000, seed=3)

    pd.testing.assert_series_equal(chunked, whole, check_exact=True)


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
@pytest.mark.parametrize("seed", range(4))
def test_first_rank_acceptability_leaves_out_only_those_never_near_first(method, seed):
    # Most rows are far behind, some are near-ties of the best (a few tolerances apart), and
    # one far-behind row carries the largest magnitude: leaving the far ones out must change
    # neither the first places nor the tie tolerance they are compared with.
    rng = np.random.default_rng(seed)
    leaders = 0.9 + rng.integers(0, 3, size=(6, 1)) * 0.4e-10 + rng.random((6, 4)) * 1e-3
    behind = rng.random((60, 4)) * 0.5
    behind[0] = -3.0  # the largest magnitude: a tolerance of 3e-10 for every sample
    matrix = pd.DataFrame(np.vstack([leaders, behind]))
    arguments = {"method": method, "n_samples": 500, "seed": seed, "normalization": "none"}
    if method == "topsis":
        arguments["normalization"] = "vector"

    first = first_rank_acceptability(matrix, dict.fromkeys(matrix.columns, 1.0), **arguments)

    full = rank_acceptability(matrix, dict.fromkeys(matrix.columns, 1.0), **arguments)
    pd.testing.assert_series_equal(first, full[1], check_exact=True)
    assert first.iloc[6:].sum() == 0


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
@pytest.mark.parametrize("seed", range(4))
def test_first_rank_acceptability_grows_chains_only_where_they_can_form(method, seed):
    # Leaders a few tolerances apart (chains in some samples, not in others), most rows far
    # behind, and one far-behind row with the largest magnitude, which sets the tolerance.
    rng = np.random.default_rng(seed)
    leaders = 0.9 + rng.integers(0, 3, size=(6, 1)) * 0.4e-10 + rng.integers(0, 2, (6, 4)) * 1e-3
    behind = rng.random((60, 4)) * 0.5
    behind[0] = -3.0  # a tolerance of 3e-10 for every sample
    matrix = pd.DataFrame(np.vstack([leaders, behind]))
    weights = dict.fromkeys(matrix.columns, 1.0)
    normalization = "none" if method == "weighted_sum" else "vector"
    arguments = {"method": method, "n_samples": 500, "seed": seed, "normalization": normalization}

    first = first_rank_acceptability(matrix, weights, **arguments)

    full = rank_acceptability(matrix, weights, **arguments)
    pd.testing.assert_series_equal(first, full[1], check_exact=True)
    if method == "weighted_sum":
        assert (first > 0).sum() > 1  # first place was shared in some samples


def _counting(monkeypatch, name: str) -> list[int]:
    """Count the calls of ``current.<name>`` (still calling it)."""
    calls = []
    original = getattr(current, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(current, name, counted)
    return calls


@pytest.mark.parametrize("seed", range(4))
def test_first_places_of_a_weighted_sum_are_counted_among_the_possible_leaders(monkeypatch, seed):
    # Scores on the app's grid (fifths of a point, 0–5, many equal cells and two equal rows),
    # the app's normalisation: most alternatives are ruled out before scoring, and no sample
    # needs the full scores.
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 26, size=(300, 6)) / 5
    values[7] = values[3]
    matrix = pd.DataFrame(values)
    weights = dict(zip(matrix.columns, rng.integers(1, 6, 6), strict=True))
    arguments = {"n_samples": 2000, "seed": seed, "normalization": "none"}
    full = rank_acceptability(matrix, weights, **arguments)[1]
    scored_in_full = _counting(monkeypatch, "_first_place_counts")

    first = first_rank_acceptability(matrix, weights, **arguments)

    pd.testing.assert_series_equal(first, full, check_exact=True)
    _, scorer, draws = current._smaa_samples(
        matrix, weights, benefit=None, method="weighted_sum", concentration=50.0, **arguments
    )
    leaders = current._possible_leaders(scorer, draws)
    assert 0 < len(leaders) < 100
    assert set(np.flatnonzero(full.to_numpy() > 0)) <= set(leaders)
    assert scored_in_full == []


@pytest.mark.parametrize("seed", range(4))
def test_first_places_near_the_tolerance_are_scored_in_full(monkeypatch, seed):
    # Leaders a few tolerances apart, by amounts that depend on the weights (chains in some
    # samples), far-behind rows ruled out: the samples where a difference is near the
    # tolerance are scored with every alternative.
    rng = np.random.default_rng(seed)
    leaders = 0.9 + rng.integers(0, 8, size=(6, 4)) * 0.5e-10
    matrix = pd.DataFrame(np.vstack([leaders, rng.random((60, 4)) * 0.5]))
    weights = dict.fromkeys(matrix.columns, 1.0)
    arguments = {"n_samples": 500, "seed": seed, "normalization": "none"}
    full = rank_acceptability(matrix, weights, **arguments)[1]
    scored_in_full = _counting(monkeypatch, "_first_place_counts")

    first = first_rank_acceptability(matrix, weights, **arguments)

    pd.testing.assert_series_equal(first, full, check_exact=True)
    assert (first > 0).sum() > 1
    assert scored_in_full  # some chunks were scored in full
    assert first.iloc[6:].sum() == 0


@pytest.mark.parametrize("seed", range(20))
def test_no_alternative_ever_first_is_ruled_out(seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(2, 80)), int(rng.integers(1, 8))
    matrix = pd.DataFrame(rng.uniform(0, 1, (n, m)) ** 3)  # a few clear leaders, a long tail
    weights = (
        None if seed % 3 == 0 else dict(zip(matrix.columns, rng.uniform(0, 1, m), strict=True))
    )
    arguments = {"n_samples": 300, "seed": seed, "normalization": "minmax"}
    full = rank_acceptability(matrix, weights, **arguments)[1]
    _, scorer, draws = current._smaa_samples(
        matrix, weights, benefit=None, method="weighted_sum", concentration=50.0, **arguments
    )

    leaders = current._possible_leaders(scorer, draws)

    ever_first = set(np.flatnonzero(full.to_numpy() > 0))
    assert leaders is None or ever_first <= set(leaders)
    first = first_rank_acceptability(matrix, weights, **arguments)
    pd.testing.assert_series_equal(first, full, check_exact=True)


def test_seeded_samples_are_drawn_once_and_cannot_be_changed():
    matrix = _matrix(1, 9, 4)
    arguments = {
        "benefit": None,
        "method": "weighted_sum",
        "n_samples": 100,
        "concentration": 50.0,
        "normalization": None,
    }
    _, _, draws = current._smaa_samples(
        matrix, {"c0": 2.0, "c1": 1.0, "c2": 0.0, "c3": 0.0}, seed=5, **arguments
    )
    _, _, again = current._smaa_samples(
        matrix, {"c0": 4.0, "c1": 2.0, "c2": 0.0, "c3": 0.0}, seed=5, **arguments
    )
    _, _, unseeded = current._smaa_samples(
        matrix, {"c0": 2.0, "c1": 1.0, "c2": 0.0, "c3": 0.0}, seed=None, **arguments
    )

    assert again is draws  # the same weights once normalised, the same seed
    assert not draws.flags.writeable
    alpha = 50.0 * np.array([2 / 3, 1 / 3, 0.0, 0.0])
    np.testing.assert_array_equal(draws, current._dirichlet_draws(alpha, 100, 5))
    assert unseeded.flags.writeable
    assert unseeded.shape == draws.shape
