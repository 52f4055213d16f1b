"""scorecard.ranking.cache: results follow the writes they depend on (and only those), and
survive a pickle round trip."""

from __future__ import annotations

import pickle

import pytest

from scorecard.models import Risk
from scorecard.ranking.cache import (
    bump_data_version,
    data_version,
    engagement_version,
    get_results,
)
from tests.factories import CandidateFactory, CityFigureFactory


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


def test_bump_data_version_replaces_every_engagements_token(world):
    before = {e.pk: data_version(e.pk) for e in (world.engagement, world.other)}

    bump_data_version()

    assert all(data_version(pk) != token for pk, token in before.items())


def _versions(world):
    return data_version(world.engagement.pk), data_version(world.other.pk)


def test_a_score_saved_in_one_engagement_keeps_the_others_results(
    ranked, world, django_capture_on_commit_callbacks
):
    mine, theirs = _versions(world)
    score = ranked["a"].assessments.get(assessor=ranked["analyst"]).scores.get(indicator__code="s1")
    fresh = type(score).objects.get(pk=score.pk)  # no related rows loaded: found by a query

    with django_capture_on_commit_callbacks(execute=True):
        fresh.value = 1
        fresh.save()

    assert data_version(world.engagement.pk) != mine
    assert data_version(world.other.pk) == theirs


def test_engagement_rows_and_links_bump_only_their_engagement(
    ranked, world, django_capture_on_commit_callbacks
):
    mine, theirs = _versions(world)

    with django_capture_on_commit_callbacks(execute=True):
        Risk.objects.create(engagement=world.engagement, title="Strike", likelihood=2, impact=3)
        world.engagement.gates.clear()

    assert data_version(world.engagement.pk) != mine
    assert data_version(world.other.pk) == theirs


def test_a_candidate_added_through_sites_bumps_only_its_engagement(
    ranked, world, django_capture_on_commit_callbacks
):
    candidate = CandidateFactory(engagement=world.other)
    mine, theirs = engagement_version(world.engagement.pk), engagement_version(world.other.pk)

    with django_capture_on_commit_callbacks(execute=True):
        ranked["a"].primary_site.candidacies.add(candidate)  # reverse side of Candidate.sites

    assert engagement_version(world.engagement.pk) == mine
    assert engagement_version(world.other.pk) != theirs


def test_a_city_figure_change_invalidates_the_engagements_that_use_it(
    ranked, world, django_capture_on_commit_callbacks
):
    city = ranked["a"].primary_site.city
    before = data_version(world.engagement.pk)

    with django_capture_on_commit_callbacks(execute=True):
        CityFigureFactory(city=city)

    assert data_version(world.engagement.pk) != before


def test_a_rolled_back_write_changes_nothing(ranked, world, django_capture_on_commit_callbacks):
    before = data_version(world.other.pk)

    with django_capture_on_commit_callbacks(execute=False):
        Risk.objects.create(engagement=world.other, title="Strike", likelihood=2, impact=3)

    assert data_version(world.other.pk) == before


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


def test_every_row_under_an_engagement_bumps_only_its_engagement():
    # A new model with a foreign key to an engagement (or to one of its rows) left out of
    # ENGAGEMENT_OF would count as reference data and throw away every engagement's results.
    from django.apps import apps

    from scorecard.signals import ENGAGEMENT_OF, _is_cached

    owned = set(ENGAGEMENT_OF)
    missing = [
        model._meta.label_lower
        for model in apps.get_models()
        if _is_cached(model)
        and model._meta.label_lower not in owned
        and any(
            field.many_to_one and field.related_model._meta.label_lower in owned
            for field in model._meta.get_fields()
        )
    ]
    assert missing == []


def test_get_results_reads_this_process_s_copy_until_the_data_changes(
    ranked, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    engagement = ranked["a"].engagement
    first = get_results(engagement)
    reads = []
    original = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *args, **kw: reads.append(key) or original(key, *args, **kw)
    )

    assert get_results(engagement) is first
    assert not [key for key in reads if ":results:" in key]  # nothing unpickled

    score = ranked["a"].assessments.get(assessor=ranked["analyst"]).scores.get(indicator__code="s1")
    with django_capture_on_commit_callbacks(execute=True):
        score.value = 0
        score.save()
    assert get_results(engagement) is not first
