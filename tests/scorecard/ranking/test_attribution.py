"""The diff between two decisions attributes each candidate's score change to the input that
changed, one group of inputs at a time."""

from __future__ import annotations

from decimal import Decimal

import pytest

from providers.models import Provider
from scorecard.models import CriterionWeight, Role, Score
from scorecard.ranking.attribution import attribute_changes
from scorecard.services.decisions import publish_decision

pytestmark = pytest.mark.usefixtures("gates_verified")


def publish(world, label):
    return publish_decision(
        engagement=world.engagement, label=label, published_by=world.users[Role.CONSULTANT]
    )


@pytest.fixture
def before(world, ranked):
    return publish(world, "Before")


def test_attribute_changes_weight_change_is_attributed_to_weights(world, ranked, before):
    CriterionWeight.objects.filter(engagement=world.engagement, criterion__code="service").update(
        weight=Decimal(20)
    )
    after = publish(world, "After")

    groups, moves = attribute_changes(before.inputs, after.inputs, method=before.method)

    assert groups == ["weights"]
    charlie = next(m for m in moves if m.id == ranked["c"].pk)
    assert charlie.steps["weights"][0] == pytest.approx(charlie.new_score - charlie.old_score)
    assert charlie.steps["weights"][0] != 0


def test_attribute_changes_score_change_is_attributed_to_scores_of_that_candidate(
    world, ranked, before
):
    score = Score.objects.get(
        assessment__candidate=ranked["a"],
        indicator__code="t1",
        assessment__assessor=ranked["other"],
    )
    score.value = Decimal(1)
    score.save()
    after = publish(world, "After")

    groups, moves = attribute_changes(before.inputs, after.inputs, method=before.method)

    assert groups == ["scores"]
    by_id = {m.id: m for m in moves}
    alpha, charlie = by_id[ranked["a"].pk], by_id[ranked["c"].pk]
    assert alpha.steps["scores"][0] < 0
    assert alpha.steps["scores"][0] == pytest.approx(alpha.new_score - alpha.old_score)
    assert charlie.steps["scores"][0] == 0


def test_attribute_changes_steps_add_up_when_two_groups_change(world, ranked, before):
    CriterionWeight.objects.filter(engagement=world.engagement, criterion__code="service").update(
        weight=Decimal(20)
    )
    score = Score.objects.get(
        assessment__candidate=ranked["c"],
        indicator__code="s1",
        assessment__assessor=ranked["analyst"],
    )
    score.value = Decimal(5)
    score.save()
    after = publish(world, "After")

    groups, moves = attribute_changes(before.inputs, after.inputs, method=before.method)

    assert groups == ["weights", "scores"]
    for move in moves:
        if move.new_score is not None and move.old_score is not None:
            total = sum(delta for delta, _ in move.steps.values())
            assert total == pytest.approx(move.new_score - move.old_score)


def test_attribute_changes_reference_figure_change_is_attributed_to_figures(world, ranked, before):
    Provider.objects.filter(pk=ranked["c"].provider.pk).update(attrition_pct=20)
    after = publish(world, "After")

    groups, moves = attribute_changes(before.inputs, after.inputs, method=before.method)

    assert groups == ["figures"]
    charlie = next(m for m in moves if m.id == ranked["c"].pk)
    assert charlie.steps["figures"][0] > 0
