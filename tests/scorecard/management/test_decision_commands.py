"""``manage.py publish_decision`` and ``manage.py rank --decision N --format json``."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scorecard.models import CriterionWeight, Decision

pytestmark = pytest.mark.usefixtures("gates_verified")


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_publish_decision_command_prints_the_number(world, ranked):
    first = run("publish_decision", world.engagement.reference, "--label", "Shortlist")
    second = run("publish_decision", str(world.engagement.pk), "--label", "Final")

    assert (first.strip(), second.strip()) == ("1", "2")
    assert list(Decision.objects.values_list("label", flat=True).order_by("number")) == [
        "Shortlist",
        "Final",
    ]


def test_publish_decision_command_empty_label_is_an_error_and_writes_nothing(world, ranked):
    with pytest.raises(CommandError, match="label"):
        run("publish_decision", world.engagement.reference, "--label", " ")

    assert Decision.objects.count() == 0


def test_rank_decision_json_prints_the_frozen_ranking_after_a_weight_change(world, ranked):
    run("publish_decision", world.engagement.reference, "--label", "Shortlist")
    decision = Decision.objects.get()
    CriterionWeight.objects.filter(engagement=world.engagement, criterion__code="service").update(
        weight=Decimal(5)
    )

    payload = json.loads(
        run("rank", world.engagement.reference, "--decision", "1", "--format", "json")
    )

    stored = [(c["id"], c["status"], c["rank"]) for c in decision.results["candidates"]]
    assert [(c["id"], c["status"], c["rank"]) for c in payload["candidates"]] == stored
    assert [c["score"] for c in payload["candidates"]] == [
        None if c["score"] is None else round(c["score"], 2) for c in decision.results["candidates"]
    ]
    assert (payload["as_of"], payload["decision"]) == (decision.as_of.isoformat(), 1)
    first = payload["candidates"][0]
    assert {k: first[k] for k in ("status", "rank")} == {"status": "ranked", "rank": 1}
    assert set(first) >= {"status", "rank", "score", "completeness", "reasons"}
    assert [c["status"] for c in payload["candidates"]] == ["ranked", "ranked", "disqualified"]


def test_rank_unknown_decision_is_an_error(world, ranked):
    with pytest.raises(CommandError, match="no decision 4"):
        run("rank", world.engagement.reference, "--decision", "4", "--format", "json")
