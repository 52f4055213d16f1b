"""Weights tab: direct weights with totals enforced, reset, AHP from pairwise judgements."""

from decimal import Decimal

import pytest
from django.urls import reverse

from scorecard.models import (
    CriterionWeight,
    IndicatorWeight,
    PairwiseJudgement,
    Role,
    WeightingMethod,
)
from tests.factories import CriterionFactory, IndicatorFactory
from tests.scorecard.conftest import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(world):
    """Three criteria (40/30/30), each with two indicators (50/50), copied into the engagement."""
    criteria = [
        CriterionFactory(code=code, name=name, default_weight=weight, order=order)
        for order, (code, name, weight) in enumerate(
            [("talent", "Talent", 40), ("compliance", "Compliance", 30), ("cost", "Cost", 30)]
        )
    ]
    for criterion in criteria:
        for n in range(2):
            IndicatorFactory(
                criterion=criterion, code=f"{criterion.code}-{n}", default_weight=50, order=n
            )
    world.engagement.reset_weights_to_defaults()
    return criteria


def _url(name, world):
    return reverse(f"scorecard:{name}", args=[world.engagement.pk])


def _post_data(criteria=(40, 30, 30), indicators=None):
    codes = ["talent", "compliance", "cost"]
    data = {f"criterion-{code}": w for code, w in zip(codes, criteria, strict=True)}
    for code in codes:
        for n, weight in enumerate((indicators or {}).get(code, (50, 50))):
            data[f"indicator-{code}-{n}"] = weight
    return data


def _criterion_weights(world):
    return dict(
        CriterionWeight.objects.filter(engagement=world.engagement).values_list(
            "criterion__code", "weight"
        )
    )


@pytest.mark.parametrize("name", ["weights", "weights-ahp"])
def test_weights_pages_visible_to_all_members(world, check_access, catalogue, name):
    check_access(world, _url(name, world), allowed=ROLES, ok=200)


def test_weights_post_is_consultant_only(world, check_access, catalogue):
    check_access(
        world, _url("weights", world), allowed={Role.CONSULTANT}, method="post", data=_post_data()
    )


def test_weights_ahp_post_is_consultant_only(world, check_access, catalogue):
    check_access(world, _url("weights-ahp", world), allowed={Role.CONSULTANT}, method="post")


def test_weights_read_only_for_analyst(client, world, catalogue):
    client.force_login(world.users[Role.ANALYST])

    response = client.get(_url("weights", world))

    assert all(field.disabled for field in response.context["form"].fields.values())
    assert "Save weights" not in response.content.decode()


def test_weights_page_loads_script_without_inline_js(client, world, catalogue):
    client.force_login(world.users[Role.CONSULTANT])

    text = client.get(_url("weights", world)).content.decode()

    assert 'src="/static/js/weights.js"' in text
    assert "<script>" not in text
    assert "Criterion weights from: Direct weights" in text


def test_weights_save_valid(client, world, catalogue):
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(
        _url("weights", world), _post_data((50, 25, 25), {"cost": ("70.5", "29.5")})
    )

    assert response.status_code == 302
    assert _criterion_weights(world) == {"talent": 50, "compliance": 25, "cost": 25}
    assert IndicatorWeight.objects.get(
        engagement=world.engagement, indicator__code="cost-0"
    ).weight == Decimal("70.50")


def test_weights_criteria_not_adding_to_100_refused_and_nothing_written(client, world, catalogue):
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(_url("weights", world), _post_data((50, 30, 30)))

    assert response.status_code == 200
    assert response.context["form"].criteria_error == (
        "Criterion weights add up to 110%; they must add up to 100%."
    )
    assert _criterion_weights(world) == {"talent": 40, "compliance": 30, "cost": 30}
    page = response.content.decode()
    # Said once, beside the total; the alert at the top only says where to look.
    assert page.count("Criterion weights add up to 110%") == 1
    assert "1 total does not add up to 100%, marked below." in page


def test_weights_within_tolerance_accepted(client, world, catalogue):
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(_url("weights", world), _post_data(("33.33", "33.33", "33.33")))

    assert response.status_code == 302


def test_weights_indicators_not_adding_to_100_refused_with_error_by_criterion(
    client, world, catalogue
):
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(_url("weights", world), _post_data(indicators={"cost": (50, 40)}))

    form = response.context["form"]
    assert form.group_errors == {
        "cost": "Cost: indicator weights add up to 90%; they must add up to 100%."
    }
    assert "Cost: indicator weights add up to 90%" in response.content.decode()
    assert IndicatorWeight.objects.get(
        engagement=world.engagement, indicator__code="cost-1"
    ).weight == Decimal(50)


def test_weights_negative_refused_next_to_the_field(client, world, catalogue):
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(_url("weights", world), _post_data((110, -10, 0)))

    assert response.context["form"].errors["criterion-compliance"] == [
        "A weight cannot be negative."
    ]
    assert _criterion_weights(world) == {"talent": 40, "compliance": 30, "cost": 30}


def test_weights_all_zero_refused(client, world, catalogue):
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(_url("weights", world), _post_data((0, 0, 0)))

    assert response.status_code == 200
    assert response.context["form"].criteria_error


def test_weights_reset_to_defaults_and_direct(client, world, catalogue):
    CriterionWeight.objects.filter(engagement=world.engagement).update(weight=10)
    world.engagement.weighting_method = WeightingMethod.AHP
    world.engagement.save()
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(_url("weights", world), {"reset": "1"})

    assert response.status_code == 302
    assert _criterion_weights(world) == {"talent": 40, "compliance": 30, "cost": 30}
    world.engagement.refresh_from_db()
    assert world.engagement.weighting_method == WeightingMethod.DIRECT


def test_weights_editing_criteria_after_ahp_makes_method_direct(client, world, catalogue):
    world.engagement.weighting_method = WeightingMethod.AHP
    world.engagement.save()
    client.force_login(world.users[Role.CONSULTANT])

    client.post(_url("weights", world), _post_data((50, 25, 25)))

    world.engagement.refresh_from_db()
    assert world.engagement.weighting_method == WeightingMethod.DIRECT


def _judgements(ab, ac, bc):
    return {
        "pair-talent-compliance": ab,
        "pair-talent-cost": ac,
        "pair-compliance-cost": bc,
    }


def test_weights_ahp_consistent_judgements_applied(client, world, catalogue):
    client.force_login(world.users[Role.CONSULTANT])

    # Talent 2× compliance, 4× cost; compliance 2× cost: perfectly consistent (4:2:1).
    response = client.post(_url("weights-ahp", world), _judgements("2", "4", "2"))

    assert response.status_code == 302
    weights = _criterion_weights(world)
    assert weights == {
        "talent": Decimal("57.14"),
        "compliance": Decimal("28.57"),
        "cost": Decimal("14.29"),
    }
    assert sum(weights.values()) == Decimal(100)
    world.engagement.refresh_from_db()
    assert world.engagement.weighting_method == WeightingMethod.AHP
    assert PairwiseJudgement.objects.get(
        engagement=world.engagement, row__code="talent", column__code="cost"
    ).value == Decimal(4)


def test_weights_ahp_inconsistent_flagged_and_not_applied(client, world, catalogue):
    client.force_login(world.users[Role.CONSULTANT])

    # Talent ≫ compliance ≫ cost, yet cost ≫ talent: a cycle.
    response = client.post(_url("weights-ahp", world), _judgements("9", "1/9", "9"))

    assert response.status_code == 200
    assert response.context["result"].cr > 0.10
    assert response.context["inconsistent_pair"] is not None
    text = response.content.decode()
    assert "the judgements are inconsistent" in text
    assert "The most inconsistent judgement is" in text
    assert _criterion_weights(world) == {"talent": 40, "compliance": 30, "cost": 30}
    assert PairwiseJudgement.objects.filter(engagement=world.engagement).count() == 3


def test_weights_ahp_inconsistent_applied_when_confirmed(client, world, catalogue):
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(
        _url("weights-ahp", world), {**_judgements("9", "1/9", "9"), "apply_anyway": "on"}
    )

    assert response.status_code == 302
    assert sum(_criterion_weights(world).values()) == Decimal(100)
    world.engagement.refresh_from_db()
    assert world.engagement.weighting_method == WeightingMethod.AHP


@pytest.mark.parametrize("bad", ["0", "-3", "abc", "1/0", "12"])
def test_weights_ahp_bad_entry_refused_next_to_the_field(client, world, catalogue, bad):
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(_url("weights-ahp", world), _judgements("2", bad, "2"))

    assert response.status_code == 200
    assert "pair-talent-cost" in response.context["form"].errors
    assert not PairwiseJudgement.objects.exists()
    assert _criterion_weights(world) == {"talent": 40, "compliance": 30, "cost": 30}


def test_weights_ahp_non_positive_message_says_so(client, world, catalogue):
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(_url("weights-ahp", world), _judgements("2", "0", "2"))

    assert response.context["form"].errors["pair-talent-cost"] == [
        "A judgement must be a positive number (1/9 to 9); 0 is not."
    ]


def test_weights_ahp_page_shows_saved_judgements_in_words(client, world, catalogue):
    client.force_login(world.users[Role.CONSULTANT])
    client.post(_url("weights-ahp", world), _judgements("1/5", "4", "2"))

    response = client.get(_url("weights-ahp", world))

    assert response.context["form"]["pair-talent-compliance"].value() == "1/5"
    assert "Compliance is strongly more important than Talent" in response.content.decode()
    assert response.context["result"] is not None
