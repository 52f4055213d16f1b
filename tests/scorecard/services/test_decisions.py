"""Publishing decisions: immutable rows, consecutive numbers, frozen inputs that re-rank
identically whatever changes later, bad input refused with nothing written."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction

from providers.models import Provider
from scorecard.domain.decisions import fingerprint
from scorecard.models import (
    CriterionWeight,
    Decision,
    Engagement,
    ImmutableDecision,
    Report,
    Role,
    Score,
)
from scorecard.ranking.snapshot import rank_snapshot, snapshot_results
from scorecard.services.decisions import DecisionError, publish_decision

pytestmark = pytest.mark.usefixtures("gates_verified")


def publish(world, label="Board pack"):
    return publish_decision(
        engagement=world.engagement, label=label, published_by=world.users[Role.CONSULTANT]
    )


def test_publish_decision_first_one_is_number_1_with_fingerprint_of_inputs(world, ranked):
    decision = publish(world)

    assert decision.number == 1
    assert decision.fingerprint == fingerprint(decision.inputs)
    statuses = {c["id"]: (c["status"], c["rank"]) for c in decision.results["candidates"]}
    assert statuses == {
        ranked["a"].pk: ("ranked", 1),
        ranked["c"].pk: ("ranked", 2),
        ranked["b"].pk: ("disqualified", None),
    }


def test_publish_decision_numbers_are_consecutive_per_engagement(world, ranked):
    numbers = [publish(world, f"v{i}").number for i in range(3)]
    other = publish_decision(engagement=world.other, label="Theirs", published_by=None)

    assert numbers == [1, 2, 3]
    assert other.number == 1


def test_decision_save_update_or_delete_is_refused(world, ranked):
    decision = publish(world)
    decision.label = "Edited"

    with pytest.raises(ImmutableDecision):
        decision.save()
    with pytest.raises(ImmutableDecision):
        Decision.objects.filter(pk=decision.pk).update(label="Edited")
    with pytest.raises(ImmutableDecision):
        decision.delete()
    with pytest.raises(ImmutableDecision):
        Decision.objects.all().delete()
    assert Decision.objects.get(pk=decision.pk).label == "Board pack"


def test_decision_duplicate_number_is_refused_by_the_database(world, ranked):
    decision = publish(world)

    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            engagement=world.engagement,
            number=decision.number,
            label="Copy",
            as_of=decision.as_of,
            method=decision.method,
            inputs=decision.inputs,
            results=decision.results,
            fingerprint=decision.fingerprint,
        )


@pytest.mark.parametrize("label", ["", "   ", "x" * 201])
def test_publish_decision_bad_label_writes_nothing(world, ranked, label):
    with pytest.raises(DecisionError):
        publish(world, label)

    assert Decision.objects.count() == 0


def test_decision_reranks_identically_after_score_weight_figure_and_date_change(world, ranked):
    decision = publish(world)
    stored = Decision.objects.get(pk=decision.pk)

    score = Score.objects.filter(assessment__candidate=ranked["a"], value__isnull=False).first()
    score.value = Decimal(0)
    score.save()
    CriterionWeight.objects.filter(engagement=world.engagement, criterion__code="service").update(
        weight=Decimal(10)
    )
    Provider.objects.filter(pk=ranked["c"].provider.pk).update(attrition_pct=5)
    with time_machine.travel(dt.datetime(2031, 1, 1, 18, tzinfo=dt.UTC), tick=False):
        reranked = rank_snapshot(stored.inputs)
        live = publish(world, "After the changes")

    assert snapshot_results(reranked, as_of=stored.as_of) == stored.results
    assert fingerprint(stored.inputs) == stored.fingerprint
    assert live.fingerprint != stored.fingerprint
    assert live.results != stored.results
    assert live.as_of == dt.date(2031, 1, 1)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite locks the file)"
)
@pytest.mark.django_db(transaction=True)
def test_publish_decision_concurrent_publishers_get_consecutive_numbers(world, ranked):
    barrier = threading.Barrier(2)
    numbers, errors = [], []

    def run(label):
        try:
            engagement = Engagement.objects.get(pk=world.engagement.pk)
            barrier.wait()
            numbers.append(
                publish_decision(engagement=engagement, label=label, published_by=None).number
            )
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(f"T{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(numbers) == [1, 2]
    assert sorted(Decision.objects.values_list("number", flat=True)) == [1, 2]


def test_engagement_delete_takes_its_decisions_and_their_reports(world, ranked):
    decision = publish(world)
    Report.objects.create(engagement=world.engagement, decision=decision)

    world.engagement.delete()

    assert (Decision.objects.count(), Report.objects.count()) == (0, 0)


def test_publish_decision_unverified_gate_on_the_leader_is_refused_and_writes_nothing(
    world, ranked
):
    Provider.objects.filter(pk=ranked["a"].provider_id).update(sat_69b_status="unknown")

    with pytest.raises(DecisionError, match="waiver"):
        publish(world)

    assert Decision.objects.count() == 0
