"""Weight writes called directly: direct weights, defaults, judgements, AHP weights."""

from decimal import Decimal
from fractions import Fraction

import pytest

from scorecard.models import PairwiseJudgement, WeightingMethod
from scorecard.services.weights import (
    apply_ahp_weights,
    reset_weights,
    save_judgements,
    save_weights,
)
from tests.factories import CriterionFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def engagement(world):
    """Two criteria (60/40), one indicator each, copied into the engagement."""
    for code, weight in [("talent", 60), ("cost", 40)]:
        criterion = CriterionFactory(code=code, default_weight=weight)
        IndicatorFactory(criterion=criterion, code=f"{code}-0", default_weight=100)
    world.engagement.reset_weights_to_defaults()
    return world.engagement


def _weights(engagement) -> dict:
    return dict(engagement.criterion_weights.values_list("criterion__code", "weight"))


def test_save_weights_stores_both_levels_and_makes_the_method_direct(engagement):
    engagement.weighting_method = WeightingMethod.AHP
    engagement.save()

    save_weights(
        engagement=engagement,
        criteria={"talent": Decimal(70), "cost": Decimal(30)},
        indicators={"talent-0": Decimal(100), "cost-0": Decimal(100)},
    )

    engagement.refresh_from_db()
    assert _weights(engagement) == {"talent": Decimal(70), "cost": Decimal(30)}
    assert engagement.weighting_method == WeightingMethod.DIRECT


def test_save_weights_unchanged_criteria_keep_the_method(engagement):
    engagement.weighting_method = WeightingMethod.AHP
    engagement.save()

    save_weights(
        engagement=engagement,
        criteria={"talent": Decimal(60), "cost": Decimal(40)},
        indicators={"talent-0": Decimal(100)},
    )

    engagement.refresh_from_db()
    assert engagement.weighting_method == WeightingMethod.AHP


def test_reset_weights_restores_defaults_set_directly(engagement):
    apply_ahp_weights(
        engagement=engagement, percentages={"talent": Decimal(10), "cost": Decimal(90)}
    )

    reset_weights(engagement=engagement)

    engagement.refresh_from_db()
    assert _weights(engagement) == {"talent": Decimal(60), "cost": Decimal(40)}
    assert engagement.weighting_method == WeightingMethod.DIRECT


def test_save_judgements_replaces_the_stored_ones(engagement):
    save_judgements(engagement=engagement, judgements={("talent", "cost"): Fraction(5)})

    save_judgements(engagement=engagement, judgements={("talent", "cost"): Fraction(1, 3)})

    stored = PairwiseJudgement.objects.get(engagement=engagement)
    assert (stored.row.code, stored.column.code) == ("talent", "cost")
    assert stored.value == Decimal("0.333333")


def test_apply_ahp_weights_sets_criterion_weights_and_method(engagement):
    apply_ahp_weights(
        engagement=engagement, percentages={"talent": Decimal("83.33"), "cost": Decimal("16.67")}
    )

    engagement.refresh_from_db()
    assert _weights(engagement) == {"talent": Decimal("83.33"), "cost": Decimal("16.67")}
    assert engagement.weighting_method == WeightingMethod.AHP
