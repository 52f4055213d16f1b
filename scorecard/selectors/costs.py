"""ORM rows → the pure cost computations (:mod:`scorecard.domain.tco`, ``sustainability``,
``value``), in a fixed number of queries.

Every function here reads an engagement's candidates once, with what the pages need
prefetched, so a page of 50 candidates costs the same queries as a page of one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from cities.models import CityFigure
from providers.models import (
    Credential,
    Site,
)
from scorecard.domain import seats, sustainability, tco
from scorecard.domain.value import cost_scores, efficient_frontier
from scorecard.models import (
    Candidate,
    ComplianceCheck,
    CostAssumptions,
    Engagement,
    Quote,
    StatutoryRate,
)


def statutory_rates() -> list[StatutoryRate]:
    """Every statutory rate with its source (one query)."""
    return list(StatutoryRate.objects.select_related("source"))


def statutory_table_from(rates: list[StatutoryRate]) -> tco.StatutoryTable:
    return tco.StatutoryTable(r.to_rate() for r in rates)


def statutory_table() -> tco.StatutoryTable:
    return statutory_table_from(statutory_rates())


def get_assumptions(engagement: Engagement) -> CostAssumptions | None:
    return CostAssumptions.objects.filter(engagement=engagement).first()


def candidates_for_costs(engagement: Engagement) -> QuerySet[Candidate]:
    """Candidates with quote, sites, provider credentials, checks and the primary city's
    figures prefetched."""
    return (
        engagement.candidates.select_related("provider", "primary_site__city", "quote")
        .prefetch_related(
            Prefetch("sites", queryset=Site.objects.select_related("city")),
            Prefetch("provider__credentials", queryset=Credential.objects.order_by("-expires_on")),
            Prefetch(
                "primary_site__city__figures",
                queryset=CityFigure.objects.select_related("source"),
            ),
            Prefetch(
                "compliance_checks",
                queryset=ComplianceCheck.objects.select_related("updated_by").prefetch_related(
                    "files"
                ),
            ),
        )
        .order_by("provider__trade_name", "primary_site__city__name")
    )


def _quote_of(candidate: Candidate) -> Quote | None:
    try:
        return candidate.quote
    except Quote.DoesNotExist:
        return None


@dataclass
class CandidateCost:
    """A candidate's TCO and statutory test, or ``tco=None`` for "no pricing"."""

    candidate: Candidate
    quote: Quote | None
    zone: str
    tco: tco.TcoResult | None = None
    tests: list[sustainability.YearTest] = field(default_factory=list)

    @property
    def has_pricing(self) -> bool:
        return self.tco is not None

    @property
    def components_usd(self) -> dict[str, float]:
        """The TCO's components over the horizon in USD at the base FX rate (empty without
        pricing), converted as the TCO converts its total."""
        if self.tco is None:
            return {}
        fx = self.tco.base.fx_rate
        return {
            name: float(tco.to_reporting(amount, self.tco.currency, fx))
            for name, amount in self.tco.components.items()
        }

    @property
    def tightest_year(self) -> sustainability.YearTest | None:
        """The horizon's year with the least headroom above the statutory floor per FTE."""
        return sustainability.tightest_year(self.tests)

    @property
    def verdict(self) -> str | None:
        """The worst verdict over the horizon's years (below < tight < covers)."""
        order = [
            sustainability.Verdict.BELOW,
            sustainability.Verdict.TIGHT,
            sustainability.Verdict.COVERS,
        ]
        verdicts = [t.verdict for t in self.tests if t.verdict in order]
        if not verdicts:
            return sustainability.Verdict.NOT_APPLICABLE if self.tests else None
        return min(verdicts, key=order.index)


@dataclass
class CostOverview:
    assumptions: CostAssumptions | None
    rows: list[CandidateCost]

    @property
    def priced(self) -> list[CandidateCost]:
        return [row for row in self.rows if row.has_pricing]

    def buildup(self) -> list[tuple[str, dict[str, float]]]:
        """``(label, components in USD)`` of every priced candidate, cheapest first: the cost
        build-up chart's bars."""
        priced = sorted(self.priced, key=lambda row: (row.tco.base.total, row.candidate.label))
        return [(row.candidate.label, row.components_usd) for row in priced]


@dataclass(frozen=True)
class SeatRow:
    """A row of the seats-by-month table: ``month`` after go-live (0: go-live)."""

    month: int
    seats: int
    peak: bool


def seat_rows(engagement: Engagement) -> list[SeatRow]:
    """The scope's seats at go-live, every quarter of the ramp and at the target month, read
    from :func:`scorecard.domain.seats.seats_by_month` (no query)."""
    plan = engagement.seat_plan
    peak = seats.peak_seats(plan)
    rows = seats.milestones(plan)
    last = rows[-1][0]
    return [SeatRow(month, n, month == last and n == peak) for month, n in rows]


def candidate_cost(
    candidate: Candidate,
    assumptions: tco.Assumptions | None,
    table: tco.StatutoryTable,
) -> CandidateCost:
    return priced_cost(
        candidate, _quote_of(candidate), candidate.primary_site.city.wage_zone, assumptions, table
    )


def priced_cost(
    candidate,
    quote: Quote | None,
    zone: str,
    assumptions: tco.Assumptions | None,
    table: tco.StatutoryTable,
) -> CandidateCost:
    """``candidate``'s TCO and statutory test of ``quote`` at wage ``zone`` (no query)."""
    row = CandidateCost(candidate, quote, zone)
    if quote is None or assumptions is None:
        return row
    pure = quote.to_quote()
    row.tco = tco.compute_tco(pure, assumptions, table)
    row.tests = sustainability.statutory_tests(pure, assumptions, table, row.zone)
    return row


def cost_overview(engagement: Engagement) -> CostOverview:
    """Every candidate's TCO (5 + prefetch queries, whatever the number of candidates)."""
    assumptions = get_assumptions(engagement)
    pure = assumptions.to_assumptions() if assumptions else None
    table = statutory_table()
    rows = [candidate_cost(c, pure, table) for c in candidates_for_costs(engagement)]
    return CostOverview(assumptions, rows)


def cost_criterion(engagement: Engagement) -> tuple[float, dict[int, float | None]] | None:
    """``(weight, {candidate id: cost score 0–5 or None})`` when the consultant includes cost
    in the score, else ``None``. Three queries."""
    assumptions = get_assumptions(engagement)
    if assumptions is None or not assumptions.include_in_score:
        return None
    pure = assumptions.to_assumptions()
    table = statutory_table()
    quotes = {q.candidate_id: q for q in Quote.objects.filter(candidate__engagement=engagement)}
    totals: dict[int, Decimal | None] = {}
    for candidate_id in engagement.candidates.values_list("pk", flat=True):
        quote = quotes.get(candidate_id)
        totals[candidate_id] = (
            tco.compute_tco(quote.to_quote(), pure, table).base.total if quote else None
        )
    return float(assumptions.cost_weight), cost_scores(totals)


@dataclass
class ValueMap:
    """The value-for-money chart's data: ``points`` (label, TCO in USD, total score) of every
    priced and scored candidate, the ``frontier`` (labels, cheapest first) drawn from the
    ``eligible`` ones only: ranked (no failed gate) and with enough seats for the scope."""

    points: list[tuple[str, float, float]]
    frontier: list[str]
    eligible: set[str]


def value_map(overview: CostOverview, rows, seats_needed: int) -> ValueMap:
    """:class:`ValueMap` of ``overview`` and the ranking ``rows`` (``RankingRow``: ``rank``
    ``None`` when a gate failed; ``candidate.seats_available``)."""
    by_id = {row.candidate.id: row for row in rows}
    points, eligible = [], set()
    for cost in overview.priced:
        row = by_id.get(cost.candidate.pk)
        if row is None or row.total is None:
            continue
        label = cost.candidate.label
        points.append((label, float(cost.tco.base.total), row.total))
        if row.rank is not None and row.candidate.seats_available >= seats_needed:
            eligible.add(label)
    frontier = efficient_frontier(
        {label: (cost, score) for label, cost, score in points if label in eligible}
    )
    return ValueMap(points, frontier, eligible)
