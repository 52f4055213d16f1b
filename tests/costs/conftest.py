"""Fixtures for cost, compliance, risk and governance tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from scorecard.models import CostAssumptions, Quote
from tests.factories import CandidateFactory, CityFactory, ProviderFactory, SiteFactory
from tests.scorecard.conftest import World, check_access, world  # noqa: F401  (fixtures)


@pytest.fixture
def rates(db):
    """The shipped statutory rates (and the sources they cite)."""
    call_command("loaddata", "sources", "statutory_rates", verbosity=0)


def make_candidate(engagement, name: str, *, zone: str = "general", cities: int = 2):
    provider = ProviderFactory(trade_name=name)
    primary = SiteFactory(provider=provider, city=CityFactory(wage_zone=zone), seats_available=300)
    others = [SiteFactory(provider=provider) for _ in range(cities - 1)]
    return CandidateFactory(engagement=engagement, primary_site=primary, sites=others)


def make_quote(candidate, price: str = "2000", **kwargs) -> Quote:
    values = {
        "basis": "fte_month",
        "currency": "USD",
        "price": Decimal(price),
        "quantity": Decimal(10),
    }
    return Quote.objects.create(candidate=candidate, **(values | kwargs))


def make_assumptions(engagement, **kwargs) -> CostAssumptions:
    values = {
        "fx_rate": Decimal("18.25"),
        "fx_date": dt.date(2026, 11, 20),
        "horizon_years": 1,
        "start": dt.date(2027, 1, 1),
    }
    return CostAssumptions.objects.create(engagement=engagement, **(values | kwargs))


@pytest.fixture
def priced(world, rates):  # noqa: F811  (world is the imported fixture)
    """``world.engagement`` with cost assumptions and three candidates: two priced (USD 2,000
    and 3,000 per FTE-month, 10 FTEs, 2027) and one without pricing."""
    engagement = world.engagement
    make_assumptions(engagement)
    cheap = make_candidate(engagement, "Cheap")
    dear = make_candidate(engagement, "Dear")
    unpriced = make_candidate(engagement, "Unpriced")
    make_quote(cheap, "2000")
    make_quote(dear, "3000")
    return {"cheap": cheap, "dear": dear, "unpriced": unpriced}
