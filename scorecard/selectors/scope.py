"""What counts in an engagement: indicators and criteria in scope (weight above 0)."""

from __future__ import annotations

from django.db.models import QuerySet

from scorecard.models import (
    Criterion,
    CriterionWeight,
    Engagement,
    Indicator,
    IndicatorWeight,
)


def indicators_in_scope(engagement: Engagement) -> QuerySet[Indicator]:
    """Catalogue indicators that count in ``engagement``.

    An indicator is out of scope when the engagement weights it 0, or weights its criterion
    0. An indicator without a weight row (added to the catalogue after the engagement was
    created) is in scope: it keeps its catalogue default until someone says otherwise.
    """
    return Indicator.objects.exclude(
        pk__in=IndicatorWeight.objects.filter(engagement=engagement, weight=0).values(
            "indicator_id"
        )
    ).exclude(
        criterion__in=CriterionWeight.objects.filter(engagement=engagement, weight=0).values(
            "criterion_id"
        )
    )


def criteria_in_scope(engagement: Engagement) -> QuerySet[Criterion]:
    """Criteria with at least one indicator in scope, in catalogue order (one query)."""
    return Criterion.objects.filter(
        pk__in=indicators_in_scope(engagement).values("criterion_id")
    ).order_by("order", "code")
