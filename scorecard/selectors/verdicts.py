"""The tie-breakers set side by side when a lead is too close to call: cost (TCO), capacity
(seats offered against the scope's) and risk (automatic red flags by severity)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from scorecard.domain.flags import Severity
from scorecard.domain.flags import red_flags as compute_red_flags
from scorecard.models import Engagement
from scorecard.selectors.costs import (
    candidate_cost,
    candidates_for_costs,
    get_assumptions,
    statutory_table,
)
from scorecard.selectors.risks import flag_facts, thresholds


@dataclass(frozen=True)
class TieBreaker:
    """One candidate's tie-breakers: ``tco`` is the base-scenario total in USD over the
    horizon (``None`` without pricing), ``seats`` offered for ``seats_needed``, and the
    number of high- and medium-severity red flags."""

    candidate_id: int
    label: str
    tco: Decimal | None
    seats: int
    seats_needed: int
    high_flags: int
    medium_flags: int


def tie_breakers(engagement: Engagement, candidate_ids: list[int]) -> list[TieBreaker]:
    """Tie-breakers of ``candidate_ids`` (in that order), computed by the cost and risk
    pages' own functions (so the figures are the ones those pages show), for these
    candidates only."""
    assumptions = get_assumptions(engagement)
    pure = assumptions.to_assumptions() if assumptions else None
    table = statutory_table()
    limits = thresholds()
    on = engagement.as_of
    candidates = {c.pk: c for c in candidates_for_costs(engagement).filter(pk__in=candidate_ids)}
    breakers = []
    for cid in candidate_ids:
        candidate = candidates.get(cid)
        if candidate is None:
            continue
        cost = candidate_cost(candidate, pure, table)
        flags = compute_red_flags(flag_facts(candidate, engagement, on), limits, on, _)
        severities = [flag.severity for flag in flags]
        breakers.append(
            TieBreaker(
                candidate_id=cid,
                label=candidate.label,
                tco=cost.tco.base.total if cost.has_pricing else None,
                seats=candidate.seats_available,
                seats_needed=engagement.peak_seats,
                high_flags=severities.count(Severity.HIGH),
                medium_flags=severities.count(Severity.MEDIUM),
            )
        )
    return breakers
