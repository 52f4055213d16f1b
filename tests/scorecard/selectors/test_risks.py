"""Red-flag facts and the risk overview read from the ORM (:mod:`scorecard.selectors.risks`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cities.models import Metric
from scorecard.selectors import costs, risks
from tests.factories import (
    CityFigureFactory,
    make_candidate,
)

pytestmark = pytest.mark.django_db


def test_flag_facts_read_provider_sites_and_city(world, rates):
    candidate = make_candidate(world.engagement, "Flags", cities=1)
    city = candidate.primary_site.city
    CityFigureFactory(city=city, metric=Metric.METRO_POPULATION, as_of=dt.date(2020, 3, 15))
    CityFigureFactory(
        city=city, metric=Metric.ENGLISH_LEVEL, value=Decimal(3), as_of=dt.date(2020, 1, 1)
    )
    fetched = costs.candidates_for_costs(world.engagement).get(pk=candidate.pk)
    facts = risks.flag_facts(fetched, world.engagement, dt.date(2026, 12, 1))
    states = {f.metric: f.state for f in facts.city_figures}
    assert states == {
        Metric.METRO_POPULATION.label: "ok",  # census cycle: not stale until 2031
        Metric.ENGLISH_LEVEL.label: "stale",
        Metric.UNSAFE_PERCEPTION.label: "missing",
    }
    overview = risks.risk_overview(world.engagement)
    codes = {f.code for f in overview.rows[0].flags}
    assert {"single_city", "no_security_certification", "city_figure_stale"} <= codes
    assert "city_figure_missing" in codes


def test_flags_thresholds_come_from_settings(world, rates, settings):
    settings.ATTRITION_FLAG_PCT = 25  # the factory provider's attrition is 30 %
    make_candidate(world.engagement, "Churny")
    overview = risks.risk_overview(world.engagement)
    assert "attrition_high" in {f.code for f in overview.rows[0].flags}
