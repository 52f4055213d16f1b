"""scorecard.ranking.cache after a save: inputs rebuilt from their cached parts (base inputs,
score buckets) and a lead verdict reused for the same numbers equal a fresh computation, and a
save re-reads only what it changed."""

from __future__ import annotations

from scorecard.ranking.cache import get_results
from tests.factories import CandidateFactory
from tests.scorecard.conftest import assess_noted

# get_inputs after a write against a fresh read of the database (load_inputs): equal in every
# field, the scores frame to the dtype and row order.


def _assert_inputs_equal(built, fresh) -> None:
    import pandas as pd

    for frame in ("scores", "assessor_scores"):
        pd.testing.assert_frame_equal(
            getattr(built, frame), getattr(fresh, frame), check_exact=True
        )
    assert list(built.assessors.items()) == list(fresh.assessors.items())
    for name in ("notes", "consensus", "candidates", "criteria", "indicators", "figures", "facts"):
        assert getattr(built, name) == getattr(fresh, name), name
    _assert_aggregate_equal(built, fresh)


def _assert_aggregate_equal(built, fresh) -> None:
    """The assessors' aggregate kept on ``built`` (joined from one per score bucket, most of
    them from before the write) equals the aggregate of ``fresh``'s scores at once."""
    import pandas as pd

    from scorecard.engine import aggregate_assessments

    if not len(fresh.scores):
        return
    kept = built.__dict__.get("_aggregated")
    assert kept is not None
    assert kept[0] is built.scores_key
    expected = aggregate_assessments(
        fresh.scores,
        aggregation=fresh.aggregation,
        disagreement_threshold=fresh.disagreement_threshold,
    )
    pd.testing.assert_frame_equal(kept[2], expected, check_exact=True)


def _rebuilt_after(write, engagement, capture):
    """get_inputs warmed, then ``write()`` committed, then get_inputs again: what it returns
    and the queries it made."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from scorecard.ranking.cache import get_inputs
    from scorecard.ranking.evaluate import evaluate

    evaluate(get_inputs(engagement))
    with capture(execute=True):
        write()
    with CaptureQueriesContext(connection) as queries:
        built = get_inputs(engagement)
    return built, [query["sql"] for query in queries.captured_queries]


def test_get_inputs_after_a_score_saved_equals_a_fresh_read_and_rereads_only_its_scores(
    ranked, django_capture_on_commit_callbacks
):
    from scorecard.ranking.evaluate import evaluate
    from scorecard.ranking.inputs import load_inputs

    engagement = ranked["a"].engagement
    score = ranked["c"].assessments.get(assessor=ranked["analyst"]).scores.get(indicator__code="t1")

    def write():
        fresh = type(score).objects.get(pk=score.pk)  # no related rows loaded: found by a query
        fresh.value, fresh.note = 5, "Revised"
        fresh.save()

    built, queries = _rebuilt_after(write, engagement, django_capture_on_commit_callbacks)

    fresh = load_inputs(engagement)
    _assert_inputs_equal(built, fresh)
    assert fresh.notes[(ranked["c"].pk, "t1", ranked["analyst"].pk)] == ("Revised", "self_declared")
    assert [row.total for row in evaluate(built).rows] == [
        row.total for row in evaluate(fresh).rows
    ]
    # Read again: the scores of the saved candidate's bucket, the assessors' names and the
    # calibration outcomes; the rest (catalogue, candidates, sites, figures…) came from the cache.
    assert len(queries) == 3, queries
    assert f'"candidate_id" IN ({ranked["c"].pk})' in queries[0]


def test_get_inputs_after_an_assessment_submitted_or_removed_equals_a_fresh_read(
    ranked, django_capture_on_commit_callbacks
):
    from scorecard.models import AssessmentStatus
    from scorecard.ranking.inputs import load_inputs

    engagement = ranked["a"].engagement
    draft = assess_noted(ranked["b"], ranked["other"], {"s1": 1}, status=AssessmentStatus.DRAFT)

    def submit():
        draft.status = AssessmentStatus.SUBMITTED
        draft.save()

    built, _ = _rebuilt_after(submit, engagement, django_capture_on_commit_callbacks)
    _assert_inputs_equal(built, load_inputs(engagement))
    assert ranked["other"].pk in set(
        built.scores[built.scores.candidate == ranked["b"].pk].assessor
    )

    removed = ranked["a"].assessments.get(assessor=ranked["other"])
    built, _ = _rebuilt_after(removed.delete, engagement, django_capture_on_commit_callbacks)
    _assert_inputs_equal(built, load_inputs(engagement))


def test_get_inputs_after_a_candidate_added_a_consensus_or_a_provider_change_equals_a_fresh_read(
    ranked, django_capture_on_commit_callbacks
):
    from scorecard.models import Consensus, Indicator
    from scorecard.ranking.inputs import load_inputs

    engagement = ranked["a"].engagement

    def add_candidate():
        assess_noted(CandidateFactory(engagement=engagement), ranked["analyst"], {"s1": 2})

    def agree():
        indicator = Indicator.objects.get(code="s1")
        Consensus.objects.create(candidate=ranked["c"], indicator=indicator, score=3, reason="R")

    def provider_change():  # reference data
        provider = ranked["a"].provider
        provider.attrition_pct = 10
        provider.save()

    for write in (add_candidate, agree, provider_change):
        built, _ = _rebuilt_after(write, engagement, django_capture_on_commit_callbacks)
        _assert_inputs_equal(built, load_inputs(engagement))
    assert built.figures[(ranked["a"].pk, "t-attrition")].value == 10.0
    assert built.consensus[(ranked["c"].pk, "s1")].score == 3.0


def test_a_score_saved_keeps_the_other_engagements_inputs_and_this_ones_base(
    ranked, world, django_capture_on_commit_callbacks
):
    from scorecard.ranking.cache import (
        BASE_VERSION_KEY,
        SCORES_VERSION_KEY,
        _token,
        score_bucket,
    )

    a, b = ranked["a"], ranked["b"]
    keys = [
        BASE_VERSION_KEY.format(world.engagement.pk),
        BASE_VERSION_KEY.format(world.other.pk),
        SCORES_VERSION_KEY.format(world.engagement.pk, score_bucket(a.pk)),
        SCORES_VERSION_KEY.format(world.engagement.pk, score_bucket(b.pk)),
    ]
    before = [_token(key) for key in keys]
    score = a.assessments.get(assessor=ranked["analyst"]).scores.get(indicator__code="s1")

    with django_capture_on_commit_callbacks(execute=True):
        score.value = 2
        score.save()

    after = [_token(key) for key in keys]
    changed = [one != two for one, two in zip(before, after, strict=True)]
    assert changed == [False, False, True, score_bucket(a.pk) == score_bucket(b.pk)]


def test_get_results_lead_verdict_after_saves_equals_a_fresh_computation(
    ranked, django_capture_on_commit_callbacks
):
    from scorecard.ranking.evaluate import evaluate
    from scorecard.ranking.inputs import load_inputs
    from scorecard.ranking.verdict import lead_verdict

    engagement = ranked["a"].engagement
    first = get_results(engagement)._lead_verdict
    scores = type(ranked["a"].assessments.first().scores.first()).objects.filter(
        assessment__candidate=ranked["a"], indicator__code__in=["s1", "s2", "t1"]
    )

    with django_capture_on_commit_callbacks(execute=True):
        scores.first().save()  # the same numbers: the verdict computed for them is reused
    same = get_results(engagement)._lead_verdict
    with django_capture_on_commit_callbacks(execute=True):
        for score in scores:  # other numbers: Alpha falls behind Charlie
            score.value = 0
            score.save()
    changed = get_results(engagement)._lead_verdict

    assert same == first
    assert changed == lead_verdict(evaluate(load_inputs(engagement)))
    assert changed.leader != first.leader


def test_the_aggregate_joined_from_buckets_follows_the_aggregation_settings(
    ranked, django_capture_on_commit_callbacks
):
    from scorecard.models import Aggregation
    from scorecard.ranking.inputs import load_inputs

    engagement = ranked["a"].engagement

    def median():
        engagement.aggregation = Aggregation.MEDIAN
        engagement.disagreement_threshold = 1
        engagement.save()

    built, _ = _rebuilt_after(median, engagement, django_capture_on_commit_callbacks)

    assert built.aggregation == Aggregation.MEDIAN
    _assert_aggregate_equal(built, load_inputs(engagement))


def test_a_ranking_after_a_save_never_builds_the_scores_frame(
    ranked, django_capture_on_commit_callbacks
):
    # The ranking reads the buckets' kept aggregate; the long frames (75,000 rows at 500
    # candidates) are built only when a page reads them, and then equal a fresh read's.
    from scorecard.ranking.evaluate import evaluate
    from scorecard.ranking.inputs import load_inputs

    engagement = ranked["a"].engagement
    score = ranked["c"].assessments.get(assessor=ranked["analyst"]).scores.get(indicator__code="t1")

    def write():
        score.value = 1
        score.save()

    built, _queries = _rebuilt_after(write, engagement, django_capture_on_commit_callbacks)
    evaluate(built)

    assert "scores" not in built.__dict__
    assert "assessor_scores" not in built.__dict__
    fresh = load_inputs(engagement)
    assert built.n_scores == len(fresh.scores) > 0
    key = built.scores_key
    _assert_inputs_equal(built, fresh)  # reads (so builds) both frames
    assert built.scores_key is key  # the kept aggregate still matches them
