"""Ranking page: a near-tie said as a tie (with tie-breakers), TOPSIS disclosed as such."""

import pytest
from django.urls import reverse

from scorecard.models import Role
from scorecard.ranking.cache import get_results
from scorecard.ranking.verdict import lead_verdict, rank_reversal_disclosure
from tests.factories import CandidateFactory, ProviderFactory, SiteFactory
from tests.scorecard.conftest import assess_noted

pytestmark = pytest.mark.django_db


@pytest.fixture
def close_call(ranked):
    """Echo edges Alpha (90.15 against 90): service 5, talent (3 + 4.5375)/2 = 3.76875.
    Alpha leads once the service weight drops under 59.39 %: 0.61 points away."""
    echo = CandidateFactory(
        engagement=ranked["a"].engagement,
        primary_site=SiteFactory(provider=ProviderFactory(trade_name="Echo", attrition_pct=23.7)),
    )
    assess_noted(echo, ranked["analyst"], {"s1": 5, "s2": 5, "t1": 3})
    return echo


def _url(world, **query):
    url = reverse("scorecard:results", args=[world.engagement.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_lead_verdict_is_too_close_with_a_one_point_flip(close_call):
    results = get_results(close_call.engagement)

    verdict = lead_verdict(results)

    assert results.ranked[0].candidate.id == close_call.pk
    assert verdict.too_close
    assert verdict.flip_points == pytest.approx(0.61, abs=0.01)
    assert verdict.rival.startswith("Alpha")


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.CLIENT_VIEWER])
def test_ranking_page_says_too_close_to_call_with_tie_breakers(client, world, close_call, role):
    if role == Role.CLIENT_VIEWER:  # client viewers see the published decision's ranking
        from providers.models import ListStatus, Provider
        from scorecard.services.decisions import publish_decision

        # Every gate verified, so nothing blocks publishing the close call.
        Provider.objects.update(sat_69b_status=ListStatus.NOT_LISTED)
        publish_decision(engagement=world.engagement, label="Close call", published_by=None)
    client.force_login(world.users[role])

    html = client.get(_url(world)).content.decode()

    verdict = html.split('id="lead-verdict"')[1].split("</div>")[0]
    assert "Too close to call between Echo" in verdict
    assert "and Alpha" in verdict
    assert 'id="tie-breakers"' in verdict
    assert "Capacity (seats offered / needed)" in verdict
    assert "≈1" in html.split('id="ranking-table"')[1]


def test_ranking_page_clear_lead_is_not_a_tie(client, world, ranked):
    client.force_login(world.users[Role.CONSULTANT])

    html = client.get(_url(world)).content.decode()

    assert "Too close to call" not in html
    assert "Alpha" in html.split('id="lead-verdict"')[1].split("</p>")[0]


def test_topsis_disclosure_appears_only_for_topsis(client, world, ranked):
    client.force_login(world.users[Role.CONSULTANT])
    disclosure = rank_reversal_disclosure("topsis")

    topsis = client.get(_url(world, method="topsis")).content.decode()
    weighted = client.get(_url(world, method="weighted_sum")).content.decode()

    assert disclosure
    assert disclosure in topsis
    assert "Weighted sum order:" in topsis.split('id="method-disclosure"')[1]
    assert 'id="method-disclosure"' not in weighted
    assert rank_reversal_disclosure("weighted_sum") == ""


def test_tie_breakers_are_the_two_tied_candidates_figures(client, world, ranked, close_call):
    client.force_login(world.users[Role.CONSULTANT])

    response = client.get(_url(world))

    breakers = response.context["tie_breakers"]
    assert [b.candidate_id for b in breakers] == [close_call.pk, ranked["a"].pk]
    assert [b.seats for b in breakers] == [
        close_call.seats_available,
        ranked["a"].seats_available,
    ]
    assert {b.seats_needed for b in breakers} == {world.engagement.seats}
    assert [b.tco for b in breakers] == [None, None]  # no pricing in this engagement


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
def test_lead_verdict_first_shares_are_the_robustness_pages(close_call, method):
    from scorecard.ranking.evaluate import SMAA_SAMPLES

    results = get_results(close_call.engagement, method=method)
    full = results.rank_acceptability(n_samples=SMAA_SAMPLES, seed=0)

    verdict = lead_verdict(results)

    first = results.first_rank_acceptability(n_samples=SMAA_SAMPLES, seed=0)
    assert first.tolist() == full[1].tolist()
    leader_id = results.ranked[0].candidate.id
    assert verdict.first_share == full.loc[leader_id, 1]


def test_ranking_page_computes_only_the_order_of_the_other_method(client, world, close_call):
    from django.core.cache import cache

    from scorecard.ranking.cache import results_key
    from scorecard.ranking.evaluate import placings

    client.force_login(world.users[Role.CONSULTANT])

    response = client.get(_url(world, method="weighted_sum"))

    def cached(method):
        return cache.get(results_key(world.engagement, "results", method))

    assert "_lead_verdict" in cached("weighted_sum").__dict__
    assert cached("topsis") is None  # its order is read from the weighted sum's results
    topsis = get_results(world.engagement, method="topsis")
    shown = {item["row"].candidate.id: item["other_rank"] for item in response.context["rows"]}
    assert shown == {placing.candidate_id: placing.rank for placing in placings(topsis)}
    response = client.get(_url(world, method="topsis"))
    weighted_sum = get_results(world.engagement, method="weighted_sum")
    assert response.context["other_order"] == [row.candidate.label for row in weighted_sum.ranked]
    html = response.content.decode()
    assert "_lead_verdict" in cached("topsis").__dict__  # computed and kept once shown
    verdict = html.split('id="lead-verdict"')[1].split("</div>")[0]
    assert lead_verdict(topsis).text in verdict


def test_published_decision_verdict_is_computed_once(client, world, close_call, monkeypatch):
    from providers.models import ListStatus, Provider
    from scorecard.ranking.evaluate import Results
    from scorecard.services.decisions import publish_decision

    Provider.objects.update(sat_69b_status=ListStatus.NOT_LISTED)
    publish_decision(engagement=world.engagement, label="Close call", published_by=None)
    calls = []
    original = Results.first_rank_acceptability
    monkeypatch.setattr(
        Results,
        "first_rank_acceptability",
        lambda self, **kw: calls.append(1) or original(self, **kw),
    )
    client.force_login(world.users[Role.CLIENT_VIEWER])

    first = client.get(_url(world)).content.decode()
    second = client.get(_url(world)).content.decode()

    assert len(calls) == 1  # the decision's verdict is kept with its cached results
    assert "Too close to call between Echo" in first
    assert first.split('id="lead-verdict"')[1] == second.split('id="lead-verdict"')[1]
