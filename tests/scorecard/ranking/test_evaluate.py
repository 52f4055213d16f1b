"""scorecard.ranking.evaluate: the engine adapter, and the rules pages read from the engine.

The "read, never recompute" tests compare what a page shows with what the engine decided, so
a second copy of a rule that drifts from the engine's fails here.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from scorecard.engine.assessments import DISAGREEMENT_COMPARISON
from scorecard.engine.gates import FAILED, PASSED, UNVERIFIED
from scorecard.models import DpaStatus, GateDefinition, GateFact, Role
from scorecard.ranking.cache import get_results
from scorecard.ranking.evaluate import disagreement_rule, engine_gate


def test_evaluate_totals_hand_computed(ranked):
    results = get_results(ranked["a"].engagement)
    rows = {row.candidate.label.split(" — ")[0]: row for row in results.rows}
    # Alpha: service (5+4)/2 = 4.5; talent t1 4, attrition 20% -> 5: 4.5. Total = 90.
    assert rows["Alpha"].total == pytest.approx(90.0)
    assert rows["Alpha"].rank == 1
    # Charlie: service s1 mean(1, 4) = 2.5 (s2 N/A re-weights); talent t1 = 2 (one score,
    # "unknown" is not 0), attrition 40% -> 2.5: talent 2.25. 0.6*2.5/5 + 0.4*2.25/5 = 0.48.
    assert rows["Charlie"].total == pytest.approx(48.0)
    assert rows["Charlie"].criterion_scores["service"] == pytest.approx(2.5)
    assert rows["Charlie"].rank == 2
    # Bravo is disqualified with the reason, never dropped, and not ranked.
    assert rows["Bravo"].rank is None
    assert rows["Bravo"].disqualified == ["Not on the 69-B list: Listed"]
    assert [row.candidate.id for row in results.excluded] == [ranked["b"].pk]


def test_engine_gate_seats_fact_is_at_least_the_scope(db):
    gate = GateDefinition(code="seats", name="Seats", fact=GateFact.SEATS_AVAILABLE)

    engine = engine_gate(gate, 120)

    assert (engine.operator, engine.value) == (">=", 120)
    assert [engine.check({"seats_available": n}) for n in (119, 120, None)] == [
        FAILED,
        PASSED,
        UNVERIFIED,
    ]


def test_engine_gate_true_false_fact_is_is_true(db):
    gate = GateDefinition(code="dpa", name="DPA", fact=GateFact.DPA_SIGNED)

    assert (engine_gate(gate, 120).operator, engine_gate(gate, 120).value) == ("is_true", None)


def test_evaluate_excluded_candidates_are_the_engines_disqualified(ranked):
    results = get_results(ranked["a"].engagement)

    excluded = {row.candidate.id for row in results.excluded}

    assert excluded == set(results.result.disqualified)
    assert {row.candidate.id for row in results.rows if row.unverified} == set(
        results.result.unverified_gates
    )


def test_disagreement_rule_text_follows_the_engines_comparison():
    assert DISAGREEMENT_COMPARISON == ">="
    assert disagreement_rule(2) == "2.0 points or more"


def test_gates_page_outcomes_equal_the_rankings(client, world, ranked):
    engagement = world.engagement
    engagement.gates.add(
        GateDefinition.objects.create(
            code="min-seats", name="Seats", description="…", fact=GateFact.SEATS_AVAILABLE
        ),
        GateDefinition.objects.create(
            code="dpa", name="DPA signed", description="…", fact=GateFact.DPA_SIGNED
        ),
    )
    ranked["a"].dpa_status = DpaStatus.SIGNED
    ranked["a"].save()
    client.force_login(world.users[Role.CONSULTANT])
    results = get_results(engagement)

    response = client.get(reverse("scorecard:gates", args=[engagement.pk]))

    page = {
        (row.candidate.id, cell.gate.name): cell.outcome
        for row in response.context["rows"]
        for cell in row.cells
    }
    ranking = {}
    for row in results.rows:
        failed = {reason.split(": ")[0] for reason in row.disqualified}
        unverified = {reason.split(": ")[0] for reason in row.unverified}
        for gate in results.inputs.gates:
            ranking[(row.candidate.id, gate.name)] = (
                FAILED if gate.name in failed else UNVERIFIED if gate.name in unverified else PASSED
            )
    assert page == ranking
    assert set(page.values()) == {PASSED, FAILED, UNVERIFIED}
