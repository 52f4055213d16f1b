"""The agreement and comparison tables built from a ranking.

They read the engine's spreads and flags from
:attr:`scorecard.ranking.evaluate.Results.indicator_table`; nothing here recomputes them.
"""

from __future__ import annotations

from collections import defaultdict

from scorecard.models import (
    ScoreStatus,
)


def _by_candidate_indicator(results) -> dict[tuple[int, str], list[tuple]]:
    grouped: dict[tuple[int, str], list[tuple]] = defaultdict(list)
    for row in results.inputs.scores.itertuples(index=False):
        score = None if row.score != row.score else float(row.score)
        grouped[(row.candidate, row.indicator)].append((row.assessor, score, row.status))
    return grouped


def _engine_spreads(results) -> dict[tuple[int, str], tuple[float | None, bool]]:
    """(candidate, indicator) → (spread, flagged) as the engine computed them
    (:func:`scorecard.engine.aggregate_assessments`); the spread is ``None`` with fewer than
    two scores."""
    return {key: (spread, flagged) for key, (_v, spread, flagged) in _engine_cells(results).items()}


def _engine_cells(results) -> dict[tuple[int, str], tuple[float | None, float | None, bool]]:
    """(candidate, indicator) → (0–5 value, spread, flagged) from the engine's indicator table:
    the combined score of the assessors (or the measured figure's value) with ``None`` for no
    data, the spread (``None`` with fewer than two scores) and the disagreement flag."""
    table = results.indicator_table
    if table is None:
        return {}
    return {
        (row.candidate, row.indicator): (
            None if row.value != row.value else float(row.value),
            float(row.spread) if row.n_scored >= 2 else None,
            bool(row.flagged),
        )
        for row in table.itertuples(index=False)
    }


def agreement_rows(results) -> list[dict]:
    """One row per candidate × rated indicator with every assessor's answer, the spread
    (highest minus lowest score; ``None`` with fewer than two scores) and the disagreement
    flag, both read from the engine's result."""
    inputs = results.inputs
    grouped = _by_candidate_indicator(results)
    spreads = _engine_spreads(results)
    rows = []
    for candidate in inputs.candidates:
        for indicator in inputs.indicators:
            if indicator.kind != "rated" or indicator.weight <= 0:
                continue
            records = sorted(
                grouped.get((candidate.id, indicator.code), []),
                key=lambda r: inputs.assessors.get(r[0], ""),
            )
            if not records:
                continue
            spread, flagged = spreads.get((candidate.id, indicator.code), (None, False))
            answers = [
                (
                    inputs.assessors.get(assessor, ""),
                    f"{score:g}" if score is not None else str(ScoreStatus(status).label),
                    inputs.notes.get((candidate.id, indicator.code, assessor), ("", ""))[0],
                )
                for assessor, score, status in records
            ]
            rows.append(
                {
                    "candidate_id": candidate.id,
                    "candidate": candidate.label,
                    "indicator": indicator.code,
                    "indicator_name": indicator.name,
                    "criterion": indicator.criterion,
                    "spread": spread,
                    "flagged": flagged,
                    "answers": answers,
                    "scores_text": ", ".join(f"{name}: {shown}" for name, shown, _n in answers),
                }
            )
    return rows


def compare_rows(results, candidate_ids: list[int]) -> list[dict]:
    """Indicator-by-indicator comparison of a few candidates: the combined score (or the
    measured figure's value), the spread and flag as the engine computed them, and each
    assessor's answer and note."""
    inputs = results.inputs
    grouped = _by_candidate_indicator(results)
    cells_by_key = _engine_cells(results)
    criteria = {c.code: c.name for c in inputs.criteria}
    rows = []
    for indicator in inputs.indicators:
        if indicator.weight <= 0:
            continue
        cells = []
        for cid in candidate_ids:
            value, spread, flagged = cells_by_key.get((cid, indicator.code), (None, None, False))
            if indicator.kind == "measured":
                figure = inputs.figures.get((cid, indicator.code))
                cells.append(
                    {
                        "value": value,
                        "shown": figure.display if figure else "",
                        "notes": [(figure.source, "")] if figure and figure.source else [],
                        "spread": None,
                        "flagged": False,
                    }
                )
                continue
            records = grouped.get((cid, indicator.code), [])
            cells.append(
                {
                    "value": value,
                    "shown": ", ".join(
                        f"{score:g}" if score is not None else str(ScoreStatus(status).label)
                        for _a, score, status in records
                    ),
                    "notes": [
                        (inputs.assessors.get(assessor, ""), note)
                        for assessor, _s, _st in records
                        if (note := inputs.notes.get((cid, indicator.code, assessor), ("", ""))[0])
                    ],
                    "spread": spread,
                    "flagged": flagged,
                }
            )
        rows.append(
            {"indicator": indicator, "criterion": criteria[indicator.criterion], "cells": cells}
        )
    return rows
