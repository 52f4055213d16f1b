"""Total cost of ownership and the statutory sustainability test (pure: no Django, Decimal).

Money is :class:`~decimal.Decimal` throughout; amounts keep full precision and are rounded to
cents (half up) only in the totals a page shows. Percentages are 0–100.

**TCO.** A quote is priced per FTE-month, per productive hour or per transaction, in USD or
MXN. The horizon (1–5 years) is resolved month by month from the start month:

* labour = price × quantity × (1 + wage inflation)^k × FTE uplift, where k is the number of
  whole years since the start (wage inflation applies to the labour part only);
* FTE uplift (per-FTE quotes only) = quoted weekly hours ÷ the legal maximum weekly hours of
  the month's calendar year: the 40-hour-week reform (48 h in 2026 → 40 h in 2030) means the
  same coverage needs more paid agents. Per-hour and per-transaction quotes buy coverage, so
  the buyer's bill does not move; the provider's economics do (see the sustainability test);
* overtime = labour × overtime share × (overtime multiplier − 1): overtime hours cost the
  statutory premium on top of the hours already priced;
* technology (CCaaS seats, QA/analytics, licences), continuity/security and the buyer's
  governance effort are flat monthly amounts; ramp/transition and training fees fall in the
  first month.

Everything is in the quote's currency, then converted to the reporting currency (USD) in three
FX scenarios: base, peso stronger (MXN per USD × (1 − shock)) and peso weaker (× (1 + shock)).
A USD quote costs the same in every scenario: the provider carries the FX risk.

Cost per productive hour = TCO ÷ productive hours (per-FTE quotes: FTEs × quoted weekly hours
× 52/12 × productive share per month, which the uplift keeps constant). Cost per resolved
contact = TCO ÷ (contacts × first-contact resolution), i.e. only contacts resolved the first
time count as output; repeat contacts are cost without output.

**Statutory test** of a rate's sustainability (cost-plus quotes, or any quote the buyer wants
to test): the monthly cost of one agent at the site's minimum-wage zone (or the quote's stated
salary, whichever is higher) with aguinaldo, IMSS retiro and cesantía-y-vejez, INFONAVIT and
PTU, compared with what the provider earns per agent-month. Items the reference does not
quantify (the year-by-year cesantía rate by salary band, other IMSS branches, the vacation
premium) are either given as a documented range (cesantía 3.150–11.875 %; PTU 0 to the cap of
three months' salary a year) or listed as excluded, so the verdict is a range, never a guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
DAYS_PER_MONTH = Decimal(365) / Decimal(12)  # CONASAMI's monthly equivalent: daily × 30.4167
REPORTING_CURRENCY = "USD"


class Basis:
    FTE_MONTH = "fte_month"
    HOUR = "hour"
    TRANSACTION = "transaction"


class Scenario:
    BASE = "base"
    PESO_STRONGER = "peso_stronger"
    PESO_WEAKER = "peso_weaker"
    ALL = (BASE, PESO_STRONGER, PESO_WEAKER)


class Code:
    """Codes of the statutory parameters the computations read (see ``StatutoryRate``)."""

    MIN_WAGE_DAILY = "min_wage_daily"
    WEEKLY_HOURS_MAX = "weekly_hours_max"
    OVERTIME_MULTIPLIER = "overtime_multiplier"
    AGUINALDO_DAYS = "aguinaldo_days"
    VACATION_DAYS = "vacation_days"
    VACATION_PREMIUM = "vacation_premium_pct"
    IMSS_RETIRO = "imss_retiro_pct"
    IMSS_CESANTIA = "imss_cesantia_pct"
    IMSS_OTHER = "imss_other_pct"
    INFONAVIT = "infonavit_pct"
    PTU_SHARE = "ptu_share_pct"
    PTU_CAP_MONTHS = "ptu_cap_months"
    UMA_DAILY = "uma_daily"


def money(value: Decimal) -> Decimal:
    """``value`` rounded to cents, half up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- statutory table


@dataclass(frozen=True)
class Rate:
    """One statutory parameter in force from ``from_year`` (until a later row replaces it).

    ``value`` is ``None`` when the reference does not give the figure ("unknown"); ``low`` and
    ``high`` then bound it when the reference gives a range. ``zone`` is ``""`` for every zone,
    or ``general`` / ``zlfn`` for the minimum-wage zones.
    """

    code: str
    from_year: int
    value: Decimal | None
    zone: str = ""
    low: Decimal | None = None
    high: Decimal | None = None
    unit: str = ""
    legal_basis: str = ""
    source: str = ""
    as_of: dt.date | None = None
    note: str = ""

    @property
    def is_known(self) -> bool:
        return self.value is not None

    @property
    def bounds(self) -> tuple[Decimal, Decimal] | None:
        """``(low, high)``: the value twice when known, the documented range, or ``None``."""
        if self.value is not None:
            return self.value, self.value
        if self.low is not None and self.high is not None:
            return self.low, self.high
        return None


@dataclass(frozen=True)
class Lookup:
    """A rate found for a year: ``carried`` is true when it is an earlier year's known figure
    standing in for a year whose figure is unknown or not yet published."""

    rate: Rate
    year: int
    carried: bool = False


class StatutoryTable:
    """Statutory rates by code, zone and year (rows come from the database or a test)."""

    def __init__(self, rates: Iterable[Rate]) -> None:
        self.rates = sorted(rates, key=lambda r: (r.code, r.zone, r.from_year))

    def _rows(self, code: str, zone: str) -> list[Rate]:
        rows = [r for r in self.rates if r.code == code and r.zone == zone]
        return rows or [r for r in self.rates if r.code == code and r.zone == ""]

    def get(self, code: str, year: int, zone: str = "") -> Lookup | None:
        """The row in force in ``year`` (the latest ``from_year`` ≤ ``year``), or ``None``."""
        rows = [r for r in self._rows(code, zone) if r.from_year <= year]
        return Lookup(rows[-1], year) if rows else None

    def known(self, code: str, year: int, zone: str = "") -> Lookup | None:
        """Like :meth:`get`, but an unknown row without a range falls back to the latest
        earlier known figure (``carried=True``)."""
        found = self.get(code, year, zone)
        if found is None or found.rate.bounds is not None:
            return found
        earlier = [r for r in self._rows(code, zone) if r.from_year <= year and r.value is not None]
        return Lookup(earlier[-1], year, carried=True) if earlier else None

    def value(self, code: str, year: int, zone: str = "") -> Decimal | None:
        found = self.known(code, year, zone)
        return found.rate.value if found else None

    def weekly_hours(self, year: int) -> Decimal:
        """Legal maximum weekly hours in ``year``; 48 before the reform's first row."""
        found = self.known(Code.WEEKLY_HOURS_MAX, year)
        return found.rate.value if found and found.rate.value else Decimal(48)


# --------------------------------------------------------------------------- TCO


@dataclass(frozen=True)
class Quote:
    """A provider's price and the costs around it, in ``currency`` (USD or MXN).

    ``quantity`` is FTEs (per-FTE-month quotes), productive hours a month (per-hour quotes) or
    transactions a month (per-transaction quotes). ``contacts_per_month`` defaults to the
    quantity for per-transaction quotes. ``fcr_pct`` ``None`` leaves the cost per resolved
    contact unknown.
    """

    basis: str
    currency: str
    price: Decimal
    quantity: Decimal
    ramp_fee: Decimal = ZERO
    training: Decimal = ZERO
    overtime_share_pct: Decimal = ZERO
    ccaas_monthly: Decimal = ZERO
    qa_analytics_monthly: Decimal = ZERO
    licences_monthly: Decimal = ZERO
    continuity_monthly: Decimal = ZERO
    governance_monthly: Decimal = ZERO
    contacts_per_month: Decimal | None = None
    fcr_pct: Decimal | None = None
    productive_share_pct: Decimal = Decimal(85)
    quote_weekly_hours: Decimal = Decimal(48)
    agent_daily_salary_mxn: Decimal | None = None

    def __post_init__(self) -> None:
        if self.basis not in (Basis.FTE_MONTH, Basis.HOUR, Basis.TRANSACTION):
            raise ValueError(f"unknown quote basis {self.basis!r}")
        if self.currency not in ("USD", "MXN"):
            raise ValueError(f"unknown currency {self.currency!r}")
        amounts = (
            self.price,
            self.quantity,
            self.ramp_fee,
            self.training,
            self.overtime_share_pct,
            self.ccaas_monthly,
            self.qa_analytics_monthly,
            self.licences_monthly,
            self.continuity_monthly,
            self.governance_monthly,
        )
        if any(a < 0 for a in amounts):
            raise ValueError("prices, quantities and costs cannot be negative")
        if self.quote_weekly_hours <= 0:
            raise ValueError("quoted weekly hours must be above zero")

    @property
    def technology_monthly(self) -> Decimal:
        return self.ccaas_monthly + self.qa_analytics_monthly + self.licences_monthly

    @property
    def contacts(self) -> Decimal | None:
        if self.contacts_per_month is not None:
            return self.contacts_per_month
        return self.quantity if self.basis == Basis.TRANSACTION else None


@dataclass(frozen=True)
class Assumptions:
    """The engagement's cost assumptions: FX (MXN per USD, with its date), shock, wage
    inflation (% a year), horizon (1–5 years) and the first month of service."""

    start: dt.date
    horizon_years: int
    fx_rate: Decimal
    fx_date: dt.date | None = None
    fx_shock_pct: Decimal = Decimal(10)
    wage_inflation_pct: Decimal = ZERO

    def __post_init__(self) -> None:
        if not 1 <= self.horizon_years <= 5:
            raise ValueError("the horizon is 1 to 5 years")
        if self.fx_rate <= 0:
            raise ValueError("the FX rate must be above zero")
        if not 0 <= self.fx_shock_pct < 100:
            raise ValueError("the FX shock is 0 to under 100 %")

    def fx(self, scenario: str) -> Decimal:
        """MXN per USD in ``scenario``."""
        shock = self.fx_shock_pct / HUNDRED
        return {
            Scenario.BASE: self.fx_rate,
            Scenario.PESO_STRONGER: self.fx_rate * (ONE - shock),
            Scenario.PESO_WEAKER: self.fx_rate * (ONE + shock),
        }[scenario]

    @property
    def months(self) -> int:
        return 12 * self.horizon_years


@dataclass(frozen=True)
class Month:
    """One month of the TCO, in the quote's currency."""

    index: int  # 0-based from the start
    first_day: dt.date
    weekly_hours: Decimal
    fte_uplift: Decimal
    inflation: Decimal  # labour price factor
    labour: Decimal
    overtime: Decimal
    technology: Decimal
    continuity: Decimal
    governance: Decimal
    one_off: Decimal
    productive_hours: Decimal | None
    contacts: Decimal | None

    @property
    def total(self) -> Decimal:
        return (
            self.labour
            + self.overtime
            + self.technology
            + self.continuity
            + self.governance
            + self.one_off
        )


@dataclass(frozen=True)
class ScenarioResult:
    """TCO over the horizon in the reporting currency (USD) at one FX rate."""

    scenario: str
    fx_rate: Decimal
    total: Decimal
    per_productive_hour: Decimal | None
    per_resolved_contact: Decimal | None
    by_year: tuple[Decimal, ...]


@dataclass
class TcoResult:
    """The monthly lines (quote currency) and the totals per FX scenario (USD)."""

    currency: str
    months: list[Month]
    scenarios: dict[str, ScenarioResult]
    productive_hours: Decimal | None
    resolved_contacts: Decimal | None
    components: dict[str, Decimal] = field(default_factory=dict)  # quote currency

    @property
    def base(self) -> ScenarioResult:
        return self.scenarios[Scenario.BASE]

    @property
    def total_in_quote_currency(self) -> Decimal:
        return sum((m.total for m in self.months), ZERO)


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    return dt.date(day.year + year, month + 1, 1)


def to_reporting(amount: Decimal, currency: str, fx_rate: Decimal) -> Decimal:
    """``amount`` in USD (MXN are divided by ``fx_rate``, MXN per USD)."""
    return amount if currency == REPORTING_CURRENCY else amount / fx_rate


def compute_tco(quote: Quote, assumptions: Assumptions, table: StatutoryTable) -> TcoResult:
    """The month-by-month TCO of ``quote`` and its totals in three FX scenarios."""
    overtime_multiplier = table.value(Code.OVERTIME_MULTIPLIER, assumptions.start.year) or ONE
    inflation_rate = assumptions.wage_inflation_pct / HUNDRED
    share = quote.productive_share_pct / HUNDRED
    months = []
    for index in range(assumptions.months):
        first_day = _add_months(assumptions.start, index)
        hours = table.weekly_hours(first_day.year)
        uplift = quote.quote_weekly_hours / hours if quote.basis == Basis.FTE_MONTH else ONE
        inflation = (ONE + inflation_rate) ** (index // 12)
        labour = quote.price * quote.quantity * inflation * uplift
        if quote.basis == Basis.FTE_MONTH:
            productive = quote.quantity * quote.quote_weekly_hours * WEEKS_PER_MONTH * share
        elif quote.basis == Basis.HOUR:
            productive = quote.quantity
        else:
            productive = None
        months.append(
            Month(
                index=index,
                first_day=first_day,
                weekly_hours=hours,
                fte_uplift=uplift,
                inflation=inflation,
                labour=labour,
                overtime=labour * quote.overtime_share_pct / HUNDRED * (overtime_multiplier - 1),
                technology=quote.technology_monthly,
                continuity=quote.continuity_monthly,
                governance=quote.governance_monthly,
                one_off=(quote.ramp_fee + quote.training) if index == 0 else ZERO,
                productive_hours=productive,
                contacts=quote.contacts,
            )
        )
    productive_hours = (
        sum((m.productive_hours for m in months), ZERO)
        if quote.basis != Basis.TRANSACTION
        else None
    )
    resolved = None
    if quote.contacts is not None and quote.fcr_pct is not None:
        resolved = quote.contacts * quote.fcr_pct / HUNDRED * assumptions.months
    total = sum((m.total for m in months), ZERO)
    scenarios = {}
    for scenario in Scenario.ALL:
        fx = assumptions.fx(scenario)
        usd = to_reporting(total, quote.currency, fx)
        by_year = tuple(
            money(
                to_reporting(
                    sum((m.total for m in months[y * 12 : y * 12 + 12]), ZERO), quote.currency, fx
                )
            )
            for y in range(assumptions.horizon_years)
        )
        scenarios[scenario] = ScenarioResult(
            scenario=scenario,
            fx_rate=fx,
            total=money(usd),
            per_productive_hour=money(usd / productive_hours) if productive_hours else None,
            per_resolved_contact=money(usd / resolved) if resolved else None,
            by_year=by_year,
        )
    components = {
        name: sum((getattr(m, name) for m in months), ZERO)
        for name in ("labour", "overtime", "technology", "continuity", "governance", "one_off")
    }
    return TcoResult(
        currency=quote.currency,
        months=months,
        scenarios=scenarios,
        productive_hours=productive_hours,
        resolved_contacts=resolved,
        components=components,
    )


# --------------------------------------------------------------------------- statutory test


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


def statutory_tests(
    quote: Quote, assumptions: Assumptions, table: StatutoryTable, zone: str
) -> list[YearTest]:
    """:func:`statutory_test` for every calendar year the horizon touches."""
    last = _add_months(assumptions.start, assumptions.months - 1).year
    return [
        statutory_test(quote, assumptions, table, zone, year)
        for year in range(assumptions.start.year, last + 1)
    ]
