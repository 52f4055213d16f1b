"""Value for money: the cost score (0–5) and the efficient frontier (pure, no Django)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import Decimal

COST_SCORE_MAX = 5.0


def cost_scores(tco: Mapping[Hashable, Decimal | None]) -> dict[Hashable, float | None]:
    """A 0–5 cost score per candidate from its TCO (lower cost, higher score).

    Linear in the TCO: the cheapest gets 5, and every 1 % above the cheapest costs 0.05 points,
    so a candidate twice as expensive (or more) gets 0. The scale is anchored on the cheapest
    alone, so adding or removing an expensive candidate does not move the others' scores (a
    min–max scale would give 0 to whoever is priciest, however close). A candidate without
    pricing (``None``) gets ``None``: unknown, never a zero cost. A TCO of 0 is treated as
    unknown too (a quote always costs something).
    """
    known = {key: value for key, value in tco.items() if value is not None and value > 0}
    if not known:
        return dict.fromkeys(tco)
    cheapest = min(known.values())
    scores: dict[Hashable, float | None] = {}
    for key, value in tco.items():
        if key not in known:
            scores[key] = None
            continue
        premium = float((value - cheapest) / cheapest)
        scores[key] = max(0.0, COST_SCORE_MAX * (1.0 - premium))
    return scores


def efficient_frontier(points: Mapping[Hashable, tuple[float, float]]) -> list[Hashable]:
    """Keys of the points (cost, score) no other point dominates, cheapest first.

    A point is dominated when another costs no more and scores no less, and is strictly better
    on one of the two. Ties (same cost and score) all stay on the frontier.
    """
    frontier = []
    for key, (cost, score) in points.items():
        dominated = any(
            other_cost <= cost
            and other_score >= score
            and (other_cost < cost or other_score > score)
            for other_key, (other_cost, other_score) in points.items()
            if other_key != key
        )
        if not dominated:
            frontier.append(key)
    return sorted(frontier, key=lambda k: (points[k][0], -points[k][1]))
