"""Candidate suggestions read from the database: the engagement's scope and the sites not yet
shortlisted, ranked by :mod:`scorecard.domain.suggestions`."""

import pytest

from scorecard.domain.suggestions import Scope
from scorecard.selectors.suggestions import scope_of, suggest_candidates
from tests.factories import (
    CandidateFactory,
    CityFactory,
    SiteFactory,
    fitting_site,
    scope_voice_in_english,
)

pytestmark = pytest.mark.django_db


def test_scope_of_reads_the_engagement_scope_as_codes(world):
    engagement = scope_voice_in_english(world.engagement)
    city = CityFactory()
    engagement.preferred_cities.add(city)

    scope = scope_of(engagement)

    assert scope == Scope(
        complexity_tier="high",
        functions={"voice": "voice"},
        languages={"en": "English"},
        seats=250,
        preferred_city_ids=frozenset({city.pk}),
    )


def test_suggest_candidates_ranks_fitting_sites_and_skips_shortlisted(world):
    engagement = scope_voice_in_english(world.engagement)
    good = fitting_site(city=CityFactory(name="Monterrey"))
    weak = SiteFactory(seats_available=50, city=CityFactory(complexity_tier="low"))
    shortlisted = fitting_site()
    CandidateFactory(engagement=engagement, primary_site=shortlisted)

    suggestions = suggest_candidates(engagement)

    assert [s.site.site_id for s in suggestions] == [good.pk, weak.pk]
    assert [r.text for r in suggestions[0].reasons] == [
        "Monterrey is a high-complexity city",
        "delivers voice",
        "works in English",
        "320 seats available ≥ 250 needed",
    ]
