"""The statutory sustainability test of a quoted rate (pure: no Django, Decimal).

**Statutory test** of a rate's sustainability (cost-plus quotes, or any quote the buyer wants
to test): the monthly cost of one agent at the site's minimum-wage zone (or the quote's stated
salary, whichever is higher) with aguinaldo, IMSS retiro and cesantía-y-vejez, INFONAVIT and
PTU, compared with what the provider earns per agent-month. Items the reference does not
quantify (the year-by-year cesantía rate by salary band, other IMSS branches, the vacation
premium) are either given as a documented range (cesantía 3.150–11.875 %; PTU 0 to the cap of
three months' salary a year) or listed as excluded, so the verdict is a range, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from scorecard.domain.statutory import Code, Lookup, StatutoryTable
from scorecard.domain.tco import (
    DAYS_PER_MONTH,
    HUNDRED,
    ONE,
    REPORTING_CURRENCY,
    WEEKS_PER_MONTH,
    ZERO,
    Assumptions,
    Basis,
    Quote,
    _add_months,
)


class Verdict:
    COVERS = "covers"  # revenue per agent ≥ the high end of the statutory cost
    TIGHT = "tight"  # between the low and high ends: depends on unquantified items
    BELOW = "below"  # below even the low end: not sustainable at the law's minimum
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class Component:
    """One line of an agent's statutory monthly cost, as a range (equal ends when exact)."""

    code: str
    low: Decimal
    high: Decimal
    lookup: Lookup | None = None


@dataclass(frozen=True)
class YearTest:
    """The statutory test for one calendar year (MXN, per agent and month)."""

    year: int
    zone: str
    daily_salary: Decimal
    salary_from: str  # "quote" or "minimum_wage"
    minimum_wage: Lookup | None
    below_minimum_wage: bool
    weekly_hours: Decimal
    fte_uplift: Decimal
    components: tuple[Component, ...]
    excluded: tuple[Lookup, ...]  # parameters the reference does not quantify
    loaded_low: Decimal
    loaded_high: Decimal
    cost_per_paid_hour_low: Decimal
    cost_per_paid_hour_high: Decimal
    revenue_per_agent: Decimal | None
    verdict: str

    @property
    def floor(self) -> Decimal:
        """The statutory floor per FTE-month (MXN): the low end of the loaded cost, below
        which the rate cannot pay an agent what the law requires."""
        return self.loaded_low

    @property
    def headroom_pct(self) -> Decimal | None:
        """How far the provider's revenue per agent is above the floor, in % of the floor
        (negative: below it); ``None`` when not applicable or the floor is unknown (0)."""
        if self.revenue_per_agent is None or self.loaded_low <= 0:
            return None
        return (self.revenue_per_agent - self.loaded_low) / self.loaded_low * HUNDRED


def _pct(table: StatutoryTable, code: str, year: int) -> tuple[Decimal, Decimal, Lookup | None]:
    found = table.get(code, year)
    bounds = found.rate.bounds if found else None
    if bounds is None:
        return ZERO, ZERO, found
    return bounds[0], bounds[1], found


def statutory_test(
    quote: Quote, assumptions: Assumptions, table: StatutoryTable, zone: str, year: int
) -> YearTest:
    """Whether ``quote`` covers the statutory cost of an agent in ``zone`` in ``year``.

    The daily salary is the quote's stated salary grown by wage inflation for each whole year
    since the start, or the zone's minimum wage of the year when higher (an earlier year's
    minimum stands in, marked as carried, when the year's is not yet published). Contributions
    are applied to the base salary, not the integrated SBC (LSS art. 27), so the low end is a
    floor.
    """
    minimum = table.known(Code.MIN_WAGE_DAILY, year, zone)
    minimum_value = minimum.rate.value if minimum else None
    years_in = max(0, year - assumptions.start.year)
    inflation = (ONE + assumptions.wage_inflation_pct / HUNDRED) ** years_in
    stated = quote.agent_daily_salary_mxn * inflation if quote.agent_daily_salary_mxn else None
    below_minimum = bool(stated is not None and minimum_value and stated < minimum_value)
    if stated is not None and (minimum_value is None or stated >= minimum_value):
        salary, salary_from = stated, "quote"
    else:
        salary, salary_from = minimum_value or ZERO, "minimum_wage"
    base = salary * DAYS_PER_MONTH
    aguinaldo_days = table.value(Code.AGUINALDO_DAYS, year) or ZERO
    components = [
        Component("base_salary", base, base),
        Component(
            Code.AGUINALDO_DAYS,
            salary * aguinaldo_days / 12,
            salary * aguinaldo_days / 12,
            table.known(Code.AGUINALDO_DAYS, year),
        ),
    ]
    excluded = []
    for code in (Code.IMSS_RETIRO, Code.IMSS_CESANTIA, Code.INFONAVIT, Code.IMSS_OTHER):
        low, high, found = _pct(table, code, year)
        if found is None or found.rate.bounds is None:
            if found is not None:
                excluded.append(found)
            continue
        components.append(Component(code, base * low / HUNDRED, base * high / HUNDRED, found))
    cap = table.known(Code.PTU_CAP_MONTHS, year)
    if cap is not None and cap.rate.value is not None:
        # PTU depends on the provider's taxable profit: nothing in a loss year, at most the
        # per-worker cap (three months' salary a year) otherwise.
        components.append(Component("ptu", ZERO, base * cap.rate.value / 12, cap))
    premium = table.get(Code.VACATION_PREMIUM, year)
    if premium is not None and premium.rate.bounds is None:
        excluded.append(premium)
    low = sum((c.low for c in components), ZERO)
    high = sum((c.high for c in components), ZERO)
    hours = table.weekly_hours(year)
    paid_hours = hours * WEEKS_PER_MONTH
    revenue = _revenue_per_agent(quote, assumptions, hours, years_in)
    if revenue is None:
        verdict = Verdict.NOT_APPLICABLE
    elif revenue < low:
        verdict = Verdict.BELOW
    elif revenue >= high:
        verdict = Verdict.COVERS
    else:
        verdict = Verdict.TIGHT
    return YearTest(
        year=year,
        zone=zone,
        daily_salary=salary,
        salary_from=salary_from,
        minimum_wage=minimum,
        below_minimum_wage=below_minimum,
        weekly_hours=hours,
        fte_uplift=quote.quote_weekly_hours / hours,
        components=tuple(components),
        excluded=tuple(excluded),
        loaded_low=low,
        loaded_high=high,
        cost_per_paid_hour_low=low / paid_hours,
        cost_per_paid_hour_high=high / paid_hours,
        revenue_per_agent=revenue,
        verdict=verdict,
    )


def _revenue_per_agent(
    quote: Quote, assumptions: Assumptions, weekly_hours: Decimal, years_in: int
) -> Decimal | None:
    """What the provider bills per agent and month, in MXN at the base FX rate.

    Per FTE-month: the price (each agent is billed whatever the hours). Per productive hour:
    the price × the hours one agent can work in the year (weekly maximum × 52/12 × productive
    share), which the hours reform shrinks. Per transaction: not applicable (agents unknown).
    """
    inflation = (ONE + assumptions.wage_inflation_pct / HUNDRED) ** years_in
    price = quote.price * inflation
    if quote.currency == REPORTING_CURRENCY:
        price = price * assumptions.fx_rate
    if quote.basis == Basis.FTE_MONTH:
        return price
    if quote.basis == Basis.HOUR:
        return price * weekly_hours * WEEKS_PER_MONTH * quote.productive_share_pct / HUNDRED
    return None


def tightest_year(tests: list[YearTest]) -> YearTest | None:
    """The year of ``tests`` with the least headroom above the floor (the first on ties);
    ``None`` when no year has one (per-transaction quotes, no minimum wage known)."""
    known = [t for t in tests if t.headroom_pct is not None]
    return min(known, key=lambda t: t.headroom_pct) if known else None


def statutory_tests(
    quote: Quote, assumptions: Assumptions, table: StatutoryTable, zone: str
) -> list[YearTest]:
    """:func:`statutory_test` for every calendar year the horizon touches."""
    last = _add_months(assumptions.start, assumptions.months - 1).year
    return [
        statutory_test(quote, assumptions, table, zone, year)
        for year in range(assumptions.start.year, last + 1)
    ]
