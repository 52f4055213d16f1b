"""Engine inputs → JSON → engine inputs: the same ranking, the same JSON."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from scorecard.domain.decisions import canonical_json
from scorecard.models import CostAssumptions, Quote
from scorecard.ranking.evaluate import evaluate
from scorecard.ranking.inputs import load_inputs
from scorecard.ranking.snapshot import (
    cost_record,
    inputs_from_snapshot,
    snapshot_inputs,
    snapshot_results,
)

AS_OF = dt.date(2027, 3, 1)


def round_trip(engagement):
    inputs = load_inputs(engagement)
    snapshot = snapshot_inputs(inputs, as_of=AS_OF, judgements=[], costs=cost_record(engagement))
    stored = json.loads(canonical_json(snapshot))  # what the database gives back
    return inputs, stored


def test_snapshot_round_trip_ranks_identically_with_gates_and_measured_figures(world, ranked):
    inputs, stored = round_trip(world.engagement)

    again = inputs_from_snapshot(stored)

    assert snapshot_results(evaluate(again), as_of=AS_OF) == snapshot_results(
        evaluate(inputs), as_of=AS_OF
    )
    assert again.figures == inputs.figures
    assert again.facts == inputs.facts
    assert again.notes == inputs.notes
    assert again.value_functions == inputs.value_functions
    assert again.scores.equals(inputs.scores)


def test_snapshot_round_trip_keeps_cost_scores_quotes_and_assumptions(world, catalogue, priced):
    CostAssumptions.objects.filter(engagement=world.engagement).update(
        include_in_score=True, cost_weight=Decimal(20)
    )
    inputs, stored = round_trip(world.engagement)

    again = inputs_from_snapshot(stored)

    assert again.cost_scores == inputs.cost_scores
    assert again.cost_scores[priced["unpriced"].pk] is None
    assert again.criterion_weights == inputs.criterion_weights
    assert Decimal(stored["costs"]["assumptions"]["fx_rate"]) == Decimal("18.25")
    assert [Decimal(q["price"]) for q in stored["costs"]["quotes"]] == [
        q.price for q in Quote.objects.order_by("candidate_id")
    ]
    assert snapshot_results(evaluate(again), as_of=AS_OF) == snapshot_results(
        evaluate(inputs), as_of=AS_OF
    )
