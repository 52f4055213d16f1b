"""The city comparison of a shortlist (:mod:`scorecard.selectors.cities`); the page is tested in
``tests/scorecard/views/test_results.py``."""

from __future__ import annotations

import datetime as dt

import pytest

from cities.models import CityFigure, ComplexityTier, Metric
from scorecard.selectors.cities import city_comparison, tier_fits
from tests.factories import CandidateFactory, CityFactory, SiteFactory

pytestmark = pytest.mark.django_db


def test_city_comparison_lists_shortlist_and_preferred_cities(world):
    delivering = CityFactory(name="Mérida", complexity_tier=ComplexityTier.HIGH)
    second = CityFactory(name="Puebla")
    preferred = CityFactory(name="León")
    primary = SiteFactory(city=delivering)
    candidate = CandidateFactory(
        engagement=world.engagement,
        primary_site=primary,
        sites=[SiteFactory(provider=primary.provider, city=second)],
    )
    world.engagement.preferred_cities.add(preferred)
    CityFactory(name="Elsewhere")

    comparison = city_comparison(world.engagement)

    # The candidates' cities first, then the preferred ones.
    assert [c.name for c in comparison.cities] == ["Mérida", "Puebla", "León"]
    assert comparison.candidates == {
        delivering.pk: [candidate.label],
        second.pk: [candidate.label],
    }
    # A high-tier city suits work of any tier: the first reason of its fit says so.
    assert comparison.fit[delivering.pk][0][0] is True


@pytest.mark.parametrize(
    ("city", "needed", "fits"),
    [
        (ComplexityTier.HIGH, ComplexityTier.LOW, True),
        (ComplexityTier.LOW, ComplexityTier.LOW, True),
        (ComplexityTier.LOW, ComplexityTier.HIGH, False),
    ],
)
def test_tier_fits_own_tier_and_below(city, needed, fits):
    assert tier_fits(city, needed) is fits


def test_city_comparison_folds_away_figures_no_city_has(world):
    city = CityFactory(name="Mérida")
    CityFigure.objects.create(
        city=city, metric=Metric.values[0], status="known", value=3, as_of=dt.date(2025, 1, 1)
    )
    CityFigure.objects.create(city=city, metric=Metric.values[1], status="unknown")
    CandidateFactory(engagement=world.engagement, primary_site=SiteFactory(city=city))

    comparison = city_comparison(world.engagement)

    assert [metric for metric, _label in comparison.metrics] == [Metric.values[0]]
    assert Metric.values[1] in [metric for metric, _label in comparison.empty_metrics]
    assert len(comparison.metrics) + len(comparison.empty_metrics) == len(Metric.values)
