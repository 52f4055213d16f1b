"""Which providers' sites fit an engagement's scope, and why, in words.

Pure rules on plain dataclasses (:class:`Scope`, :class:`SiteProfile`): no ORM import, so they
are tested without a database. :mod:`scorecard.selectors.suggestions` builds the dataclasses
from rows and passes the tier rule (:func:`cities.models.tier_suits`) as ``tier_suits``, so the
rule keeps one owner.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Complexity tiers in words, keyed by the codes of ``cities.models.ComplexityTier`` (a test
# checks the two agree).
TIER_WORDS = {
    "low": gettext_lazy("low-complexity"),
    "medium": gettext_lazy("medium-complexity"),
    "high": gettext_lazy("high-complexity"),
}

# Suggestions shown on the candidates page.
SUGGESTION_LIMIT = 10


@dataclass(frozen=True)
class Scope:
    """What the engagement needs, in the terms a site is compared on.

    ``functions`` and ``languages`` map codes to display names; ``seats`` are workstations.
    """

    complexity_tier: str
    functions: Mapping[str, str]
    languages: Mapping[str, str]
    seats: int
    preferred_city_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class SiteProfile:
    """A provider's site as the suggestion rules see it (codes, not rows)."""

    site_id: int
    provider_id: int
    provider_name: str
    site_name: str
    city_id: int
    city_name: str
    city_tier: str
    functions: frozenset[str]
    languages: frozenset[str]
    seats_available: int


@dataclass(frozen=True)
class Reason:
    """One reason a site fits (``fits`` true) or does not fit the scope, in words."""

    fits: bool
    text: str


@dataclass(frozen=True)
class Suggestion:
    """A site ranked by ``score`` (0–1: the share of the scope it meets), with reasons."""

    site: SiteProfile
    score: float
    reasons: list[Reason] = field(default_factory=list)

    @property
    def fits_all(self) -> bool:
        return all(reason.fits for reason in self.reasons)


def _names(codes: Iterable[str], names: Mapping[str, str]) -> str:
    return " & ".join(names[code] for code in sorted(codes, key=list(names).index))


def _coverage_reason(
    wanted: Mapping[str, str], offered: frozenset[str], *, delivers: str, missing: str
) -> tuple[float, Reason | None]:
    """Share of ``wanted`` codes the site offers, and a reason naming them."""
    if not wanted:
        return 1.0, None
    have = [code for code in wanted if code in offered]
    lack = [code for code in wanted if code not in offered]
    share = len(have) / len(wanted)
    if not lack:
        return share, Reason(True, delivers % {"items": _names(have, wanted)})
    return share, Reason(False, missing % {"items": _names(lack, wanted)})


# Does a city of the first tier suit work of the second? (cities.models.tier_suits)
TierRule = Callable[[str, str], bool]


def assess_site(scope: Scope, site: SiteProfile, *, tier_suits: TierRule) -> Suggestion:
    """How well ``site`` fits ``scope``: four equally weighted tests (complexity tier,
    functions, languages, seats), partial credit for partly covered functions and languages
    and for seats short of the need. A preferred city adds a reason but no score: it breaks
    ties only (see :func:`rank_suggestions`).

    ``tier_suits`` is the tier rule: whether a city's tier suits the scope's."""
    reasons: list[Reason] = []
    parts: list[float] = []

    tier_label = TIER_WORDS.get(site.city_tier, site.city_tier)
    tier_ok = tier_suits(site.city_tier, scope.complexity_tier)
    parts.append(1.0 if tier_ok else 0.0)
    if tier_ok:
        text = _("%(city)s is a %(tier)s city") % {"city": site.city_name, "tier": tier_label}
    else:
        text = _("%(city)s is a %(tier)s city; the scope is %(scope)s work") % {
            "city": site.city_name,
            "tier": tier_label,
            "scope": TIER_WORDS.get(scope.complexity_tier, scope.complexity_tier),
        }
    reasons.append(Reason(tier_ok, text))

    share, reason = _coverage_reason(
        scope.functions,
        site.functions,
        delivers=_("delivers %(items)s"),
        missing=_("does not deliver %(items)s"),
    )
    parts.append(share)
    if reason:
        reasons.append(reason)

    share, reason = _coverage_reason(
        scope.languages,
        site.languages,
        delivers=_("works in %(items)s"),
        missing=_("does not work in %(items)s"),
    )
    parts.append(share)
    if reason:
        reasons.append(reason)

    seats_ok = site.seats_available >= scope.seats
    parts.append(1.0 if seats_ok else site.seats_available / scope.seats if scope.seats else 1.0)
    values = {"available": site.seats_available, "needed": scope.seats}
    if seats_ok:
        text = _("%(available)s seats available ≥ %(needed)s needed") % values
    else:
        text = _("only %(available)s seats available of %(needed)s needed") % values
    reasons.append(Reason(seats_ok, text))

    if site.city_id in scope.preferred_city_ids:
        reasons.append(Reason(True, _("%(city)s is a preferred city") % {"city": site.city_name}))
    return Suggestion(site=site, score=sum(parts) / len(parts), reasons=reasons)


def rank_suggestions(
    scope: Scope,
    sites: Iterable[SiteProfile],
    *,
    tier_suits: TierRule,
    exclude_site_ids: Iterable[int] = (),
    limit: int | None = SUGGESTION_LIMIT,
) -> list[Suggestion]:
    """Sites ranked by fit: score, then preferred city, then seats available, then name
    (``tier_suits`` as in :func:`assess_site`).

    Sites in ``exclude_site_ids`` (already shortlisted) are left out. Sites that meet none of
    the scope (score 0) are never suggested.
    """
    excluded = frozenset(exclude_site_ids)
    suggestions = [
        assess_site(scope, site, tier_suits=tier_suits)
        for site in sites
        if site.site_id not in excluded
    ]
    suggestions = [s for s in suggestions if s.score > 0]
    suggestions.sort(
        key=lambda s: (
            -s.score,
            s.site.city_id not in scope.preferred_city_ids,
            -s.site.seats_available,
            s.site.provider_name,
            s.site.site_name,
        )
    )
    return suggestions if limit is None else suggestions[:limit]
