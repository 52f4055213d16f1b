"""The city map (:func:`scorecard.charts.city_map_chart`): a valid figure drawn from the outline
in the repository with nothing to fetch, every city named once with labels that cannot
overlap, and the candidates of each city in hover and table."""

from __future__ import annotations

import itertools
import json
from decimal import Decimal
from pathlib import Path

import plotly.graph_objects as go
import pytest
import yaml
from django.conf import settings
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from cities.geography import mexico_outline
from cities.models import City
from scorecard import charts

FIXTURE_CITIES = [
    row["fields"]
    for row in yaml.safe_load((Path(settings.BASE_DIR) / "fixtures" / "cities.yaml").read_text())
    if row["model"] == "cities.city"
]


def _cities(rows: list[dict]) -> list[City]:
    return [
        City(
            pk=pk,
            name=row["name"],
            state=row["state"],
            latitude=Decimal(row["latitude"]) if row.get("latitude") else None,
            longitude=Decimal(row["longitude"]) if row.get("longitude") else None,
        )
        for pk, row in enumerate(rows, start=1)
    ]


def _label_gaps(figure: dict) -> dict[str, list[float]]:
    """Pixels between consecutive labels of each column, at the report's width."""
    layout = figure["layout"]
    south, north = layout["yaxis"]["range"]
    plot_height = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    px_per_degree = plot_height / (north - south)
    columns: dict[str, list[float]] = {}
    for note in layout["annotations"]:
        columns.setdefault(note["xanchor"], []).append(note["ay"])
    return {
        side: [(a - b) * px_per_degree for a, b in itertools.pairwise(ys)]
        for side, ys in columns.items()
    }


def test_city_map_of_every_fixture_city_names_each_once_without_overlap():
    cities = _cities(FIXTURE_CITIES)

    chart = charts.city_map_chart(cities, {1: ["Alpha — Aguascalientes"]})

    go.Figure(chart.figure)  # raises on an invalid property
    notes = chart.figure["layout"]["annotations"]
    assert sorted(note["text"] for note in notes) == sorted(
        f"{n} {city.name}" for n, city in enumerate(cities, start=1)
    )
    gaps = _label_gaps(chart.figure)
    assert set(gaps) == {"left", "right"}
    assert min(min(g) for g in gaps.values()) >= charts.MAP_LABEL_PX - 0.1
    _west, _east, south, north = mexico_outline().frame
    assert all(south <= note["ay"] <= north for note in notes)


def test_city_map_lists_candidates_per_city_in_hover_and_table():
    cities = _cities(FIXTURE_CITIES[:3])  # Aguascalientes, Cancún, Chihuahua
    candidates = {1: ["Alpha — Aguascalientes", "Bravo — Chihuahua"], 3: ["Bravo — Chihuahua"]}

    chart = charts.city_map_chart(cities, candidates)

    markers = chart.figure["data"][-1]
    assert markers["customdata"] == [
        "<b>1 Aguascalientes</b> (Aguascalientes)<br>Alpha — Aguascalientes<br>Bravo — Chihuahua",
        "<b>2 Cancún</b> (Quintana Roo)<br>no candidate",
        "<b>3 Chihuahua</b> (Chihuahua)<br>Bravo — Chihuahua",
    ]
    assert markers["marker"]["size"][0] > markers["marker"]["size"][2]  # two candidates, one
    assert chart.rows == [
        [1, "Aguascalientes", "Alpha — Aguascalientes, Bravo — Chihuahua"],
        [2, "Cancún", "—"],
        [3, "Chihuahua", "Bravo — Chihuahua"],
    ]


def test_city_map_leaves_a_city_without_coordinates_off_the_map_and_names_it():
    rows = [*FIXTURE_CITIES[:2], {"name": "Atlantis", "state": "Mar"}]
    rows.append({"name": "Sign slip", "state": "NL", "latitude": "25.7", "longitude": "100.3"})

    chart = charts.city_map_chart(_cities(rows), {})

    assert sorted(note["text"] for note in chart.figure["layout"]["annotations"]) == [
        "1 Aguascalientes",
        "2 Cancún",
    ]
    assert "Not on the map (no coordinates, or outside Mexico): Atlantis, Sign slip." in chart.note
    assert chart.rows[2] == [3, "Atlantis", "—"]
    assert len(chart.figure["data"][-1]["x"]) == 2


def test_city_map_needs_nothing_from_elsewhere():
    chart = charts.city_map_chart(_cities(FIXTURE_CITIES), {})
    text = json.dumps(chart.figure)

    assert "http" not in text
    assert "//" not in text
    assert {trace["type"] for trace in chart.figure["data"]} == {"scatter"}  # no geo trace
    assert "geo" not in chart.figure["layout"]
    assert "topojson" not in text.lower()
    raw = (Path(settings.BASE_DIR) / "cities" / "data" / "mexico-outline.json").read_text()
    assert "http" not in raw


def test_city_map_axes_keep_mexico_in_shape():
    chart = charts.city_map_chart(_cities(FIXTURE_CITIES[:1]), {})
    yaxis = chart.figure["layout"]["yaxis"]

    assert yaxis["scaleanchor"] == "x"
    assert yaxis["scaleratio"] == pytest.approx(1.0931, abs=1e-3)  # 1 / cos(23.7°)


def test_city_map_titles_in_spanish():
    with translation.override("es-mx"):
        chart = charts.city_map_chart(_cities(FIXTURE_CITIES[:1]), {})

    assert chart.figure["layout"]["title"]["text"] == "Desde dónde operan los candidatos"
    assert chart.title == "Mapa de las ciudades de operación"
    assert chart.columns == ["Núm.", "Ciudad", "Candidatos"]


def test_outline_points_lie_in_the_frame():
    outline = mexico_outline()
    west, east, south, north = outline.frame

    points = [point for ring in outline.mexico + outline.neighbours for point in ring]

    assert len(outline.mexico) >= 3  # the mainland, Baja's islands, Cozumel…
    assert all(west <= lon <= east and south <= lat <= north for lon, lat in points)


def test_spread_labels_by_hand():
    # 20 and 19.5 are too close for a gap of 1: the second moves down.
    assert charts.spread_labels([20, 19.5, 15], 10, 30, 1) == [20, 19, 15]
    # Pushed below the bottom, the column moves up from there.
    assert charts.spread_labels([10.5, 10.2], 10, 30, 1) == [11, 10]
    # More than fit: evenly over the range.
    assert charts.spread_labels([5, 5, 5], 0, 1, 1) == [1, 0.5, 0]


@given(
    st.lists(st.floats(min_value=-5, max_value=40), min_size=1, max_size=25),
    st.floats(min_value=0.2, max_value=3),
)
def test_spread_labels_keeps_the_gap_inside_the_range(targets, gap):
    targets = sorted(targets, reverse=True)
    low, high = 10.0, 30.0

    positions = charts.spread_labels(targets, low, high, gap)

    assert all(low - 1e-9 <= y <= high + 1e-9 for y in positions)
    if (len(targets) - 1) * gap <= high - low:
        assert all(a - b >= gap - 1e-9 for a, b in itertools.pairwise(positions))


def test_split_columns_nearer_side_unless_a_column_is_full():
    assert charts.split_columns([-110, -105, -95, -90], -102, 5) == 2
    assert charts.split_columns([-110, -109, -108, -107, -90], -102, 3) == 3
    assert charts.split_columns([-90, -89, -88, -87], -102, 3) == 1
