"""How much each group of changed inputs moved each candidate, between two snapshots.

The method is :mod:`scorecard.domain.decisions`'s: from the older snapshot, take the newer
value of one group of inputs at a time (in ``ATTRIBUTION_ORDER``), rank after each step with
the same method, and record each candidate's score and rank change at that step. The last
step is the newer snapshot itself, so the steps add up to the whole change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scorecard.domain.decisions import ATTRIBUTION_ORDER, changed_groups, hybrid_snapshot
from scorecard.ranking.snapshot import rank_snapshot


@dataclass
class CandidateMove:
    """One candidate's score (points of 100, ``None`` when not ranked) and rank before and
    after, and the change each group made: group -> (score delta, rank delta); a delta is
    ``None`` when the candidate was unranked or absent on either side of that step."""

    id: int
    label: str
    old_score: float | None = None
    new_score: float | None = None
    old_rank: int | None = None
    new_rank: int | None = None
    steps: dict[str, tuple[float | None, int | None]] = field(default_factory=dict)


# candidate id -> (label, score or None when unranked, rank or None)
Standing = dict[int, tuple[str, float | None, int | None]]


def _standing(snapshot: dict[str, Any], method: str) -> Standing:
    results = rank_snapshot(snapshot, method=method)
    return {
        row.candidate.id: (row.candidate.label, row.total if row.rank else None, row.rank)
        for row in results.rows
    }


def _delta(before, after):
    return None if before is None or after is None else after - before


def attribute_changes(
    old: dict[str, Any], new: dict[str, Any], *, method: str
) -> tuple[list[str], list[CandidateMove]]:
    """The changed groups (in order) and every candidate's move, step by step."""
    groups = changed_groups(old, new)
    standings = [_standing(old, method)]
    applied: list[str] = []
    for group in groups:
        applied.append(group)
        standings.append(_standing(hybrid_snapshot(old, new, applied), method))
    first, last = standings[0], standings[-1]
    moves = []
    for cid in dict.fromkeys([*first, *last]):
        label = (last.get(cid) or first.get(cid))[0]
        move = CandidateMove(id=cid, label=label)
        _, move.old_score, move.old_rank = first.get(cid, (label, None, None))
        _, move.new_score, move.new_rank = last.get(cid, (label, None, None))
        for i, group in enumerate(groups):
            _, score_before, rank_before = standings[i].get(cid, (label, None, None))
            _, score_after, rank_after = standings[i + 1].get(cid, (label, None, None))
            move.steps[group] = (
                _delta(score_before, score_after),
                _delta(rank_before, rank_after),
            )
        moves.append(move)
    moves.sort(key=lambda m: (m.new_rank is None, m.new_rank or 0, m.label))
    return [g for g in ATTRIBUTION_ORDER if g in groups], moves
