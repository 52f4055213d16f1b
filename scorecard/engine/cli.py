"""Command line: rank a CSV decision matrix (``python -m scorecard.engine``)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

import pandas as pd

from scorecard.engine.methods import (
    TOPSIS_NORMALIZATIONS,
    WEIGHTED_SUM_NORMALIZATIONS,
    rank,
    topsis,
    weighted_sum,
)

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse already exits 2; keep one format
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def parse_weights(text: str) -> dict[str, float]:
    """``"quality=3,cost=1"`` → ``{"quality": 3.0, "cost": 1.0}``."""
    weights: dict[str, float] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"weight {part!r} is not criterion=number")
        try:
            weights[name.strip()] = float(value)
        except ValueError:
            raise ValueError(f"weight for {name.strip()} is not a number: {value!r}") from None
    return weights


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m scorecard.engine",
        description="Rank the rows of a CSV decision matrix (first column = ids, then one "
        "numeric column per criterion).",
    )
    parser.add_argument("csv", help="path to the CSV file, or - for standard input")
    parser.add_argument(
        "--weights",
        default="",
        help="criterion=weight,... (any positive scale; default: equal weights)",
    )
    parser.add_argument("--cost", default="", help="criteria where lower is better: a,b,...")
    parser.add_argument("--method", choices=("weighted_sum", "topsis"), default="weighted_sum")
    parser.add_argument(
        "--normalization",
        choices=sorted(set(WEIGHTED_SUM_NORMALIZATIONS) | set(TOPSIS_NORMALIZATIONS)),
        default=None,
        help="default: minmax for weighted_sum, vector for topsis",
    )
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv``, rank, print; errors go to stderr with exit code 2."""
    args = build_parser().parse_args(argv)
    try:
        source = sys.stdin if args.csv == "-" else args.csv
        matrix = pd.read_csv(source, index_col=0)
        matrix.index = matrix.index.astype(str)
        matrix.columns = matrix.columns.astype(str)
        weights = parse_weights(args.weights) or dict.fromkeys(matrix.columns, 1.0)
        cost = [c.strip() for c in args.cost.split(",") if c.strip()]
        benefit = dict.fromkeys(cost, False)
        if args.method == "weighted_sum":
            scores = weighted_sum(
                matrix, weights, benefit=benefit, normalization=args.normalization or "minmax"
            )
        else:
            scores = topsis(
                matrix, weights, benefit=benefit, normalization=args.normalization or "vector"
            )
    except (OSError, ValueError, TypeError, pd.errors.ParserError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    ranks = rank(scores)
    table = pd.DataFrame({"rank": ranks, "id": scores.index, "score": scores.to_numpy()})
    table = table.sort_values(["rank"], kind="stable").reset_index(drop=True)
    if args.format == "json":
        records = [
            {"rank": int(r), "id": str(i), "score": float(s)}
            for r, i, s in table.itertuples(index=False)
        ]
        print(json.dumps({"method": args.method, "ranking": records}, indent=2))
    elif args.format == "csv":
        sys.stdout.write(table.to_csv(index=False))
    else:
        print(table.to_string(index=False, float_format=lambda v: f"{v:.4f}"))
    return 0
