"""The completeness rule: below the engagement's minimum a candidate is "insufficient
evidence", listed apart with what is missing, never ranked; every analysis reads that set."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from scorecard.models import Engagement, Role
from scorecard.ranking.cache import get_results
from scorecard.ranking.completeness import completeness_rule, missing_criterion_rule
from scorecard.ranking.evaluate import DISQUALIFIED, INSUFFICIENT, RANKED
from tests.factories import CandidateFactory, ProviderFactory, SiteFactory
from tests.scorecard.conftest import assess_noted


@pytest.fixture
def unassessed(ranked):
    """A fourth candidate nobody assessed, whose provider gives no attrition figure."""
    return CandidateFactory(
        engagement=ranked["a"].engagement,
        primary_site=SiteFactory(provider=ProviderFactory(trade_name="Delta", attrition_pct=None)),
    )


def test_candidate_without_assessments_is_insufficient(ranked, unassessed):
    results = get_results(unassessed.engagement)

    row = next(r for r in results.rows if r.candidate.id == unassessed.pk)
    assert (row.status, row.rank, row.total, row.completeness) == (INSUFFICIENT, None, None, 0.0)
    assert [gap.code for gap in row.missing] == ["service", "talent"]
    assert unassessed.pk not in {r.candidate.id for r in results.ranked}


def test_partly_assessed_candidate_under_the_minimum_is_insufficient(ranked, unassessed):
    # Only service is assessed (60 % of the weight); talent has no known indicator.
    assess_noted(unassessed, ranked["analyst"], {"s1": 5, "s2": 5})

    results = get_results(unassessed.engagement)

    row = next(r for r in results.rows if r.candidate.id == unassessed.pk)
    assert row.status == INSUFFICIENT
    assert row.completeness == pytest.approx(0.6)
    assert row.total is None  # no score on part of the evidence
    talent = next(gap for gap in row.missing if gap.code == "talent")
    assert talent.fully_unknown


def test_lower_minimum_ranks_the_candidate_and_unknown_criterion_is_not_zero(ranked, unassessed):
    assess_noted(unassessed, ranked["analyst"], {"s1": 5, "s2": 5})
    Engagement.objects.filter(pk=unassessed.engagement_id).update(min_completeness=50)
    engagement = Engagement.objects.get(pk=unassessed.engagement_id)

    results = get_results(engagement)

    row = next(r for r in results.rows if r.candidate.id == unassessed.pk)
    assert row.status == RANKED
    assert row.criterion_scores["talent"] is None
    # Talent is unknown, not 0: service (5/5) carries the whole weight → 100, not 60.
    assert row.total == pytest.approx(100.0)


def test_sensitivity_and_smaa_see_only_the_ranked_set(ranked, unassessed):
    results = get_results(unassessed.engagement)
    ranked_ids = [row.candidate.id for row in results.ranked]

    assert list(results.decision_matrix.index) == ranked_ids
    assert sorted(results.rank_acceptability(n_samples=200).index) == sorted(ranked_ids)
    assert unassessed.pk not in results.rank_acceptability(n_samples=200).index


def test_rule_wording_carries_the_threshold():
    assert "80 %" in completeness_rule(80)
    assert "never counted as zero" in missing_criterion_rule()


def test_dashboard_lists_insufficient_candidates_apart(client, world, ranked, unassessed):
    client.force_login(world.users[Role.CONSULTANT])

    response = client.get(reverse("scorecard:results", args=[world.engagement.pk]))

    html = response.content.decode()
    ranking_table = html.split('id="ranking-table"')[1].split("</table>")[0]
    insufficient = html.split('id="insufficient-table"')[1].split("</table>")[0]
    assert "Delta" not in ranking_table
    assert "Delta" in insufficient
    assert reverse("scorecard:assessment-start", args=[world.engagement.pk, unassessed.pk]) in (
        insufficient
    )
    assert completeness_rule(80) in html


def test_rank_command_json_shape(ranked, unassessed):
    out = StringIO()

    call_command("rank", unassessed.engagement.reference, "--format", "json", stdout=out)

    data = json.loads(out.getvalue())
    assert set(data) >= {"as_of", "candidates"}
    assert len(data["as_of"]) == 10
    statuses = {c["label"].split(" — ")[0]: c["status"] for c in data["candidates"]}
    assert statuses == {
        "Alpha": RANKED,
        "Charlie": RANKED,
        "Delta": INSUFFICIENT,
        "Bravo": DISQUALIFIED,
    }
    for candidate in data["candidates"]:
        assert set(candidate) >= {"status", "rank", "score", "completeness", "reasons"}
        assert (candidate["rank"] is None) == (candidate["status"] != RANKED)
    assert [c["rank"] for c in data["candidates"] if c["rank"]] == [1, 2]


@pytest.mark.parametrize("value", ["-1", "101", "abc"])
def test_engagement_form_refuses_completeness_outside_0_100(client, world, value):
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(
        reverse("scorecard:engagement-edit", args=[world.engagement.pk]),
        {
            "client_name": "Acme",
            "name": "Care",
            "seats": 10,
            "complexity_tier": "high",
            "min_completeness": value,
        },
    )

    assert response.status_code == 200
    assert "min_completeness" in response.context["form"].errors
    world.engagement.refresh_from_db()
    assert world.engagement.client_name != "Acme"
    assert world.engagement.min_completeness == 80
