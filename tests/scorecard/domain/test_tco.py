"""TCO and statutory-test arithmetic against hand-computed cases (no database).

The table below mirrors ``fixtures/statutory_rates.yaml`` for the figures the cases read:
weekly hours 48 (2026) → 46, 44, 42 → 40 (2030); overtime × 2; minimum wage MXN 315.04/day
(general) and 440.87/day (ZLFN) in 2026, 2027 unknown; aguinaldo 15 days; IMSS retiro 2 %,
cesantía 3.150–11.875 % (range), INFONAVIT 5 %, PTU cap 3 months' salary; vacation premium and
other IMSS branches unknown.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from scorecard.domain import sustainability, tco
from scorecard.domain.tco import Assumptions, Basis, Code, Quote, Rate, Scenario, StatutoryTable
from scorecard.domain.value import cost_scores, efficient_frontier


def _table() -> StatutoryTable:
    rates = [
        Rate(Code.WEEKLY_HOURS_MAX, year, D(hours))
        for year, hours in ((2026, 48), (2027, 46), (2028, 44), (2029, 42), (2030, 40))
    ]
    rates += [
        Rate(Code.OVERTIME_MULTIPLIER, 2026, D(2)),
        Rate(Code.MIN_WAGE_DAILY, 2026, D("315.04"), zone="general"),
        Rate(Code.MIN_WAGE_DAILY, 2026, D("440.87"), zone="zlfn"),
        Rate(Code.MIN_WAGE_DAILY, 2027, None, zone="general", note="not published"),
        Rate(Code.MIN_WAGE_DAILY, 2027, None, zone="zlfn", note="not published"),
        Rate(Code.AGUINALDO_DAYS, 2025, D(15)),
        Rate(Code.IMSS_RETIRO, 2021, D(2)),
        Rate(Code.IMSS_CESANTIA, 2026, None, low=D("3.150"), high=D("11.875")),
        Rate(Code.IMSS_OTHER, 2021, None, note="not in the reference"),
        Rate(Code.INFONAVIT, 2021, D(5)),
        Rate(Code.PTU_CAP_MONTHS, 2021, D(3)),
        Rate(Code.VACATION_PREMIUM, 2023, None, note="not in the reference"),
    ]
    return StatutoryTable(rates)


TABLE = _table()


def _assumptions(**kwargs) -> Assumptions:
    values = {"start": dt.date(2026, 1, 1), "horizon_years": 1, "fx_rate": D(20)}
    return Assumptions(**(values | kwargs))


def _close(value: D, expected: str, places: str = "0.0001") -> bool:
    return abs(value - D(expected)) <= D(places)


def test_tco_usd_fte_quote_one_year_hand_computed():
    """10 FTEs × USD 2,000 for 12 months of 2026 (48 h, uplift 1) = USD 240,000.

    Productive hours = 10 × 48 h × 52/12 weeks × 85 % × 12 months = 10 × 48 × 52 × 0.85
    = 21,216 h → USD 11.31 per productive hour. Contacts 5,000 a month at 80 % FCR resolve
    4,000 a month, 48,000 a year → USD 5.00 per resolved contact. A USD quote costs the same in
    every FX scenario.
    """
    quote = Quote(Basis.FTE_MONTH, "USD", D(2000), D(10), contacts_per_month=D(5000), fcr_pct=D(80))
    result = tco.compute_tco(quote, _assumptions(), TABLE)
    assert result.base.total == D("240000.00")
    assert result.productive_hours == D("21216.00")
    assert result.base.per_productive_hour == D("11.31")
    assert result.resolved_contacts == D(48000)
    assert result.base.per_resolved_contact == D("5.00")
    assert {s.total for s in result.scenarios.values()} == {D("240000.00")}
    assert len(result.months) == 12


def test_tco_hours_step_down_uplifts_fte_quote():
    """1 FTE × USD 1,000 from July 2029 for a year: Jul–Dec 2029 at 42 h need 48/42 FTE,
    Jan–Jun 2030 at 40 h need 48/40 = 1.2 FTE.

    6 × 1,000 × 48/42 = 6,857.142857… ; 6 × 1,000 × 1.2 = 7,200 → USD 14,057.14.
    """
    quote = Quote(Basis.FTE_MONTH, "USD", D(1000), D(1))
    result = tco.compute_tco(quote, _assumptions(start=dt.date(2029, 7, 1)), TABLE)
    assert result.base.total == D("14057.14")
    assert result.months[0].fte_uplift == D(48) / D(42)
    assert result.months[-1].fte_uplift == D("1.2")
    assert result.months[-1].weekly_hours == D(40)


def test_tco_hourly_quote_not_uplifted_by_hours_reform():
    """Per-hour quotes buy coverage: 1,000 h × USD 10 a month in 2030 = USD 120,000 a year."""
    quote = Quote(Basis.HOUR, "USD", D(10), D(1000))
    result = tco.compute_tco(quote, _assumptions(start=dt.date(2030, 1, 1)), TABLE)
    assert result.base.total == D("120000.00")
    assert result.base.per_productive_hour == D("10.00")


def test_tco_mxn_quote_inflation_overtime_extras_and_fx_scenarios():
    """2 FTEs × MXN 30,000 from Jan 2026 for 2 years; wage inflation 10 %; overtime 5 % at
    double pay; CCaaS 1,000 and governance 500 a month; ramp 12,000 and training 8,000 once.

    Year 1 (2026, 48 h): labour 60,000 + overtime 60,000 × 5 % × (2 − 1) = 3,000 + 1,500
    = 64,500 a month → 774,000, plus 20,000 one-off = 794,000.
    Year 2 (2027, 46 h): labour 60,000 × 1.10 × 48/46 = 68,869.5652…; overtime 3,443.4783…;
    + 1,500 = 73,813.0435… a month → 885,756.5217….
    Total MXN 1,679,756.5217… → base (20 MXN/USD) USD 83,987.83; peso stronger (18)
    USD 93,319.81; peso weaker (22) USD 76,352.57.
    """
    quote = Quote(
        Basis.FTE_MONTH,
        "MXN",
        D(30000),
        D(2),
        ramp_fee=D(12000),
        training=D(8000),
        overtime_share_pct=D(5),
        ccaas_monthly=D(1000),
        governance_monthly=D(500),
    )
    assumptions = _assumptions(horizon_years=2, wage_inflation_pct=D(10), fx_shock_pct=D(10))
    result = tco.compute_tco(quote, assumptions, TABLE)
    assert _close(result.total_in_quote_currency, "1679756.5217")
    assert result.base.by_year == (D("39700.00"), D("44287.83"))
    assert result.base.total == D("83987.83")
    assert result.scenarios[Scenario.PESO_STRONGER].total == D("93319.81")
    assert result.scenarios[Scenario.PESO_WEAKER].total == D("76352.57")
    assert result.months[0].one_off == D(20000)
    assert result.months[1].one_off == 0


def test_tco_transaction_quote_has_no_productive_hours():
    """95,000 contacts × USD 4 = 380,000 a month; FCR 75 % → 71,250 resolved a month:
    USD 5.33 per resolved contact (4 ÷ 0.75); no cost per productive hour."""
    quote = Quote(Basis.TRANSACTION, "USD", D(4), D(95000), fcr_pct=D(75))
    result = tco.compute_tco(quote, _assumptions(), TABLE)
    assert result.base.total == D("4560000.00")
    assert result.base.per_productive_hour is None
    assert result.base.per_resolved_contact == D("5.33")


def test_tco_without_fcr_leaves_cost_per_resolved_contact_unknown():
    quote = Quote(Basis.FTE_MONTH, "USD", D(2000), D(1), contacts_per_month=D(100))
    assert tco.compute_tco(quote, _assumptions(), TABLE).base.per_resolved_contact is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"price": D(-1)}, "negative"),
        ({"quantity": D(-5)}, "negative"),
        ({"basis": "per-seat"}, "basis"),
        ({"currency": "EUR"}, "currency"),
    ],
)
def test_quote_bad_input_raises(kwargs, message):
    values = {"basis": Basis.FTE_MONTH, "currency": "USD", "price": D(1), "quantity": D(1)}
    with pytest.raises(ValueError, match=message):
        Quote(**(values | kwargs))


@pytest.mark.parametrize(
    "kwargs",
    [{"fx_rate": D(0)}, {"horizon_years": 6}, {"horizon_years": 0}, {"fx_shock_pct": D(100)}],
)
def test_assumptions_bad_input_raises(kwargs):
    with pytest.raises(ValueError):
        _assumptions(**kwargs)


def test_statutory_general_zone_hand_computed():
    """An agent at the 2026 general minimum, MXN 315.04 a day:

    base = 315.04 × 365/12 = 9,582.4667; aguinaldo = 315.04 × 15/12 = 393.80;
    retiro 2 % = 191.6493; cesantía 3.150 % = 301.8477 … 11.875 % = 1,137.9180;
    INFONAVIT 5 % = 479.1233; PTU 0 … 9,582.4667 × 3/12 = 2,395.6167.
    low = 10,948.8870; high = 14,180.5740 MXN a month.
    Per paid hour (48 h × 52/12 = 208 h): 52.6389 … 68.1758.
    A USD 700 FTE-month price at 18 MXN/USD bills 12,600: between the two → tight.
    """
    quote = Quote(Basis.FTE_MONTH, "USD", D(700), D(1))
    test = sustainability.statutory_test(quote, _assumptions(fx_rate=D(18)), TABLE, "general", 2026)
    assert _close(test.loaded_low, "10948.8870")
    assert _close(test.loaded_high, "14180.5740")
    assert _close(test.cost_per_paid_hour_low, "52.6389")
    assert test.revenue_per_agent == D(12600)
    assert test.verdict == sustainability.Verdict.TIGHT
    assert test.salary_from == "minimum_wage"
    assert {r.rate.code for r in test.excluded} == {Code.IMSS_OTHER, Code.VACATION_PREMIUM}


def test_statutory_border_zone_wage_makes_same_quote_unsustainable():
    """The same USD 700 quote in Tijuana (ZLFN, MXN 440.87 a day):

    base = 440.87 × 365/12 = 13,409.7958; aguinaldo = 551.0875; retiro 268.1959;
    cesantía (low) 422.4086; INFONAVIT 670.4898 → low = 15,321.9776 MXN.
    Revenue 12,600 < 15,321.98 → below the statutory floor.
    """
    quote = Quote(Basis.FTE_MONTH, "USD", D(700), D(1))
    test = sustainability.statutory_test(quote, _assumptions(fx_rate=D(18)), TABLE, "zlfn", 2026)
    assert _close(test.loaded_low, "15321.9776")
    assert test.verdict == sustainability.Verdict.BELOW


def test_statutory_hours_step_down_erodes_hourly_rate():
    """USD 4 per productive hour at 18 MXN/USD, 85 % productive:

    2026: 72 MXN × 48 × 52/12 × 0.85 = 12,729.60 a month per agent: tight (10,948.89 …
    14,180.57). 2030: 72 × 40 × 52/12 × 0.85 = 10,608.00 < 10,948.89 (the 2026 minimum
    carried forward, 2027+ not published) → below. FTE uplift 48/40 = 1.2; cost per paid hour
    10,948.8870 ÷ 173.3333 = 63.1667.
    """
    quote = Quote(Basis.HOUR, "USD", D(4), D(1000))
    assumptions = _assumptions(fx_rate=D(18), horizon_years=5)
    first = sustainability.statutory_test(quote, assumptions, TABLE, "general", 2026)
    last = sustainability.statutory_test(quote, assumptions, TABLE, "general", 2030)
    assert _close(first.revenue_per_agent, "12729.60")
    assert first.verdict == sustainability.Verdict.TIGHT
    assert _close(last.revenue_per_agent, "10608.00")
    assert last.verdict == sustainability.Verdict.BELOW
    assert last.fte_uplift == D("1.2")
    assert last.minimum_wage.carried
    assert _close(last.cost_per_paid_hour_low, "63.1667")


def test_statutory_stated_salary_below_minimum_is_flagged_and_minimum_used():
    quote = Quote(Basis.FTE_MONTH, "USD", D(2000), D(1), agent_daily_salary_mxn=D(300))
    test = sustainability.statutory_test(quote, _assumptions(), TABLE, "general", 2026)
    assert test.below_minimum_wage
    assert test.daily_salary == D("315.04")


def test_statutory_stated_salary_grows_with_wage_inflation():
    """MXN 500 a day stated in 2026, 10 % wage inflation → 550 in 2027."""
    quote = Quote(Basis.FTE_MONTH, "USD", D(2000), D(1), agent_daily_salary_mxn=D(500))
    assumptions = _assumptions(wage_inflation_pct=D(10), horizon_years=2)
    tests = sustainability.statutory_tests(quote, assumptions, TABLE, "general")
    assert [t.year for t in tests] == [2026, 2027]
    assert tests[1].daily_salary == D("550.0")
    assert tests[1].salary_from == "quote"


def test_statutory_transaction_quote_not_applicable():
    quote = Quote(Basis.TRANSACTION, "USD", D(4), D(1000))
    test = sustainability.statutory_test(quote, _assumptions(), TABLE, "general", 2026)
    assert test.verdict == sustainability.Verdict.NOT_APPLICABLE


def test_table_lookup_carries_forward_and_keeps_ranges():
    found = TABLE.known(Code.MIN_WAGE_DAILY, 2028, "zlfn")
    assert found.rate.value == D("440.87")
    assert found.carried
    cesantia = TABLE.known(Code.IMSS_CESANTIA, 2030)
    assert cesantia.rate.bounds == (D("3.150"), D("11.875"))
    assert not cesantia.carried
    assert TABLE.weekly_hours(2025) == D(48)
    assert TABLE.weekly_hours(2035) == D(40)


def test_cost_scores_linear_from_cheapest_and_unknown_stays_unknown():
    """Cheapest 100 → 5; 150 is 50 % dearer → 5 × (1 − 0.5) = 2.5; 250 → 0 (capped);
    no pricing → unknown."""
    scores = cost_scores({"a": D(100), "b": D(150), "c": D(250), "d": None})
    assert scores == {"a": 5.0, "b": 2.5, "c": 0.0, "d": None}


def test_cost_scores_all_unknown():
    assert cost_scores({"a": None}) == {"a": None}


def test_efficient_frontier_drops_dominated_points():
    points = {"a": (100.0, 3.0), "b": (150.0, 4.0), "c": (160.0, 3.5), "d": (90.0, 2.0)}
    assert efficient_frontier(points) == ["d", "a", "b"]


def test_tco_prices_each_month_at_that_months_seats():
    """10 seats at go-live growing to 14 by month 2 (10, 12, 14, 14, …), 10 FTEs × USD 1,000
    quoted for go-live, CCaaS USD 100 a month for those seats, QA tools USD 50 flat, 2026
    (48 h, no uplift), one year.

    Labour: 1,000 × 10 × (1 + 1.2 + 1.4 × 10) = 162,000. Technology: 100 × 16.2 + 50 × 12
    = 2,220. Total USD 164,220 (a flat 10 seats: 120,000 + 1,800 = 121,800). Contacts 1,000
    a month at 50 % FCR: 1,000 × 16.2 × 0.5 = 8,100 resolved.
    """
    quote = Quote(
        Basis.FTE_MONTH,
        "USD",
        D(1000),
        D(10),
        ccaas_monthly=D(100),
        qa_analytics_monthly=D(50),
        contacts_per_month=D(1000),
        fcr_pct=D(50),
    )
    flat = tco.compute_tco(quote, _assumptions(seat_plan=tco.SeatPlan(10)), TABLE)
    growing = tco.compute_tco(quote, _assumptions(seat_plan=tco.SeatPlan(10, 14, 2)), TABLE)
    assert flat.base.total == D("121800.00")
    assert growing.base.total == D("164220.00")
    assert [m.seats for m in growing.months[:4]] == [10, 12, 14, 14]
    assert growing.months[1].labour == D(12000)
    assert growing.months[1].technology == D(170)
    assert growing.resolved_contacts == D(8100)
    assert growing.productive_hours == flat.productive_hours * D("16.2") / 12


def test_statutory_floor_headroom_and_the_tightest_year():
    """USD 4 per productive hour at 18 MXN/USD (the hours-reform case above): floor 10,948.8870
    MXN a month every year (2026 minimum carried). 2026 revenue 12,729.60: headroom
    (12,729.60 − 10,948.887) ÷ 10,948.887 = 16.26 %; 2030 revenue 10,608.00: −3.11 %, the
    tightest year. Per-transaction quotes have no headroom."""
    quote = Quote(Basis.HOUR, "USD", D(4), D(1000))
    assumptions = _assumptions(fx_rate=D(18), horizon_years=5)
    tests = sustainability.statutory_tests(quote, assumptions, TABLE, "general")

    assert _close(tests[0].floor, "10948.8870")
    assert _close(tests[0].headroom_pct, "16.2638", "0.001")
    tightest = sustainability.tightest_year(tests)
    assert tightest.year == 2030
    assert _close(tightest.headroom_pct, "-3.1134", "0.001")
    per_contact = Quote(Basis.TRANSACTION, "USD", D(4), D(1000))
    none = sustainability.statutory_tests(per_contact, assumptions, TABLE, "general")
    assert sustainability.tightest_year(none) is None
