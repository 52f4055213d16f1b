"""scorecard.ranking.inputs: what a ranking reads from the database."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from scorecard.models import AssessmentStatus, GateFact
from scorecard.ranking.inputs import load_inputs
from tests.factories import CandidateFactory
from tests.scorecard.conftest import assess_noted


def test_load_inputs_draft_assessment_is_not_read(ranked):
    engagement = ranked["a"].engagement
    draft = assess_noted(
        CandidateFactory(engagement=engagement),
        ranked["analyst"],
        {"s1": 5},
        status=AssessmentStatus.DRAFT,
    )

    inputs = load_inputs(engagement)

    assert draft.candidate_id not in set(inputs.scores["candidate"])


def test_load_inputs_reads_gate_facts_and_measured_figures(ranked):
    inputs = load_inputs(ranked["a"].engagement)

    assert [gate.code for gate in inputs.gates] == ["no-69b"]
    assert inputs.facts[ranked["b"].pk][GateFact.NOT_ON_69B].value is False
    assert inputs.figures[(ranked["a"].pk, "t-attrition")].value == 20.0


def test_load_inputs_query_count_does_not_grow_with_candidates(ranked):
    engagement = ranked["a"].engagement
    with CaptureQueriesContext(connection) as three:
        load_inputs(engagement)
    for _ in range(3):
        assess_noted(CandidateFactory(engagement=engagement), ranked["analyst"], {"s1": 3})

    with CaptureQueriesContext(connection) as six:
        load_inputs(engagement)

    assert len(six.captured_queries) == len(three.captured_queries)
