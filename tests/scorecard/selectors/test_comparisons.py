"""Agreement and compare rows built from a ranking (:mod:`scorecard.selectors.comparisons`):
the spreads and flags they show are the engine's."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scorecard.ranking.cache import get_inputs, get_results
from scorecard.ranking.evaluate import evaluate
from scorecard.selectors.comparisons import agreement_rows, compare_rows

pytestmark = pytest.mark.django_db


def _engine_flags(results) -> dict[tuple[int, str], tuple[float, bool]]:
    table = results.result.indicators
    rated = table[(table["kind"] == "rated") & (table["n_scored"] >= 2)]
    return {
        (row.candidate, row.indicator): (float(row.spread), bool(row.flagged))
        for row in rated.itertuples(index=False)
    }


@pytest.mark.parametrize("threshold", ["2.0", "3.0", "3.5"])
def test_agreement_rows_spreads_and_flags_equal_the_engines(ranked, threshold):
    engagement = ranked["a"].engagement
    engagement.disagreement_threshold = Decimal(threshold)
    engagement.save()
    results = evaluate(get_inputs(engagement))

    rows = agreement_rows(results)

    shown = {
        (row["candidate_id"], row["indicator"]): (row["spread"], row["flagged"])
        for row in rows
        if row["spread"] is not None
    }
    assert shown == _engine_flags(results)
    # Charlie's s1 (1 and 4) is 3 points apart: flagged at 3.0 (the threshold itself).
    assert shown[(ranked["c"].pk, "s1")] == (3.0, threshold != "3.5")


def test_compare_rows_flags_equal_the_engines(ranked):
    results = get_results(ranked["a"].engagement)
    ids = [ranked["a"].pk, ranked["c"].pk]

    rows = compare_rows(results, ids)

    flags = _engine_flags(results)
    for row in rows:
        for cid, cell in zip(ids, row["cells"], strict=True):
            expected = flags.get((cid, row["indicator"].code), (None, False))
            assert (cell["spread"], cell["flagged"]) == (
                expected if row["indicator"].kind == "rated" else (None, False)
            )


def test_calibration_outcomes_list_what_was_settled(ranked):
    from scorecard.models import Consensus, Indicator
    from scorecard.ranking.evaluate import evaluate
    from scorecard.ranking.inputs import load_inputs
    from scorecard.selectors.comparisons import calibration_outcomes

    charlie = ranked["c"]
    Consensus.objects.create(
        candidate=charlie, indicator=Indicator.objects.get(code="s1"), score=3, reason="Visit"
    )
    outcomes = calibration_outcomes(evaluate(load_inputs(charlie.engagement)))
    assert [(o["candidate"], o["consensus"].score, o["consensus"].reason) for o in outcomes] == [
        (charlie.label, 3.0, "Visit")
    ]
    assert outcomes[0]["flagged"] is True  # the assessors' disagreement stays on record


def test_agreement_rows_blank_names_and_notes_for_client_viewers(ranked):
    from scorecard.domain.sealing import ScoreVisibility
    from scorecard.ranking.evaluate import evaluate
    from scorecard.ranking.inputs import load_inputs

    results = evaluate(load_inputs(ranked["a"].engagement))
    viewer = ScoreVisibility(role="client_viewer", user_id=0, calibration_open=False)
    rows = agreement_rows(results, viewer)
    assert rows
    assert {(name, note) for row in rows for name, _shown, note in row["answers"]} == {("", "")}
