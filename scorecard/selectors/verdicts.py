"""The tie-breakers set side by side when a lead is too close to call: cost (TCO), capacity
(seats offered against the scope's) and risk (automatic red flags by severity)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from scorecard.domain.flags import Severity
from scorecard.models import Engagement
from scorecard.selectors.costs import cost_overview
from scorecard.selectors.risks import risk_overview


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
    """Tie-breakers of ``candidate_ids`` (in that order), from the cost and risk pages'
    own selectors (so the figures are the ones those pages show)."""
    costs = {row.candidate.pk: row for row in cost_overview(engagement).rows}
    risks = {row.candidate.pk: row for row in risk_overview(engagement).rows}
    breakers = []
    for cid in candidate_ids:
        cost, risk = costs.get(cid), risks.get(cid)
        if cost is None or risk is None:
            continue
        severities = [flag.severity for flag in risk.flags]
        breakers.append(
            TieBreaker(
                candidate_id=cid,
                label=cost.candidate.label,
                tco=cost.tco.base.total if cost.has_pricing else None,
                seats=cost.candidate.seats_available,
                seats_needed=engagement.seats,
                high_flags=severities.count(Severity.HIGH),
                medium_flags=severities.count(Severity.MEDIUM),
            )
        )
    return breakers
