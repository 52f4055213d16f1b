"""The agreement and comparison tables built from a ranking.

Combined scores come from the engine's
:attr:`scorecard.ranking.evaluate.Results.indicator_table` (calibrated: a consensus score
replaces the assessors'); spreads and flags come from the engine's aggregation of what the
assessors submitted (:func:`scorecard.engine.aggregate_assessments`), so a disagreement stays
visible after calibration. Nothing here recomputes either. What of the assessors' work a member
sees is :class:`scorecard.domain.sealing.ScoreVisibility`'s to say.
"""

from __future__ import annotations

from collections import defaultdict

from scorecard.domain.sealing import ScoreVisibility
from scorecard.engine.assessments import aggregate_assessments
from scorecard.models import (
    ScoreStatus,
)


def _assessor_scores(results):
    inputs = results.inputs
    return inputs.assessor_scores if inputs.assessor_scores is not None else inputs.scores


def _by_candidate_indicator(results) -> dict[tuple[int, str], list[tuple]]:
    grouped: dict[tuple[int, str], list[tuple]] = defaultdict(list)
    for row in _assessor_scores(results).itertuples(index=False):
        score = None if row.score != row.score else float(row.score)
        grouped[(row.candidate, row.indicator)].append((row.assessor, score, row.status))
    return grouped


def _assessor_spreads(results) -> dict[tuple[int, str], tuple[float | None, bool]]:
    """(candidate, indicator) → (spread, flagged) of what the assessors submitted, as the
    engine computes them (:func:`scorecard.engine.aggregate_assessments`); the spread is
    ``None`` with fewer than two scores."""
    inputs = results.inputs
    scores = _assessor_scores(results)
    if scores.empty:
        return {}
    table = aggregate_assessments(
        scores,
        aggregation=inputs.aggregation,
        disagreement_threshold=inputs.disagreement_threshold,
    )
    return {
        (row.candidate, row.indicator): (
            float(row.spread) if row.n_scored >= 2 else None,
            bool(row.flagged),
        )
        for row in table.itertuples(index=False)
    }


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


def _shown(score: float | None, status: str) -> str:
    return f"{score:g}" if score is not None else str(ScoreStatus(status).label)


def agreement_rows(results, visibility: ScoreVisibility | None = None) -> list[dict]:
    """One row per candidate × rated indicator with every assessor's answer, the spread
    (highest minus lowest score; ``None`` with fewer than two scores), the disagreement flag
    (the engine's, on the submitted scores) and the calibration outcome, if any.

    With ``visibility``, candidates whose assessors' work is sealed for the member are left
    out, and names and notes are blanked where the member may not see them."""
    inputs = results.inputs
    grouped = _by_candidate_indicator(results)
    spreads = _assessor_spreads(results)
    criteria = {c.code: c.name for c in inputs.criteria}
    rows = []
    for candidate in inputs.candidates:
        if visibility is not None and not visibility.sees_scores(candidate.id):
            continue
        named = visibility is None or visibility.sees_notes(candidate.id)
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
                    inputs.assessors.get(assessor, "") if named else "",
                    _shown(score, status),
                    inputs.notes.get((candidate.id, indicator.code, assessor), ("", ""))[0]
                    if named
                    else "",
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
                    "criterion_name": criteria.get(indicator.criterion, indicator.criterion),
                    "spread": spread,
                    "flagged": flagged,
                    "consensus": inputs.consensus.get((candidate.id, indicator.code)),
                    "answers": answers,
                    "scores_text": ", ".join(
                        f"{name}: {shown}" if name else shown for name, shown, _n in answers
                    ),
                }
            )
    return rows


def _sealed_cell(own: dict, cid: int, code: str) -> dict:
    """A head-to-head cell while the others' answers are sealed: the member's own answer."""
    shown, note = own.get((cid, code), ("", ""))
    return {
        "value": None,
        "shown": shown,
        "notes": [("", note)] if note else [],
        "spread": None,
        "flagged": False,
        "sealed": True,
        "consensus": None,
    }


def compare_rows(
    results,
    candidate_ids: list[int],
    visibility: ScoreVisibility | None = None,
    own: dict[tuple[int, str], tuple[str, str]] | None = None,
) -> list[dict]:
    """Indicator-by-indicator comparison of a few candidates: the combined score (or the
    measured figure's value), the spread and flag as the engine computed them, and each
    assessor's answer and note.

    With ``visibility``, a candidate sealed for the member shows only the member's ``own``
    answers ((candidate id, indicator code) → (answer shown, note)), and names and notes are
    left out where the member may not see them."""
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
            if visibility is not None and not visibility.sees_scores(cid):
                cells.append(_sealed_cell(own or {}, cid, indicator.code))
                continue
            named = visibility is None or visibility.sees_notes(cid)
            records = grouped.get((cid, indicator.code), [])
            cells.append(
                {
                    "value": value,
                    "shown": ", ".join(_shown(score, status) for _a, score, status in records),
                    "notes": [
                        (inputs.assessors.get(assessor, ""), note)
                        for assessor, _s, _st in records
                        if (note := inputs.notes.get((cid, indicator.code, assessor), ("", ""))[0])
                    ]
                    if named
                    else [],
                    "spread": spread,
                    "flagged": flagged,
                    "consensus": inputs.consensus.get((cid, indicator.code)),
                }
            )
        rows.append(
            {"indicator": indicator, "criterion": criteria[indicator.criterion], "cells": cells}
        )
    return rows


def group_by_criterion(rows: list[dict], *, show_all: bool) -> list[tuple[str, list[dict]]]:
    """Agreement rows grouped by criterion (catalogue order), flagged first within each, then
    by spread; only the flagged ones unless ``show_all``."""
    groups: dict[str, list[dict]] = {}
    for row in rows:
        if show_all or row["flagged"]:
            groups.setdefault(row["criterion_name"], []).append(row)
    return [
        (
            name,
            sorted(
                found,
                key=lambda r: (
                    not r["flagged"],
                    -(r["spread"] or 0),
                    r["candidate"],
                    r["indicator"],
                ),
            ),
        )
        for name, found in groups.items()
    ]


def calibration_outcomes(results, rows: list[dict] | None = None) -> list[dict]:
    """Every recorded calibration outcome with the assessors' answers it settled, for the
    agreement page and the report appendix: candidate, indicator, answers (text), consensus
    (:class:`~scorecard.ranking.inputs.ConsensusInfo`) and whether the disagreement is still
    flagged on the submitted scores. ``rows``: the :func:`agreement_rows` to read (the
    report's client edition passes them with assessors unnamed)."""
    return [
        {
            "candidate": row["candidate"],
            "indicator": row["indicator_name"],
            "criterion": row["criterion_name"],
            "answers": row["scores_text"],
            "flagged": row["flagged"],
            "consensus": row["consensus"],
        }
        for row in (agreement_rows(results) if rows is None else rows)
        if row["consensus"] is not None
    ]
