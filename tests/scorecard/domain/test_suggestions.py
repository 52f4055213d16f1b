"""Candidate suggestions without a database: fit of a site to a scope, in words, and ranking."""

import pytest

from cities.models import ComplexityTier, tier_suits
from scorecard.domain.suggestions import (
    TIER_WORDS,
    Scope,
    SiteProfile,
    assess_site,
    rank_suggestions,
)

SCOPE = Scope(
    complexity_tier="high",
    functions={"voice": "voice", "back-office": "back office"},
    languages={"en": "English", "es": "Spanish"},
    seats=250,
)


def _site(site_id=1, **overrides) -> SiteProfile:
    values = {
        "site_id": site_id,
        "provider_id": 10,
        "provider_name": "Norte BPO",
        "site_name": f"Site {site_id}",
        "city_id": 100,
        "city_name": "Monterrey",
        "city_tier": "high",
        "functions": frozenset({"voice", "back-office"}),
        "languages": frozenset({"en", "es"}),
        "seats_available": 320,
    }
    return SiteProfile(**{**values, **overrides})


def test_assess_site_full_fit_scores_one_with_reasons_in_words():
    suggestion = assess_site(SCOPE, _site(), tier_suits=tier_suits)

    assert suggestion.score == 1.0
    assert suggestion.fits_all
    assert [r.text for r in suggestion.reasons] == [
        "Monterrey is a high-complexity city",
        "delivers voice & back office",
        "works in English & Spanish",
        "320 seats available ≥ 250 needed",
    ]


def test_assess_site_lower_tier_city_does_not_fit_higher_tier_scope():
    suggestion = assess_site(
        SCOPE, _site(city_name="Mérida", city_tier="medium"), tier_suits=tier_suits
    )

    assert suggestion.reasons[0].fits is False
    assert suggestion.reasons[0].text == (
        "Mérida is a medium-complexity city; the scope is high-complexity work"
    )
    assert suggestion.score == 0.75


def test_assess_site_higher_tier_city_fits_lower_tier_scope():
    scope = Scope(complexity_tier="low", functions={}, languages={}, seats=10)

    assert assess_site(scope, _site(), tier_suits=tier_suits).fits_all


def test_assess_site_missing_language_and_seats_get_partial_credit():
    site = _site(languages=frozenset({"es"}), seats_available=125)

    suggestion = assess_site(SCOPE, site, tier_suits=tier_suits)

    assert suggestion.score == pytest.approx((1 + 1 + 0.5 + 0.5) / 4)
    texts = {r.text: r.fits for r in suggestion.reasons}
    assert texts["does not work in English"] is False
    assert texts["only 125 seats available of 250 needed"] is False


def test_rank_suggestions_orders_by_fit_then_preferred_city_then_seats():
    scope = Scope(**{**SCOPE.__dict__, "preferred_city_ids": frozenset({200})})
    weak = _site(1, seats_available=100)
    big = _site(2, seats_available=900)
    preferred = _site(3, city_id=200, city_name="Querétaro", seats_available=300)

    ranked = rank_suggestions(scope, [weak, big, preferred], tier_suits=tier_suits)

    assert [s.site.site_id for s in ranked] == [3, 2, 1]
    assert ranked[0].reasons[-1].text == "Querétaro is a preferred city"


def test_rank_suggestions_excludes_shortlisted_and_zero_fit_sites():
    nothing = _site(
        2,
        city_tier="low",
        functions=frozenset(),
        languages=frozenset(),
        seats_available=0,
    )

    ranked = rank_suggestions(
        SCOPE, [_site(1), nothing, _site(3)], tier_suits=tier_suits, exclude_site_ids={1}
    )

    assert [s.site.site_id for s in ranked] == [3]


def test_rank_suggestions_respects_limit():
    ranked = rank_suggestions(
        SCOPE, [_site(i) for i in range(1, 8)], tier_suits=tier_suits, limit=3
    )

    assert len(ranked) == 3


def test_tier_words_name_every_complexity_tier():
    assert set(TIER_WORDS) == set(ComplexityTier.values)
