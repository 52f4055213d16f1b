"""Engagement set-up logic with a clean test surface: candidate suggestions, Saaty's scale,
percentages that add up, gate outcomes.

The suggestion rules work on plain dataclasses (:class:`Scope`, :class:`SiteProfile`) so they
are tested without a database; :func:`suggest_candidates` is the thin ORM wrapper the view uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cities.models import ComplexityTier, tier_suits
from providers.models import Site
from scorecard.models import (
    Criterion,
    CriterionWeight,
    Engagement,
    GateDefinition,
    Indicator,
    IndicatorWeight,
    PairwiseJudgement,
    WeightingMethod,
)
from scorecard.ranking.measures import GateCheck

TIER_WORDS = {
    ComplexityTier.LOW: gettext_lazy("low-complexity"),
    ComplexityTier.MEDIUM: gettext_lazy("medium-complexity"),
    ComplexityTier.HIGH: gettext_lazy("high-complexity"),
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


def assess_site(scope: Scope, site: SiteProfile) -> Suggestion:
    """How well ``site`` fits ``scope``: four equally weighted tests (complexity tier,
    functions, languages, seats), partial credit for partly covered functions and languages
    and for seats short of the need. A preferred city adds a reason but no score: it breaks
    ties only (see :func:`rank_suggestions`)."""
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
    exclude_site_ids: Iterable[int] = (),
    limit: int | None = SUGGESTION_LIMIT,
) -> list[Suggestion]:
    """Sites ranked by fit: score, then preferred city, then seats available, then name.

    Sites in ``exclude_site_ids`` (already shortlisted) are left out. Sites that meet none of
    the scope (score 0) are never suggested.
    """
    excluded = frozenset(exclude_site_ids)
    suggestions = [assess_site(scope, site) for site in sites if site.site_id not in excluded]
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


def scope_of(engagement: Engagement) -> Scope:
    """The engagement's scope as :class:`Scope` (three queries)."""
    return Scope(
        complexity_tier=engagement.complexity_tier,
        functions={f.code: f.name for f in engagement.functions.all()},
        languages={language.code: language.name for language in engagement.languages.all()},
        seats=engagement.seats,
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
            provider_name=site.provider.trade_name,
            site_name=site.name,
            city_id=site.city_id,
            city_name=site.city.name,
            city_tier=site.city.complexity_tier,
            functions=frozenset(f.code for f in site.functions.all()),
            languages=frozenset(language.code for language in site.languages.all()),
            seats_available=site.seats_available,
        )
        for site in sites
    ]
    return rank_suggestions(scope_of(engagement), profiles, limit=limit)


# Saaty's fundamental scale (2–9) in words; 1 is "equally important".
SAATY_INTENSITY = {
    2: gettext_lazy("slightly more important than"),
    3: gettext_lazy("moderately more important than"),
    4: gettext_lazy("moderately to strongly more important than"),
    5: gettext_lazy("strongly more important than"),
    6: gettext_lazy("strongly to very strongly more important than"),
    7: gettext_lazy("very strongly more important than"),
    8: gettext_lazy("very to extremely strongly more important than"),
    9: gettext_lazy("extremely more important than"),
}
SAATY_VALUES: list[Fraction] = [Fraction(n) for n in range(9, 0, -1)] + [
    Fraction(1, n) for n in range(2, 10)
]


def saaty_key(value: Fraction) -> str:
    """The form value of a judgement: "5" or "1/5"."""
    return str(value.numerator) if value.denominator == 1 else f"1/{value.denominator}"


def describe_judgement(value: Fraction, row: str, column: str) -> str:
    """``value`` (row over column) in words, e.g. "Talent is strongly more important than
    Compliance"; below 1 the sentence turns round."""
    if value == 1:
        return _("%(a)s and %(b)s are equally important") % {"a": row, "b": column}
    if value > 1:
        return _("%(a)s is %(how)s %(b)s") % {
            "a": row,
            "how": SAATY_INTENSITY[int(value)],
            "b": column,
        }
    return _("%(a)s is %(how)s %(b)s") % {
        "a": column,
        "how": SAATY_INTENSITY[int(1 / value)],
        "b": row,
    }


def nearest_saaty(value: Decimal | float) -> Fraction:
    """The scale value closest to a stored judgement (stored with six decimals)."""
    return min(SAATY_VALUES, key=lambda v: abs(float(v) - float(value)))


def round_percentages(
    shares: Mapping[str, float], *, total: int = 100, places: int = 2
) -> dict[str, Decimal]:
    """Shares (any positive scale) as percentages rounded to ``places`` decimals that add up
    to exactly ``total``: largest-remainder rounding, ties to the first key."""
    whole = sum(shares.values())
    if whole <= 0:
        raise ValueError("shares must have a positive sum")
    unit = Decimal(1).scaleb(-places)
    exact = {
        key: Decimal(str(value)) / Decimal(str(whole)) * total for key, value in shares.items()
    }
    floored = {key: value.quantize(unit, rounding=ROUND_DOWN) for key, value in exact.items()}
    missing = int((Decimal(total) - sum(floored.values())) / unit)
    by_remainder = sorted(exact, key=lambda key: exact[key] - floored[key], reverse=True)
    for key in by_remainder[:missing]:
        floored[key] += unit
    return floored


def gate_outcome(gate: GateDefinition, check: GateCheck, threshold: int | None = None) -> str:
    """The engine's verdict on ``check`` for ``gate``: ``"passed"``, ``"failed"`` or
    ``"unverified"`` (no data), through the same adapter as the ranking
    (:func:`scorecard.ranking.evaluate.engine_gate`); ``threshold`` is the seats the scope
    needs, for the seats gate."""
    from scorecard.ranking.evaluate import engine_gate

    return engine_gate(gate, threshold).check({gate.fact: check.value})


# Writes: each one atomic, so a failed save leaves the engagement as it was.


@transaction.atomic
def save_weights(
    *, engagement: Engagement, criteria: dict[str, Decimal], indicators: dict[str, Decimal]
) -> None:
    """Store criterion and indicator weights (percentage points, keyed by code).

    Changing a criterion weight by hand makes the engagement's weighting method direct.
    """
    current = dict(engagement.criterion_weights.values_list("criterion__code", "weight"))
    by_code = {c.code: c for c in Criterion.objects.filter(code__in=criteria)}
    CriterionWeight.objects.bulk_create(
        [
            CriterionWeight(engagement=engagement, criterion=by_code[code], weight=weight)
            for code, weight in criteria.items()
        ],
        update_conflicts=True,
        unique_fields=["engagement", "criterion"],
        update_fields=["weight"],
    )
    indicator_by_code = {i.code: i for i in Indicator.objects.filter(code__in=indicators)}
    IndicatorWeight.objects.bulk_create(
        [
            IndicatorWeight(engagement=engagement, indicator=indicator_by_code[code], weight=weight)
            for code, weight in indicators.items()
        ],
        update_conflicts=True,
        unique_fields=["engagement", "indicator"],
        update_fields=["weight"],
    )
    changed = any(current.get(code) != weight for code, weight in criteria.items())
    if changed and engagement.weighting_method != WeightingMethod.DIRECT:
        engagement.weighting_method = WeightingMethod.DIRECT
        engagement.save(update_fields=["weighting_method", "updated_at"])


@transaction.atomic
def reset_weights(*, engagement: Engagement) -> None:
    """Back to the catalogue's default weights, set directly."""
    engagement.reset_weights_to_defaults()
    engagement.weighting_method = WeightingMethod.DIRECT
    engagement.save(update_fields=["weighting_method", "updated_at"])


@transaction.atomic
def save_judgements(
    *, engagement: Engagement, judgements: Mapping[tuple[str, str], Fraction]
) -> None:
    """Replace the engagement's pairwise judgements (upper triangle, keyed by criterion codes)."""
    by_code = {c.code: c for c in Criterion.objects.all()}
    engagement.pairwise_judgements.all().delete()
    PairwiseJudgement.objects.bulk_create(
        PairwiseJudgement(
            engagement=engagement,
            row=by_code[row],
            column=by_code[column],
            value=Decimal(value.numerator) / Decimal(value.denominator),
        )
        for (row, column), value in judgements.items()
    )


@transaction.atomic
def apply_ahp_weights(*, engagement: Engagement, percentages: Mapping[str, Decimal]) -> None:
    """Make ``percentages`` (by criterion code, adding up to 100) the criterion weights and
    record that they come from pairwise comparisons."""
    by_code = {c.code: c for c in Criterion.objects.filter(code__in=percentages)}
    CriterionWeight.objects.bulk_create(
        [
            CriterionWeight(engagement=engagement, criterion=by_code[code], weight=weight)
            for code, weight in percentages.items()
        ],
        update_conflicts=True,
        unique_fields=["engagement", "criterion"],
        update_fields=["weight"],
    )
    engagement.weighting_method = WeightingMethod.AHP
    engagement.save(update_fields=["weighting_method", "updated_at"])


def pairwise_matrix(codes: list[str], judgements: Mapping[tuple[str, str], Fraction]):
    """The full reciprocal matrix (a pandas DataFrame labelled by ``codes``) from the upper
    triangle; a missing judgement counts as 1 (equal importance)."""
    import pandas as pd

    size = len(codes)
    rows = [[1.0] * size for _ in range(size)]
    for i, row in enumerate(codes):
        for j in range(i + 1, size):
            value = float(judgements.get((row, codes[j]), 1))
            rows[i][j] = value
            rows[j][i] = 1 / value
    return pd.DataFrame(rows, index=codes, columns=codes)


def derive_ahp_weights(codes: list[str], judgements: Mapping[tuple[str, str], Fraction]):
    """The engine's :class:`AhpResult` for the judgements (``None`` under two criteria)."""
    if len(codes) < 2:
        return None
    from scorecard.engine import ahp_weights

    return ahp_weights(pairwise_matrix(codes, judgements))
