"""Benchmark the engine: ``python -m bench.engine [--quick]``.

Prints best-of-N wall times. Full sizes: weighted sum and TOPSIS on 100 × 10, 1,000 × 30 and
10,000 × 30, each against scikit-criteria's equivalent pipeline and pymcdm's method, timed in
the same run; SMAA-2 rank acceptability (every rank, and first place alone as the lead verdict
reads it) with 10,000 samples × 50 alternatives × 6 criteria, and against a loop calling each
library's method once per weight sample (1,000 samples: the libraries have no SMAA of their
own); and the engagement pipeline for 50 candidates × 30 indicators × 5 assessors.
``--quick`` uses small sizes (for CI) and prints "skipped" for a library that is not
installed; ``--no-compare`` skips them outright.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from scorecard.engine import (
    Gate,
    IndicatorSpec,
    evaluate_engagement,
    first_rank_acceptability,
    rank_acceptability,
    topsis,
    weighted_sum,
)


def best_time(function: Callable[[], Any], repeats: int) -> float:
    """Best wall time of ``repeats`` calls, in seconds (after one warm-up call)."""
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def _skcriteria_pipelines(matrix: pd.DataFrame, weights: np.ndarray) -> dict[str, Callable] | None:
    try:
        import skcriteria as skc
        from skcriteria.agg.simple import WeightedSumModel
        from skcriteria.agg.topsis import TOPSIS
        from skcriteria.pipelines import mkpipe
        from skcriteria.preprocessing.scalers import MinMaxScaler, SumScaler, VectorScaler
    except ImportError:
        return None
    dm = skc.mkdm(
        matrix.to_numpy(),
        objectives=[max] * matrix.shape[1],
        weights=weights,
        alternatives=[str(a) for a in matrix.index],
        criteria=[str(c) for c in matrix.columns],
    )
    ws = mkpipe(SumScaler(target="weights"), MinMaxScaler(target="matrix"), WeightedSumModel())
    tp = mkpipe(SumScaler(target="weights"), VectorScaler(target="matrix"), TOPSIS())
    return {"weighted_sum": lambda: ws.evaluate(dm), "topsis": lambda: tp.evaluate(dm)}


def _engagement_inputs(n_candidates: int, n_indicators: int, n_assessors: int) -> dict[str, Any]:
    rng = np.random.default_rng(0)
    criteria = [f"criterion_{k}" for k in range(6)]
    specs = [IndicatorSpec(f"ind_{k}", criteria[k % 6], 1 + k % 3) for k in range(n_indicators)]
    ids = [f"provider_{k}" for k in range(n_candidates)]
    size = n_candidates * n_indicators * n_assessors
    statuses = rng.choice(["scored", "not_applicable", "unknown"], size=size, p=[0.9, 0.05, 0.05])
    scores = pd.DataFrame(
        {
            "candidate": np.repeat(ids, n_indicators * n_assessors),
            "indicator": np.tile(np.repeat([s.code for s in specs], n_assessors), n_candidates),
            "assessor": np.tile(np.arange(n_assessors), n_candidates * n_indicators),
            "score": np.where(statuses == "scored", rng.integers(0, 6, size), np.nan),
            "status": statuses,
        }
    )
    facts = {c: {"repse_valid": bool(rng.random() > 0.1)} for c in ids}
    return {
        "candidates": ids,
        "indicators": specs,
        "criterion_weights": dict(zip(criteria, [30, 20, 15, 15, 10, 10], strict=True)),
        "assessor_scores": scores,
        "gates": [Gate("repse", "REPSE registration valid", "repse_valid", "is_true")],
        "facts": facts,
    }


def _pymcdm_methods() -> dict[str, Any] | None:
    try:
        from pymcdm import normalizations
        from pymcdm.methods import TOPSIS, WSM
    except ImportError:
        return None
    return {
        "weighted_sum": WSM(normalizations.minmax_normalization),
        "topsis": TOPSIS(normalizations.vector_normalization),
    }


def _peer_times(
    matrix: pd.DataFrame, weights: np.ndarray, repeats: int, compare: bool
) -> dict[str, dict[str, float | None]]:
    """Seconds of each library (None: not installed or not compared) by method."""
    skc = _skcriteria_pipelines(matrix, weights) if compare else None
    pym = _pymcdm_methods() if compare else None
    values, types, share = matrix.to_numpy(), np.ones(matrix.shape[1]), weights / weights.sum()
    times: dict[str, dict[str, float | None]] = {}
    for method in ("weighted_sum", "topsis"):
        times[method] = {
            "scikit-criteria": None if skc is None else best_time(skc[method], repeats),
            "pymcdm": None
            if pym is None
            else best_time(lambda m=pym[method]: m(values, share, types), repeats),
        }
    return times


def _compared(ours: float, theirs: dict[str, float | None], compare: bool) -> str:
    cells = []
    for library, seconds in theirs.items():
        if seconds is None:
            cells.append(f"{library}: skipped ({'not installed' if compare else '--no-compare'})")
        else:
            cells.append(f"{library}: {seconds * 1000:9.2f} ms = {seconds / ours:6.1f}× ours")
    return "   ".join(cells)


def _methods_lines(rng, sizes, repeats: int, compare: bool) -> list[str]:
    lines = []
    for rows, cols in sizes:
        matrix = pd.DataFrame(
            rng.uniform(1, 100, size=(rows, cols)),
            index=[f"a{k}" for k in range(rows)],
            columns=[f"c{k}" for k in range(cols)],
        )
        weights = rng.uniform(0.1, 1, size=cols)
        weight_map = dict(zip(matrix.columns, weights, strict=True))
        ours = {
            name: best_time(lambda f=function, m=matrix, w=weight_map: f(m, w), repeats)
            for name, function in (("weighted_sum", weighted_sum), ("topsis", topsis))
        }
        theirs = _peer_times(matrix, weights, repeats, compare)
        for name, seconds in ours.items():
            size = f"{rows:,} × {cols}"
            lines.append(
                f"{name:<14} {size:>12}: {seconds * 1000:8.2f} ms   "
                + _compared(seconds, theirs[name], compare)
            )
    return lines


def _smaa_loop(method, matrix: np.ndarray, draws: np.ndarray) -> np.ndarray:
    """Rank counts (alternative × rank) from a library's method called once per sample."""
    n = matrix.shape[0]
    counts = np.zeros((n, n), dtype=np.int64)
    types = np.ones(matrix.shape[1])
    for w in draws:
        order = np.argsort(-method(matrix, w, types))
        counts[order, np.arange(n)] += 1
    return counts


def _smaa_lines(rng, samples: int, alternatives: int, repeats: int, compare: bool) -> list[str]:
    small = pd.DataFrame(rng.uniform(0, 1, size=(alternatives, 6)))
    lines = []
    for method in ("weighted_sum", "topsis"):
        for analysis in (rank_acceptability, first_rank_acceptability):
            seconds = best_time(
                lambda method=method, analysis=analysis: analysis(
                    small, method=method, n_samples=samples, seed=0
                ),
                repeats,
            )
            lines.append(
                f"{analysis.__name__} ({method}) {samples:,} samples × {alternatives} × 6: "
                f"{seconds * 1000:8.2f} ms"
            )
    pym = _pymcdm_methods() if compare else None
    if pym is None:
        return lines
    looped = max(100, samples // 10)
    draws = rng.dirichlet(np.ones(6), size=looped)
    for method in ("weighted_sum", "topsis"):
        ours = best_time(
            lambda method=method: rank_acceptability(
                small, method=method, n_samples=looped, seed=0
            ),
            repeats,
        )
        theirs = best_time(
            lambda method=method: _smaa_loop(pym[method], small.to_numpy(), draws), 1
        )
        lines.append(
            f"rank_acceptability ({method}) {looped:,} samples × {alternatives} × 6: "
            f"{ours * 1000:8.2f} ms   pymcdm called per sample: {theirs * 1000:9.2f} ms "
            f"= {theirs / ours:6.1f}× ours"
        )
    return lines


def run(quick: bool = False, compare: bool = True) -> list[str]:
    """Run the benchmark and return the printed lines (``compare``: time the libraries)."""
    sizes = [(100, 10), (1_000, 10)] if quick else [(100, 10), (1_000, 30), (10_000, 30)]
    samples, alternatives = (1_000, 20) if quick else (10_000, 50)
    repeats = 3 if quick else 7
    rng = np.random.default_rng(42)
    lines = _methods_lines(rng, sizes, repeats, compare)
    lines += _smaa_lines(rng, samples, alternatives, repeats, compare)
    n_candidates, n_indicators, n_assessors = (10, 12, 3) if quick else (50, 30, 5)
    inputs = _engagement_inputs(n_candidates, n_indicators, n_assessors)
    for method in ("weighted_sum", "topsis"):
        seconds = best_time(
            lambda method=method: evaluate_engagement(**inputs, method=method), repeats
        )
        lines.append(
            f"evaluate_engagement ({method}) {n_candidates} candidates × {n_indicators} "
            f"indicators × {n_assessors} assessors: {seconds * 1000:8.2f} ms"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.engine")
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI (< 10 s)")
    parser.add_argument(
        "--no-compare", action="store_true", help="skip scikit-criteria and pymcdm (slow to import)"
    )
    args = parser.parse_args(argv)
    print(f"scorecard.engine benchmark ({'quick' if args.quick else 'full'}; best of repeats)")
    for line in run(quick=args.quick, compare=not args.no_compare):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
