"""scorecard.ranking.inputs: what a ranking reads from the database."""

from __future__ import annotations

import pytest
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


def _indicator(code: str):
    from scorecard.models import Indicator

    return Indicator.objects.get(code=code)


def test_load_inputs_consensus_score_replaces_the_assessors_aggregate(ranked):
    from scorecard.models import Consensus
    from scorecard.ranking.evaluate import evaluate

    charlie = ranked["c"]  # s1: 1 and 4, a flagged spread of 3
    before = evaluate(load_inputs(charlie.engagement)).indicator_table
    Consensus.objects.create(candidate=charlie, indicator=_indicator("s1"), score=3, reason="R")

    inputs = load_inputs(charlie.engagement)
    table = evaluate(inputs).indicator_table

    def value(frame):
        row = frame[(frame.candidate == charlie.pk) & (frame.indicator == "s1")]
        return float(row.value.iloc[0])

    assert (value(before), value(table)) == (2.5, 3.0)
    submitted = inputs.assessor_scores
    mask = (submitted.candidate == charlie.pk) & (submitted.indicator == "s1")
    assert sorted(submitted[mask].score) == [1.0, 4.0]  # what the assessors said is kept
    assert inputs.consensus[(charlie.pk, "s1")].score == 3.0


def test_load_inputs_consensus_keeping_the_aggregate_changes_no_score(ranked):
    from scorecard.models import Consensus

    charlie = ranked["c"]
    Consensus.objects.create(candidate=charlie, indicator=_indicator("s1"), reason="Both fair")

    inputs = load_inputs(charlie.engagement)

    assert inputs.scores.equals(inputs.assessor_scores)
    assert inputs.consensus[(charlie.pk, "s1")].score is None


@pytest.mark.parametrize("aggregation", ["mean", "median"])
def test_aggregates_joined_from_parts_equal_the_aggregate_of_all_the_scores(aggregation):
    # Parts hold candidates in any grouping (by id modulo the bucket count in the cache); a
    # consensus overrides one (candidate, indicator); N/A and unknown answers are mixed in.
    import numpy as np
    import pandas as pd

    from scorecard.engine import aggregate_assessments
    from scorecard.ranking.inputs import (
        ConsensusInfo,
        ScoreRows,
        aggregated_part,
        calibrate,
        combined_aggregates,
        scores_frame,
    )

    rng = np.random.default_rng(1)

    def part(candidates):
        rows = [
            (c, code, assessor)
            for c in candidates
            for code in ("a1", "b2", "c3")
            for assessor in (7, 9)
        ]
        statuses = rng.choice(["scored", "scored", "not_applicable", "unknown"], len(rows))
        values = np.where(statuses == "scored", rng.integers(0, 6, len(rows)), np.nan)
        return ScoreRows(
            candidates=np.array([r[0] for r in rows], dtype=np.int64),
            indicators=np.array([r[1] for r in rows], dtype=object),
            assessors=np.array([r[2] for r in rows], dtype=np.int64),
            scores=values.astype(float),
            statuses=statuses.astype(object),
            notes={},
        )

    parts = [part([33, 1]), part([2, 65, 34]), part([]), part([3])]
    consensus = {(34, "b2"): ConsensusInfo(4.0, "Agreed", "", "2026-12-01")}

    joined = combined_aggregates([aggregated_part(p, consensus, aggregation, 1.5) for p in parts])

    expected = aggregate_assessments(
        calibrate(scores_frame(parts), consensus),
        aggregation=aggregation,
        disagreement_threshold=1.5,
    )
    pd.testing.assert_frame_equal(joined, expected, check_exact=True)
    assert joined["candidate"].tolist()[::3] == [1, 2, 3, 33, 34, 65]


def test_calibrate_sets_the_agreed_score_on_the_scored_answers_of_that_indicator_only():
    import numpy as np
    import pandas as pd

    from scorecard.ranking.inputs import ConsensusInfo, calibrate

    rng = np.random.default_rng(4)
    rows = [(c, code, a) for c in (5, 6, 7, 40) for code in ("a1", "b2") for a in (1, 2, 3)]
    statuses = rng.choice(["scored", "scored", "not_applicable", "unknown"], len(rows))
    scores = pd.DataFrame(
        {
            "candidate": [r[0] for r in rows],
            "indicator": pd.array([r[1] for r in rows], dtype="str"),
            "assessor": [r[2] for r in rows],
            "score": np.where(statuses == "scored", rng.integers(0, 6, len(rows)), np.nan),
            "status": pd.array(statuses, dtype="str"),
        }
    )
    before = scores.copy()
    consensus = {
        (6, "b2"): ConsensusInfo(2.5, "Agreed", "", "2026-12-01"),
        (40, "a1"): ConsensusInfo(0.0, "Agreed", "", "2026-12-01"),
        (7, "a1"): ConsensusInfo(None, "Kept", "", "2026-12-01"),  # kept: no override
        (99, "a1"): ConsensusInfo(5.0, "Agreed", "", "2026-12-01"),  # not in these scores
    }

    calibrated = calibrate(scores, consensus)

    expected = before.copy()
    for i, (candidate, code, _assessor) in enumerate(rows):
        agreed = {(6, "b2"): 2.5, (40, "a1"): 0.0}.get((candidate, code))
        if agreed is not None and statuses[i] == "scored":
            expected.loc[i, "score"] = agreed
    pd.testing.assert_frame_equal(calibrated, expected, check_exact=True)
    pd.testing.assert_frame_equal(scores, before, check_exact=True)  # the input is untouched
    assert (calibrated["score"] != before["score"]).sum() > 0
