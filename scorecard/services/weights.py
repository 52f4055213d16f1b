"""Weight writes: direct weights, the catalogue's defaults, pairwise judgements and the AHP
weights derived from them. Each one atomic, so a failed save leaves the engagement as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from django.db import transaction

from scorecard.models import (
    Criterion,
    CriterionWeight,
    Engagement,
    Indicator,
    IndicatorWeight,
    PairwiseJudgement,
    WeightingMethod,
)


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
