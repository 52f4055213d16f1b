"""Read queries for candidate suggestions: the engagement's scope and every site not yet
shortlisted, as the plain dataclasses :mod:`scorecard.domain.suggestions` ranks."""

from __future__ import annotations

from django.db.models import Prefetch

from cities.models import tier_suits
from providers.models import Site
from scorecard.domain.suggestions import (
    SUGGESTION_LIMIT,
    Scope,
    SiteProfile,
    Suggestion,
    rank_suggestions,
)
from scorecard.models import Engagement


def scope_of(engagement: Engagement) -> Scope:
    """The engagement's scope as :class:`Scope` (three queries)."""
    return Scope(
        complexity_tier=engagement.complexity_tier,
        functions={f.code: f.name for f in engagement.functions.all()},
        languages={language.code: language.name for language in engagement.languages.all()},
        seats=engagement.peak_seats,
        preferred_city_ids=frozenset(engagement.preferred_cities.values_list("pk", flat=True)),
    )


def suggest_candidates(
    engagement: Engagement, *, limit: int | None = SUGGESTION_LIMIT
) -> list[Suggestion]:
    """Providers' sites that fit the engagement's scope, best first, excluding sites already
    shortlisted (as primary or additional site). A fixed number of queries."""
    shortlisted = Site.objects.filter(candidacies__engagement=engagement).values_list(
        "pk", flat=True
    )
    sites = (
        Site.objects.exclude(pk__in=shortlisted)
        .select_related("provider", "city")
        .prefetch_related(Prefetch("functions"), Prefetch("languages"))
    )
    profiles = [
        SiteProfile(
            site_id=site.pk,
            provider_id=site.provider_id,
            provider_name=site.provider.display_name,
            site_name=site.name,
            city_id=site.city_id,
            city_name=site.city.display_name,
            city_tier=site.city.complexity_tier,
            functions=frozenset(f.code for f in site.functions.all()),
            languages=frozenset(language.code for language in site.languages.all()),
            seats_available=site.seats_available,
        )
        for site in sites
    ]
    return rank_suggestions(scope_of(engagement), profiles, tier_suits=tier_suits, limit=limit)
