"""Plotly figures built from engine results (:mod:`scorecard.charts`): valid figures, and the
table each chart carries for readers who cannot see it."""

from __future__ import annotations

import json
import re

import plotly.graph_objects as go
from django.contrib.staticfiles import finders
from django.urls import reverse

from scorecard import charts
from scorecard.models import Role
from scorecard.ranking.cache import get_results
from scorecard.selectors.comparisons import agreement_rows
from tests.factories import CandidateFactory


def test_charts_are_valid_plotly(ranked):
    results = get_results(ranked["a"].engagement)
    CandidateFactory(engagement=ranked["a"].engagement)
    built = [
        charts.ranking_chart(results),
        charts.radar_chart(results, [ranked["a"].pk, ranked["c"].pk]),
    ]
    results = get_results(ranked["a"].engagement)
    built += [
        charts.tornado_chart(results.weight_stability(), results),
        charts.acceptability_chart(results.rank_acceptability(n_samples=500), results),
    ]
    for chart in built:
        go.Figure(chart.figure)  # raises on an invalid property
        assert chart.columns
        assert all(len(row) == len(chart.columns) for row in chart.rows)


def test_agreement_chart_one_point_per_scored_spread(ranked):
    results = get_results(ranked["a"].engagement)
    rows = agreement_rows(results)
    rated = [i for i in results.inputs.indicators if i.kind == "rated" and i.weight > 0]

    chart = charts.agreement_chart(rows, [row.candidate for row in results.rows], rated)

    go.Figure(chart.figure)
    assert len(chart.rows) == len([r for r in rows if r["spread"] is not None])


def test_value_chart_is_valid_plotly():
    chart = charts.value_chart([("A", 100.0, 60.0), ("B", 120.0, 70.0)], ["A", "B"])
    go.Figure(chart.figure)
    assert chart.rows == [["A", 100, 60.0, "yes"], ["B", 120, 70.0, "yes"]]


def test_charts_separators_and_labels_follow_the_active_language():
    from django.utils import translation

    with translation.override("es-mx"):
        spanish = charts.value_chart([("A", 100.0, 60.0)], ["A"])
    with translation.override("de"):  # a decimal comma, to show the setting is read
        german = charts.value_chart([("A", 100.0, 60.0)], ["A"])

    assert spanish.figure["layout"]["separators"] == ".,"
    assert german.figure["layout"]["separators"] == ",."
    assert spanish.figure["layout"]["xaxis"]["title"]["text"] == "TCO en el horizonte (USD)"
    go.Figure(spanish.figure)


def test_chart_config_locale_follows_the_active_language():
    from django.utils import translation

    with translation.override("es-mx"):
        spanish = charts.chart_config()
    with translation.override("en"):
        english = charts.chart_config()

    assert spanish["locale"] == "es-MX"  # plotly resolves es-MX to the bundled "es"
    assert english["locale"] == "en"
    assert spanish["modeBarButtonsToRemove"] == ["select2d", "lasso2d"]
    assert spanish["showSendToCloud"] is False  # no upload of client data to Plotly Cloud


def test_results_page_in_spanish_gives_its_charts_the_spanish_locale(client, world, ranked):
    client.force_login(world.users[Role.CONSULTANT])
    url = reverse("scorecard:results", kwargs={"pk": world.engagement.pk})

    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es-MX").content.decode()

    found = re.search(
        r'data-chart-config="ranking-config".*?<script id="ranking-config" '
        r'type="application/json">(.*?)</script>',
        spanish,
        re.S,
    )
    assert found is not None
    assert json.loads(found.group(1))["locale"] == "es-MX"


def test_plotly_bundle_registers_the_spanish_locale():
    # The self-hosted bundle (vendor-build/entry.js) carries plotly's "es" dictionary.
    bundle = finders.find("vendor/plotly-4.1.1/plotly-scorecard.min.js")
    with open(bundle, encoding="utf-8") as file:
        source = file.read()
    assert 'name:"es"' in source
    assert "Autoescalar" in source  # the toolbar's "Autoscale"


def test_cost_buildup_chart_stacks_the_tco_components_per_bid():
    parts = {"labour": 900.0, "overtime": 20.0, "technology": 50.0, "one_off": 30.0}
    chart = charts.cost_buildup_chart([("A", parts), ("B", {"labour": 1200.0})])

    go.Figure(chart.figure)
    assert chart.figure["layout"]["barmode"] == "stack"
    assert len(chart.figure["data"]) == 6  # labour, overtime, technology, continuity, …
    assert chart.rows == [["A", 900, 20, 50, 0, 0, 30, 1000], ["B", 1200, 0, 0, 0, 0, 0, 1200]]


def test_cost_buildup_chart_speaks_spanish():
    from django.utils import translation

    with translation.override("es-mx"):
        chart = charts.cost_buildup_chart([("A", {"labour": 1.0})])

    assert chart.figure["layout"]["xaxis"]["title"]["text"] == "TCO en el horizonte (USD)"
    assert chart.figure["data"][0]["name"] == "mano de obra"
    assert chart.title == "Composición del costo"
