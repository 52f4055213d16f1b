"""Costs tab (:mod:`scorecard.views.costs`): access, validation, "no pricing", queries; and what
every tab shares (read and edit access, query counts, the tab bar). Compliance, risk register
and governance pages have their own modules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from scorecard.access import CONFIGURE, VIEW_RESULTS
from scorecard.models import (
    ComplianceCheck,
    CostAssumptions,
    Quote,
    Risk,
    Role,
)
from tests.factories import make_assumptions, make_candidate, make_quote

pytestmark = pytest.mark.django_db


def _url(name: str, world, **kwargs) -> str:
    return reverse(f"scorecard:{name}", kwargs={"pk": world.engagement.pk, **kwargs})


QUOTE_POST = {
    "basis": "fte_month",
    "currency": "USD",
    "price": "2100",
    "quantity": "10",
    "ramp_fee": "0",
    "training": "0",
    "overtime_share_pct": "0",
    "ccaas_monthly": "0",
    "qa_analytics_monthly": "0",
    "licences_monthly": "0",
    "continuity_monthly": "0",
    "governance_monthly": "0",
    "productive_share_pct": "85",
    "quote_weekly_hours": "48",
}
ASSUMPTIONS_POST = {
    "fx_rate": "18.25",
    "fx_date": "2026-11-20",
    "fx_shock_pct": "10",
    "wage_inflation_pct": "5",
    "horizon_years": "3",
    "cost_weight": "15",
}


def test_read_pages_open_to_every_member(world, priced, check_access):
    cheap = priced["cheap"]
    for url in (
        _url("costs", world),
        _url("candidate-costs", world, candidate_id=cheap.pk),
        _url("compliance", world),
        _url("governance", world),
    ):
        check_access(world, url, VIEW_RESULTS, ok=200)


def test_edit_pages_consultants_only(world, priced, check_access):
    cheap = priced["cheap"]
    risk = Risk.objects.create(engagement=world.engagement, title="R", likelihood=2, impact=3)
    for url in (
        _url("cost-assumptions", world),
        _url("quote-edit", world, candidate_id=cheap.pk),
        _url("compliance-check", world, candidate_id=cheap.pk, item="nom_035"),
        _url("risk-create", world),
        _url("risk-edit", world, risk_id=risk.pk),
        _url("governance-edit", world),
    ):
        check_access(world, url, CONFIGURE, ok=200)


def test_quote_saved_and_shown(client, world, priced):
    client.force_login(world.users[Role.CONSULTANT])
    unpriced = priced["unpriced"]
    response = client.post(_url("quote-edit", world, candidate_id=unpriced.pk), QUOTE_POST)
    assert response.status_code == 302
    assert Quote.objects.get(candidate=unpriced).price == Decimal(2100)


@pytest.mark.parametrize(
    ("field", "value"),
    [("price", "-1"), ("quantity", "0"), ("ramp_fee", "-100"), ("fcr_pct", "120")],
)
def test_quote_bad_input_field_error_nothing_saved(client, world, priced, field, value):
    client.force_login(world.users[Role.CONSULTANT])
    unpriced = priced["unpriced"]
    response = client.post(
        _url("quote-edit", world, candidate_id=unpriced.pk), QUOTE_POST | {field: value}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Quote.objects.filter(candidate=unpriced).exists()


def test_quote_of_candidate_in_another_engagement_is_404(client, world, priced):
    theirs = make_candidate(world.other, "Theirs")
    client.force_login(world.users[Role.CONSULTANT])
    assert client.get(_url("quote-edit", world, candidate_id=theirs.pk)).status_code == 404
    assert client.get(_url("candidate-costs", world, candidate_id=theirs.pk)).status_code == 404


def test_quote_remove_leaves_no_pricing(client, world, priced):
    client.force_login(world.users[Role.CONSULTANT])
    cheap = priced["cheap"]
    client.post(_url("quote-edit", world, candidate_id=cheap.pk), {"remove": "1"})
    assert not Quote.objects.filter(candidate=cheap).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("fx_rate", "0"), ("horizon_years", "6"), ("horizon_years", "11"), ("horizon_years", "0")],
)
def test_assumptions_bad_input_field_error_nothing_saved(client, world, priced, field, value):
    CostAssumptions.objects.all().delete()
    client.force_login(world.users[Role.CONSULTANT])
    response = client.post(_url("cost-assumptions", world), ASSUMPTIONS_POST | {field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not CostAssumptions.objects.exists()


def test_assumptions_saved(client, world, priced):
    client.force_login(world.users[Role.CONSULTANT])
    response = client.post(_url("cost-assumptions", world), ASSUMPTIONS_POST)
    assert response.status_code == 302
    assert CostAssumptions.objects.get(engagement=world.engagement).horizon_years == 3


def test_costs_page_no_pricing_never_zero(client, world, priced):
    client.force_login(world.users[Role.CLIENT_VIEWER])
    response = client.get(_url("costs", world))
    rows = {row.candidate.pk: row for row in response.context["overview"].rows}
    assert rows[priced["unpriced"].pk].tco is None
    assert rows[priced["cheap"].pk].tco.base.total > 0
    assert "no pricing" in response.content.decode()
    detail = client.get(_url("candidate-costs", world, candidate_id=priced["unpriced"].pk))
    assert "no pricing" in detail.content.decode()


def test_candidate_costs_shows_fx_date_and_legal_basis(client, world, priced):
    client.force_login(world.users[Role.ANALYST])
    response = client.get(_url("candidate-costs", world, candidate_id=priced["cheap"].pk))
    html = response.content.decode()
    assert "18.2500 MXN per USD on 2026-11-20" in html
    assert "Const. art. 123-A fr. IV, XI (DOF 3-Mar-2026)" in html
    assert "LFT art. 127 fr. VIII" in html
    assert [t.year for t in response.context["row"].tests] == [2027]


def test_costs_without_assumptions_say_so(client, world, priced):
    CostAssumptions.objects.all().delete()
    client.force_login(world.users[Role.CONSULTANT])
    response = client.get(_url("costs", world))
    assert "No cost assumptions yet" in response.content.decode()


@pytest.mark.parametrize("page", ["costs", "compliance"])
def test_query_count_does_not_grow_with_candidates(client, world, rates, count_queries, page):
    engagement = world.engagement
    make_assumptions(engagement)
    client.force_login(world.users[Role.CONSULTANT])
    url = _url(page, world)
    counts = []
    for n in (1, 3):
        while engagement.candidates.count() < n:
            candidate = make_candidate(engagement, f"P{engagement.candidates.count()}")
            make_quote(candidate)
            ComplianceCheck.objects.create(candidate=candidate, item="nom_035", status="met")
        count_queries(client, url)  # warm the results cache
        counts.append(count_queries(client, url)[1])
    assert counts[0] == counts[1], counts


def test_tabs_listed_for_every_role(client, world, priced):
    client.force_login(world.users[Role.CLIENT_VIEWER])
    html = client.get(_url("costs", world)).content.decode()
    for name in ("costs", "compliance", "governance"):
        assert f'href="{_url(name, world)}"' in html


def test_quote_clean_period(world, priced):
    """Dates on the quote are optional; the model stores what the form gives."""
    quote = make_quote(priced["unpriced"], quoted_on=dt.date(2026, 11, 10))
    assert quote.quoted_on == dt.date(2026, 11, 10)


@pytest.mark.parametrize("field", ["description", "mitigation"])
def test_risk_text_over_the_cap_is_a_field_error(client, world, priced, field):
    from scorecard.models.limits import LONG_TEXT_MAX_CHARS

    client.force_login(world.users[Role.CONSULTANT])
    data = {"title": "X", "likelihood": "3", "impact": "3", "status": "open"}
    response = client.post(_url("risk-create", world), {**data, field: "x" * LONG_TEXT_MAX_CHARS})
    assert response.status_code == 302
    long = {**data, "title": "Y", field: "x" * (LONG_TEXT_MAX_CHARS + 1)}
    response = client.post(_url("risk-create", world), long)
    assert field in response.context["form"].errors
    assert list(Risk.objects.values_list("title", flat=True)) == ["X"]


def test_costs_page_prices_the_seat_plan_and_shows_it(client, world, priced):
    """10 FTEs quoted for 10 seats at go-live, 20 seats by month 2 (10, 15, 20, …) in 2027
    (46 h: uplift 48/46): USD 2,000 × 10 × (1 + 1.5 + 2 × 10) × 48/46 = USD 469,565.22 for
    "Cheap" (flat: 240,000 × 48/46 = 250,434.78)."""
    engagement = world.engagement
    engagement.seats, engagement.target_seats, engagement.target_seats_month = 10, 20, 2
    engagement.save()
    client.force_login(world.users[Role.CLIENT_VIEWER])

    response = client.get(_url("costs", world))

    rows = {row.candidate.pk: row for row in response.context["overview"].rows}
    assert rows[priced["cheap"].pk].tco.base.total == Decimal("469565.22")
    html = response.content.decode()
    assert "10 seats at go-live, growing in a straight line to 20 by month 2" in html
    assert 'id="seat-plan-table"' in html
    assert "Month 2 (peak)" in html
    buildup = response.context["buildup_chart"]
    assert [row[0].split(" — ")[0] for row in buildup.rows] == ["Cheap", "Dear"]  # cheapest first
    assert buildup.rows[0][1] == 469565  # labour, USD
    assert f'data-chart="{buildup.data_id}"' in html


def test_costs_page_flat_plan_has_no_seat_table(client, world, priced):
    client.force_login(world.users[Role.CONSULTANT])
    html = client.get(_url("costs", world)).content.decode()
    assert "seats from go-live, not growing" in html
    assert 'id="seat-plan-table"' not in html
    assert html.count("/FTE-month; headroom") == 2  # both priced bids: floor and headroom
