"""Benchmark the engine: ``python -m bench.engine [--quick]``.

Prints best-of-N wall times. Full sizes: weighted sum and TOPSIS on 10,000 × 30 (against
scikit-criteria's equivalent pipeline, timed in the same run), SMAA-2 rank acceptability (every
rank, and first place alone as the lead verdict reads it) with 10,000 samples × 50
alternatives × 6 criteria, and the engagement pipeline for 50 candidates × 30 indicators × 5
assessors. ``--quick`` uses small sizes (for CI) and prints "skipped" for
scikit-criteria if it is not installed; ``--no-compare`` skips it outright.
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


def run(quick: bool = False, compare: bool = True) -> list[str]:
    """Run the benchmark and return the printed lines (``compare``: time scikit-criteria)."""
    rows, cols = (1_000, 10) if quick else (10_000, 30)
    samples, alternatives = (1_000, 20) if quick else (10_000, 50)
    repeats = 3 if quick else 7
    rng = np.random.default_rng(42)
    matrix = pd.DataFrame(
        rng.uniform(1, 100, size=(rows, cols)),
        index=[f"a{k}" for k in range(rows)],
        columns=[f"c{k}" for k in range(cols)],
    )
    weights = rng.uniform(0.1, 1, size=cols)
    weight_map = dict(zip(matrix.columns, weights, strict=True))
    lines = []

    ours = {
        "weighted_sum": best_time(lambda: weighted_sum(matrix, weight_map), repeats),
        "topsis": best_time(lambda: topsis(matrix, weight_map), repeats),
    }
    theirs = _skcriteria_pipelines(matrix, weights) if compare else None
    for name, seconds in ours.items():
        line = f"{name:<14} {rows:,} × {cols}: {seconds * 1000:8.2f} ms"
        if theirs is None:
            reason = "not installed" if compare else "--no-compare"
            line += f"   scikit-criteria: skipped ({reason})"
        else:
            other = best_time(theirs[name], repeats)
            line += (
                f"   scikit-criteria pipeline: {other * 1000:8.2f} ms   "
                f"ratio (scikit-criteria / ours): {other / seconds:5.1f}×"
            )
        lines.append(line)

    small = pd.DataFrame(rng.uniform(0, 1, size=(alternatives, 6)))
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
        "--no-compare", action="store_true", help="skip scikit-criteria (slow to import)"
    )
    args = parser.parse_args(argv)
    print(f"scorecard.engine benchmark ({'quick' if args.quick else 'full'}; best of repeats)")
    for line in run(quick=args.quick, compare=not args.no_compare):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
