"""The agreement page's calibration: consultants record a consensus on each flagged spread."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from scorecard.models import Consensus, Indicator, Role

pytestmark = pytest.mark.django_db


def _url(world, **query) -> str:
    url = reverse("scorecard:results-agreement", kwargs={"pk": world.engagement.pk})
    return url + ("?show=all" if query.get("all") else "")


def _post(client, world, ranked, **data):
    payload = {"candidate": ranked["c"].pk, "indicator": "s1", "score": "3", "reason": "Visit"}
    return client.post(_url(world), {**payload, **data})


def test_agreement_defaults_to_flagged_grouped_by_criterion(client, world, ranked):
    client.force_login(world.users[Role.CONSULTANT])
    response = client.get(_url(world))
    groups = response.context["groups"]
    assert [(name, [(r["candidate"], r["indicator"]) for r in rows]) for name, rows in groups] == [
        ("Service", [(ranked["c"].label, "s1")])
    ]
    everything = client.get(_url(world, all=True)).context["groups"]
    assert sum(len(rows) for _name, rows in everything) == response.context["n_scored"] > 1


def test_consultant_records_a_consensus_shown_in_results_and_history(
    client, world, ranked, django_capture_on_commit_callbacks
):
    client.force_login(world.users[Role.CONSULTANT])
    with django_capture_on_commit_callbacks(execute=True):  # the cache's data version bump
        response = _post(client, world, ranked)
    assert response.status_code == 302
    consensus = Consensus.objects.get()
    assert (consensus.score, consensus.reason, consensus.decided_by) == (
        3,
        "Visit",
        world.users[Role.CONSULTANT],
    )
    page = client.get(_url(world)).content.decode()
    assert 'class="consensus-outcome"' in page
    assert "Visit" in page
    compare = reverse("scorecard:results-compare", kwargs={"pk": world.engagement.pk})
    html = client.get(compare, {"c": [ranked["a"].pk, ranked["c"].pk]}).content.decode()
    assert '<span class="badge text-bg-info">consensus</span>' in html
    mine = ranked["c"].assessments.get(assessor=ranked["analyst"])
    history = reverse(
        "scorecard:assessment-history",
        kwargs={"pk": world.engagement.pk, "assessment_id": mine.pk},
    )
    assert "Calibration of" in client.get(history).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"score": "9"},
        {"score": "abc"},
        {"reason": ""},
        {"indicator": "s2"},  # not flagged
        {"candidate": "999999"},
        {"candidate": "x"},
    ],
)
def test_consensus_bad_input_is_400_and_writes_nothing(client, world, ranked, data):
    client.force_login(world.users[Role.CONSULTANT])
    response = _post(client, world, ranked, **data)
    assert response.status_code == 400
    assert not Consensus.objects.exists()


def test_consensus_post_access(world, ranked, check_access):
    data = {"candidate": ranked["c"].pk, "indicator": "s1", "score": "", "reason": "Keep"}
    check_access(world, _url(world), {Role.CONSULTANT}, method="post", data=data, ok=302)


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.ANALYST])
def test_agreement_query_count_does_not_grow_with_consensus_rows(
    client, world, ranked, count_queries, role
):
    client.force_login(world.users[role])
    _, few = count_queries(client, _url(world, all=True))
    for code in ("s1", "s2", "t1"):
        Consensus.objects.create(
            candidate=ranked["c"], indicator=Indicator.objects.get(code=code), reason="R"
        )
    cache.clear()  # both reads compute the ranking (tests do not run the on-commit bump)
    _, many = count_queries(client, _url(world, all=True))
    assert few == many
