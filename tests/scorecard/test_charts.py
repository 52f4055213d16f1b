"""Plotly figures built from engine results (:mod:`scorecard.charts`): valid figures, and the
table each chart carries for readers who cannot see it."""

from __future__ import annotations

import plotly.graph_objects as go

from scorecard import charts
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
