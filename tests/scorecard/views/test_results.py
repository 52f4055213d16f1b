"""Results: the ORM → engine pipeline, the results pages, what-if, exports, caching."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from scorecard.models import (
    Role,
)
from tests.factories import (
    CandidateFactory,
)
from tests.scorecard.conftest import assess_noted

RESULT_URLS = (
    "results",
    "results-compare",
    "results-robustness",
    "results-cities",
)


@pytest.mark.parametrize("name", RESULT_URLS)
def test_results_pages_access(world, check_access, name):
    url = reverse(f"scorecard:{name}", kwargs={"pk": world.engagement.pk})
    check_access(world, url, {Role.CONSULTANT, Role.ANALYST, Role.CLIENT_VIEWER}, ok=200)


def test_agreement_page_access_client_viewers_get_403(world, check_access):
    url = reverse("scorecard:results-agreement", kwargs={"pk": world.engagement.pk})
    check_access(world, url, {Role.CONSULTANT, Role.ANALYST}, ok=200)


def test_results_whatif_access(world, check_access):
    url = reverse("scorecard:results-whatif", kwargs={"pk": world.engagement.pk})
    check_access(world, url, {Role.CONSULTANT, Role.ANALYST, Role.CLIENT_VIEWER}, ok={200, 400})


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("export-ranking", {Role.CONSULTANT, Role.CLIENT_VIEWER}),
        ("export-scores", {Role.CONSULTANT}),
    ],
)
def test_exports_access(world, check_access, name, allowed):
    url = reverse(f"scorecard:{name}", kwargs={"pk": world.engagement.pk}) + "?format=csv"
    check_access(world, url, allowed, ok=200)


def test_results_dashboard_shows_ranking_and_disqualified(client, world, ranked):
    client.force_login(world.users[Role.CONSULTANT])
    url = reverse("scorecard:results", kwargs={"pk": world.engagement.pk})
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Disqualified by a must-have gate" in html
    assert "Not on the 69-B list: Listed" in html
    assert 'id="ranking-data"' in html  # the chart's JSON
    response = client.get(url + "?method=topsis")
    assert response.context["method"] == "topsis"
    assert response.context["results"].winner.candidate.id == ranked["a"].pk
    # An unknown method falls back to the engagement's.
    assert client.get(url + "?method=oracle").context["method"] == "weighted_sum"


def test_results_dashboard_query_count_does_not_grow(client, world, catalogue, count_queries):
    from django.core.cache import cache

    engagement = world.engagement
    engagement.reset_weights_to_defaults()
    analyst = world.users[Role.ANALYST]
    client.force_login(world.users[Role.CONSULTANT])
    url = reverse("scorecard:results", kwargs={"pk": engagement.pk})
    counts = []
    for n in (1, 3, 50):
        while engagement.candidates.count() < n:
            candidate = CandidateFactory(engagement=engagement)
            assess_noted(candidate, analyst, {"s1": 3, "s2": 4, "t1": 2})
        cache.clear()
        counts.append(count_queries(client, url)[1])
    assert counts[0] == counts[1] == counts[2], counts
    cache_hit = count_queries(client, url)[1]
    assert cache_hit < counts[0]


def test_compare_radar_and_table(client, world, ranked):
    client.force_login(world.users[Role.ANALYST])
    url = reverse("scorecard:results-compare", kwargs={"pk": world.engagement.pk})
    response = client.get(url, {"c": [ranked["a"].pk, ranked["c"].pk]})
    assert response.status_code == 200
    assert response.context["chosen"] == [ranked["a"].pk, ranked["c"].pk]
    html = response.content.decode()
    assert "n5" in html  # assessors' notes are shown as evidence next to the scores
    assert "radar-data" in html


def test_compare_rejects_other_engagements_candidates(client, world, ranked):
    foreign = CandidateFactory(engagement=world.other)
    client.force_login(world.users[Role.CONSULTANT])
    url = reverse("scorecard:results-compare", kwargs={"pk": world.engagement.pk})
    assert client.get(url, {"c": [ranked["a"].pk, foreign.pk]}).status_code == 404
    response = client.get(url, {"c": [ranked["a"].pk]})
    assert response.context["error"] == "Choose two or three candidates."


def test_agreement_flags_large_spread(client, world, ranked):
    client.force_login(world.users[Role.CONSULTANT])
    response = client.get(
        reverse("scorecard:results-agreement", kwargs={"pk": world.engagement.pk})
    )
    flagged = response.context["flagged"]
    # Charlie s1: 1 vs 4 -> spread 3 >= the default threshold of 2.
    assert [(r["candidate_id"], r["indicator"], r["spread"]) for r in flagged] == [
        (ranked["c"].pk, "s1", 3.0)
    ]


def test_agreement_without_flags_states_the_rule_it_applies(client, world, ranked):
    world.engagement.disagreement_threshold = 3.5  # above every spread (the largest is 3)
    world.engagement.save()
    client.force_login(world.users[Role.CONSULTANT])
    response = client.get(
        reverse("scorecard:results-agreement", kwargs={"pk": world.engagement.pk})
    )
    assert response.context["flagged"] == []
    assert "No indicator has a spread of 3.5 points or more." in response.content.decode()


def test_robustness_page_has_both_charts(client, world, ranked):
    CandidateFactory(engagement=world.engagement)  # a third eligible candidate, no scores
    client.force_login(world.users[Role.CONSULTANT])
    response = client.get(
        reverse("scorecard:results-robustness", kwargs={"pk": world.engagement.pk})
    )
    assert response.status_code == 200
    tornado, acceptability = response.context["tornado"], response.context["acceptability"]
    assert [row[0] for row in tornado.rows]
    assert len(tornado.rows) == 2
    for row in acceptability.rows:
        assert sum(row[1:]) == pytest.approx(100, abs=0.5)


def test_robustness_is_computed_once_per_data_version(client, world, ranked, monkeypatch):
    from scorecard.ranking.evaluate import Results

    calls = []
    original = Results.rank_acceptability
    monkeypatch.setattr(
        Results, "rank_acceptability", lambda self, **kw: calls.append(1) or original(self, **kw)
    )
    client.force_login(world.users[Role.CONSULTANT])  # the live results (clients: decisions)
    url = reverse("scorecard:results-robustness", kwargs={"pk": world.engagement.pk})

    client.get(url)
    first = len(calls)  # the robustness analysis (and the lead verdict's, kept on the results)
    client.get(url)
    client.get(url, {"all": "1"})

    assert 1 <= first == len(calls)


def test_robustness_draws_the_top_candidates_and_offers_all(client, world, ranked, monkeypatch):
    monkeypatch.setattr("scorecard.views.results.ROBUSTNESS_TOP", 1)
    client.force_login(world.users[Role.CONSULTANT])
    url = reverse("scorecard:results-robustness", kwargs={"pk": world.engagement.pk})

    short = client.get(url)
    full = client.get(url, {"all": "1"})

    shown = short.context["acceptability"]
    assert len(shown.rows) == 1
    assert shown.columns[-1] == "Rank 2 or lower (%)"
    assert sum(shown.rows[0][1:]) == pytest.approx(100, abs=0.5)
    assert 'href="?all=1"' in short.content.decode()
    every = full.context["acceptability"]
    assert len(every.rows) == len(every.columns) - 1 == len(short.context["results"].ranked)
    assert every.rows[0][0] == shown.rows[0][0]


def test_whatif_reranks_without_saving(client, world, ranked):
    client.force_login(world.users[Role.ANALYST])
    url = reverse("scorecard:results-whatif", kwargs={"pk": world.engagement.pk})
    response = client.get(url, {"w_service": "0", "w_talent": "1"})
    assert response.status_code == 200
    payload = response.json()
    assert payload["weights"] == {"service": 0.0, "talent": 100.0}
    assert payload["as_of"] == world.engagement.as_of.isoformat()
    assert [row["agreed_rank"] for row in payload["ranking"]] == [1, 2]
    assert world.engagement.criterion_weights.get(criterion__code="service").weight == 60


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"w_service": "-1", "w_talent": "5"}, "service"),
        ({"w_service": "0", "w_talent": "0"}, "__all__"),
        ({"w_service": "abc", "w_talent": "5"}, "service"),
        ({"w_service": "nan", "w_talent": "5"}, "service"),
        ({"w_talent": "5"}, "service"),
    ],
)
def test_whatif_bad_weights_get_messages(client, world, ranked, params, field):
    client.force_login(world.users[Role.ANALYST])
    url = reverse("scorecard:results-whatif", kwargs={"pk": world.engagement.pk})
    response = client.get(url, params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_export_ranking_csv_and_xlsx(client, world, ranked):
    client.force_login(world.users[Role.CONSULTANT])
    url = reverse("scorecard:export-ranking", kwargs={"pk": world.engagement.pk})
    response = client.get(url, {"format": "csv"})
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Rank", "Candidate", "Provider"]
    assert rows[1][0] == "1"
    assert rows[1][2] == "Alpha"
    assert rows[-1][0] == ""
    assert "69-B" in rows[-1][-3]  # "Disqualified by", before "Unverified gates", "Status"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    response = client.get(url, {"format": "xlsx"})
    assert "no-store" in response["Cache-Control"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Ranking", "Weights"]
    assert workbook["Ranking"]["B2"].value == rows[1][1]
    assert client.get(url, {"format": "exe"}).status_code == 404


def test_export_scores_neutralises_formulas(client, world, ranked):
    score = ranked["a"].assessments.first().scores.first()
    score.note = '=HYPERLINK("http://evil.example")'
    score.save()
    client.force_login(world.users[Role.CONSULTANT])
    url = reverse("scorecard:export-scores", kwargs={"pk": world.engagement.pk})
    text = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    notes = [row[7] for row in workbook["Scores"].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://evil.example")' in notes
    assert not any(isinstance(n, str) and n.startswith("=") for n in notes)


def test_export_scores_is_built_once_per_data_version(
    client, world, ranked, monkeypatch, django_capture_on_commit_callbacks
):
    from scorecard.views import exports as views

    built = []
    original = views.build_xlsx
    monkeypatch.setattr(views, "build_xlsx", lambda sheets: built.append(1) or original(sheets))
    client.force_login(world.users[Role.CONSULTANT])
    url = reverse("scorecard:export-scores", kwargs={"pk": world.engagement.pk})

    first = client.get(url, {"format": "xlsx"}).content
    assert client.get(url, {"format": "xlsx"}).content == first
    assert len(built) == 1
    score = ranked["a"].assessments.first().scores.first()
    with django_capture_on_commit_callbacks(execute=True):
        score.note = "Revised after the visit"
        score.save()
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))

    assert len(built) == 2
    notes = [row[7] for row in workbook["Scores"].iter_rows(min_row=2, values_only=True)]
    assert "Revised after the visit" in notes


def test_cities_view_lists_shortlisted_cities_with_fit(client, world, ranked):
    client.force_login(world.users[Role.ANALYST])
    response = client.get(reverse("scorecard:results-cities", kwargs={"pk": world.engagement.pk}))
    comparison = response.context["comparison"]
    assert {c.pk for c in comparison.cities} == {
        ranked[k].primary_site.city_id for k in ("a", "b", "c")
    }
    assert all(comparison.fit[c.pk] for c in comparison.cities)


def test_cities_view_draws_the_city_map_from_local_files(client, world, ranked):
    client.force_login(world.users[Role.ANALYST])

    response = client.get(reverse("scorecard:results-cities", kwargs={"pk": world.engagement.pk}))

    city_map = response.context["city_map"]
    content = response.content.decode()
    assert 'data-chart="city-map-data"' in content
    assert 'id="city-map-table"' in content
    assert [row[1] for row in city_map.rows] == [
        c.name for c in response.context["comparison"].cities
    ]
    assert ranked["a"].label in content
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', content)
    assert "/static/vendor/plotly-4.1.1/plotly-scorecard.min.js" in scripts
    assert all(src.startswith("/static/") for src in scripts)


def test_export_scores_in_spanish_names_answers_and_confidence_in_spanish(client, world, ranked):
    client.force_login(world.users[Role.CONSULTANT])
    url = reverse("scorecard:export-scores", kwargs={"pk": world.engagement.pk})

    text = client.get(url, {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="es-MX").content
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))

    assert rows[0][4] == "Respuesta"
    answers = {row[4] for row in rows[1:]}
    assert "Calificado" in answers
    assert answers <= {"Calificado", "No aplica", "Desconocida"}  # labels, never the codes
    assert not {row[6] for row in rows[1:]} & {"self_declared", "documented", "verified"}


def test_ranking_table_is_paged_and_the_chart_draws_the_first(client, world, ranked, monkeypatch):
    monkeypatch.setattr("scorecard.views.results.RANKING_PAGE", 1)
    monkeypatch.setattr("scorecard.views.results.RANKING_CHART_TOP", 1)
    client.force_login(world.users[Role.CONSULTANT])
    url = reverse("scorecard:results", kwargs={"pk": world.engagement.pk})

    first = client.get(url, {"method": "topsis"})
    second = client.get(url, {"method": "topsis", "page": "2"})

    ranked_rows = first.context["results"].ranked
    assert len(ranked_rows) == 2
    assert [item["row"].rank for item in first.context["rows"]] == [1]
    assert [item["row"].rank for item in second.context["rows"]] == [2]
    html = first.content.decode()
    # Every row is reachable: the links keep the method and land on the table.
    assert 'href="?method=topsis&amp;page=2#ranking-table"' in html
    assert "Rows 1–1 of 2" in html
    chart = first.context["chart"]
    assert chart.figure["data"][0]["y"] == [f"1. {ranked_rows[0].candidate.label}"]
    assert chart.note == (
        "The chart shows the first 1 of 2 ranked candidates; the table lists every one."
    )
    # A page number out of range shows the last page, a bad one the first.
    assert [item["row"].rank for item in client.get(url, {"page": "9"}).context["rows"]] == [2]
    assert [item["row"].rank for item in client.get(url, {"page": "x"}).context["rows"]] == [1]


def test_short_ranking_has_no_page_links_nor_chart_note(client, world, ranked):
    client.force_login(world.users[Role.CONSULTANT])
    response = client.get(reverse("scorecard:results", kwargs={"pk": world.engagement.pk}))

    assert "page=" not in response.content.decode()
    assert response.context["chart"].note == ""
    assert len(response.context["rows"]) == len(response.context["results"].ranked)


def test_what_if_rows_escape_labels_and_round_as_floatformat(client, world, ranked):
    from django.template.defaultfilters import floatformat

    from scorecard.views.results import _what_if_rows

    provider = ranked["a"].provider
    provider.trade_name = "Alpha <b>&</b>"
    provider.save()
    client.force_login(world.users[Role.CONSULTANT])
    response = client.get(
        reverse("scorecard:results-robustness", kwargs={"pk": world.engagement.pk})
    )
    results = response.context["results"]

    html = response.content.decode()
    assert "Alpha &lt;b&gt;&amp;&lt;/b&gt;" in html
    assert "Alpha <b>" not in html
    for row in results.ranked:
        assert f'<td class="text-end">{floatformat(row.total, 1)}</td>' in str(
            _what_if_rows(results)
        )


def test_insufficient_evidence_table_has_its_own_pages(client, world, ranked, monkeypatch):
    monkeypatch.setattr("scorecard.views.results.RANKING_PAGE", 1)
    for _ in range(2):
        CandidateFactory(engagement=world.engagement)  # no scores: insufficient evidence
    client.force_login(world.users[Role.CONSULTANT])
    url = reverse("scorecard:results", kwargs={"pk": world.engagement.pk})

    first = client.get(url, {"page": "2"})
    second = client.get(url, {"page": "2", "insufficient": "2"})

    assert len(first.context["results"].insufficient) == 2
    shown = [
        row.candidate.id
        for response in (first, second)
        for row in response.context["insufficient"].page
    ]
    assert sorted(shown) == sorted(
        row.candidate.id for row in first.context["results"].insufficient
    )
    # Each table's links keep the other's page.
    assert 'href="?page=2&amp;insufficient=2#insufficient-table"' in first.content.decode()
    assert [item["row"].rank for item in second.context["rows"]] == [2]


def test_ranking_contributions_shown_add_up_to_the_total_shown(client, world, ranked):
    import re

    client.force_login(world.users[Role.CONSULTANT])
    response = client.get(reverse("scorecard:results", kwargs={"pk": world.engagement.pk}))

    for item in response.context["rows"]:
        parts = re.findall(r'<td class="text-end small">([\d.]+) ', str(item["cells"]))
        assert parts
        assert f"{sum(float(part) for part in parts):.1f}" == item["total"]


def test_ranking_weights_shown_add_up_to_100(client, world, ranked):
    client.force_login(world.users[Role.CONSULTANT])
    response = client.get(reverse("scorecard:results", kwargs={"pk": world.engagement.pk}))

    shown = [weight for _criterion, weight in response.context["columns"]]
    assert round(sum(shown), 1) == 100.0
