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

**Growing scopes.** A quote's volume (FTEs, hours or transactions) and its CCaaS seat fee are
for the seats at go-live. With a seat plan (:mod:`scorecard.domain.seats`), each month is
priced at that month's seats: the volume, and with it labour, overtime, productive hours and
contacts, and the CCaaS fee are multiplied by the seat factor = the month's seats ÷ the seats
at go-live. QA/analytics tools, other licences, continuity and governance stay flat.

Everything is in the quote's currency, then converted to the reporting currency (USD) in three
FX scenarios: base, peso stronger (MXN per USD × (1 − shock)) and peso weaker (× (1 + shock)).
A USD quote costs the same in every scenario: the provider carries the FX risk.

Cost per productive hour = TCO ÷ productive hours (per-FTE quotes: FTEs × quoted weekly hours
× 52/12 × productive share per month, which the uplift keeps constant). Cost per resolved
contact = TCO ÷ (contacts × first-contact resolution), i.e. only contacts resolved the first
time count as output; repeat contacts are cost without output.

The statutory test of a rate lives in :mod:`scorecard.domain.sustainability`; the statutory
parameters in :mod:`scorecard.domain.statutory`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from scorecard.domain.seats import SeatPlan, seats_by_month
from scorecard.domain.statutory import Code, Lookup, Rate, StatutoryTable

__all__ = [
    "Assumptions",
    "Basis",
    "Code",
    "Lookup",
    "Quote",
    "Rate",
    "Scenario",
    "SeatPlan",
    "StatutoryTable",
    "TcoResult",
    "compute_tco",
]

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


def money(value: Decimal) -> Decimal:
    """``value`` rounded to cents, half up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


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
    inflation (% a year), horizon (1–5 years), the first month of service (go-live, month 0
    of the seat plan) and the scope's ``seat_plan`` (``None``: the quoted volume throughout)."""

    start: dt.date
    horizon_years: int
    fx_rate: Decimal
    fx_date: dt.date | None = None
    fx_shock_pct: Decimal = Decimal(10)
    wage_inflation_pct: Decimal = ZERO
    seat_plan: SeatPlan | None = None

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

    def seats(self) -> list[int] | None:
        """Seats in each month of the horizon (``None`` without a seat plan)."""
        if self.seat_plan is None:
            return None
        return seats_by_month(self.seat_plan, self.months)

    def seat_factors(self) -> list[Decimal]:
        """Each month's seats ÷ the seats at go-live (1 throughout without a seat plan)."""
        seats = self.seats()
        if seats is None:
            return [ONE] * self.months
        go_live = Decimal(self.seat_plan.go_live)
        return [Decimal(n) / go_live for n in seats]


@dataclass(frozen=True)
class Month:
    """One month of the TCO, in the quote's currency."""

    index: int  # 0-based from the start
    first_day: dt.date
    weekly_hours: Decimal
    fte_uplift: Decimal
    inflation: Decimal  # labour price factor
    seats: int | None  # the seat plan's seats this month (None: no plan)
    seat_factor: Decimal  # volume multiplier: seats ÷ seats at go-live
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


def _scenarios(
    months: list[Month],
    quote: Quote,
    assumptions: Assumptions,
    productive_hours: Decimal | None,
    resolved: Decimal | None,
) -> dict[str, ScenarioResult]:
    """The months' totals in each FX scenario: over the horizon, a year at a time, and per
    productive hour and resolved contact."""
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
    return scenarios


def compute_tco(quote: Quote, assumptions: Assumptions, table: StatutoryTable) -> TcoResult:
    """The month-by-month TCO of ``quote`` and its totals in three FX scenarios."""
    overtime_multiplier = table.value(Code.OVERTIME_MULTIPLIER, assumptions.start.year) or ONE
    inflation_rate = assumptions.wage_inflation_pct / HUNDRED
    share = quote.productive_share_pct / HUNDRED
    months = []
    seats = assumptions.seats()
    factors = assumptions.seat_factors()
    for index in range(assumptions.months):
        first_day = _add_months(assumptions.start, index)
        hours = table.weekly_hours(first_day.year)
        uplift = quote.quote_weekly_hours / hours if quote.basis == Basis.FTE_MONTH else ONE
        inflation = (ONE + inflation_rate) ** (index // 12)
        factor = factors[index]
        volume = quote.quantity * factor
        labour = quote.price * volume * inflation * uplift
        if quote.basis == Basis.FTE_MONTH:
            productive = volume * quote.quote_weekly_hours * WEEKS_PER_MONTH * share
        elif quote.basis == Basis.HOUR:
            productive = volume
        else:
            productive = None
        contacts = quote.contacts * factor if quote.contacts is not None else None
        months.append(
            Month(
                index=index,
                first_day=first_day,
                weekly_hours=hours,
                fte_uplift=uplift,
                inflation=inflation,
                seats=seats[index] if seats else None,
                seat_factor=factor,
                labour=labour,
                overtime=labour * quote.overtime_share_pct / HUNDRED * (overtime_multiplier - 1),
                technology=quote.technology_monthly + quote.ccaas_monthly * (factor - ONE),
                continuity=quote.continuity_monthly,
                governance=quote.governance_monthly,
                one_off=(quote.ramp_fee + quote.training) if index == 0 else ZERO,
                productive_hours=productive,
                contacts=contacts,
            )
        )
    productive_hours = (
        sum((m.productive_hours for m in months), ZERO)
        if quote.basis != Basis.TRANSACTION
        else None
    )
    resolved = None
    if quote.contacts is not None and quote.fcr_pct is not None:
        resolved = sum((m.contacts for m in months), ZERO) * quote.fcr_pct / HUNDRED
    scenarios = _scenarios(months, quote, assumptions, productive_hours, resolved)
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
