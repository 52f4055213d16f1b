"""scorecard.ranking.cache: results follow every write, and survive a pickle round trip."""

from __future__ import annotations

import pickle

import pytest

from scorecard.ranking.cache import bump_data_version, data_version, get_results


def test_get_results_cache_follows_writes(ranked, django_capture_on_commit_callbacks):
    engagement = ranked["a"].engagement
    get_results(engagement)
    score = ranked["a"].assessments.get(assessor=ranked["analyst"]).scores.get(indicator__code="s1")

    with django_capture_on_commit_callbacks(execute=True):
        score.value = 0
        score.save()
    after = get_results(engagement)

    alpha = next(row for row in after.rows if row.candidate.id == ranked["a"].pk)
    assert alpha.criterion_scores["service"] == pytest.approx((0 + 5) / 2 / 2 + 4 / 2)


def test_bump_data_version_replaces_the_token(db):
    before = data_version()

    bump_data_version()

    assert data_version() != before


def test_get_results_pickled_keeps_engine_table_and_sensitivity(ranked):
    results = get_results(ranked["a"].engagement)

    restored = pickle.loads(pickle.dumps(results))

    assert restored.result is None
    assert restored.indicator_table.equals(results.indicator_table)
    assert restored.weight_stability().equals(results.weight_stability())


def test_get_inputs_cached_per_language_names_follow_the_active_language(ranked):
    from django.utils import translation

    from scorecard.ranking.cache import get_inputs

    engagement = ranked["a"].engagement
    criterion = engagement.criterion_weights.first().criterion
    criterion.name_es_mx = f"{criterion.name_en} (es)"
    criterion.save()

    with translation.override("en"):
        english = {c.code: c.name for c in get_inputs(engagement).criteria}
    with translation.override("es-mx"):
        spanish = {c.code: c.name for c in get_inputs(engagement).criteria}

    assert english[criterion.code] == criterion.name_en
    assert spanish[criterion.code] == f"{criterion.name_en} (es)"
