"""Plotly figures of engagement results, shared by the web pages and the PDF report.

Each function returns a :class:`Chart`: a plotly figure as a plain dict (``data`` and
``layout``, what ``plotly.graph_objects.Figure`` accepts and plotly.js draws) and the same
numbers as a table, shown under every chart for screen readers and exported with it. Figures
are built as dicts rather than ``graph_objects`` because validating a figure costs more than
the whole ranking; tests validate every chart with ``plotly.graph_objects.Figure``.

Size: one module on purpose: every figure of the app is defined here once, for page and PDF
alike, and the figures share the palette and layout helpers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.conf import settings
from django.utils import translation
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from cities.geography import mexico_outline

# Colour-blind-safe palette (Okabe–Ito), one colour per criterion in catalogue order.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
# Chart width in the report, CSS pixels: the A4 text block (170 mm) at 96 px per inch, rounded up.
CHART_WIDTH = 720
FONT = {"family": "DejaVu Sans, Arial, sans-serif", "size": 12}
# Toolbar ("modebar") buttons for selecting points: no chart here has points to select.
MODEBAR_REMOVED = ("select2d", "lasso2d")


def chart_config() -> dict:
    """The plotly.js config of the page's charts (static/js/charts.js passes it to ``newPlot``).

    ``locale`` is the active language as a BCP 47 tag ("en", "es-MX"): plotly looks up
    "es-MX", then "es", whose strings (toolbar, month names) the self-hosted bundle registers
    (``vendor-build/entry.js``). Not used by the PDF, whose charts are static images.
    """
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "responsive": True,
        "displaylogo": False,
        "modeBarButtonsToRemove": list(MODEBAR_REMOVED),
        # plotly.js 4 shows a "Share chart..." button that uploads the chart's data to Plotly
        # Cloud: engagements are confidential, their figures never leave the app.
        "showSendToCloud": False,
        "locale": translation.to_locale(language).replace("_", "-"),
    }


@dataclass
class Chart:
    """A figure and its data as a table (``columns``, ``rows``)."""

    id: str
    title: str
    figure: dict
    columns: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    note: str = ""

    @property
    def data_id(self) -> str:
        return f"{self.id}-data"

    @property
    def config_id(self) -> str:
        return f"{self.id}-config"

    @property
    def config(self) -> dict:
        """:func:`chart_config` in the language active where the chart is rendered."""
        return chart_config()


def _layout(title: str, **extra) -> dict:
    layout = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        "font": FONT,
        # Decimal and thousands separators of the active language (es-MX: 82.8, 2,150).
        "separators": get_format("DECIMAL_SEPARATOR") + get_format("THOUSAND_SEPARATOR"),
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        # Below everything, in the figure's own space: a legend in plot coordinates
        # overlaps the axis title as soon as it wraps to a second row.
        "legend": {
            "orientation": "h",
            "xref": "container",
            "yref": "container",
            "x": 0,
            "y": 0,
            "yanchor": "bottom",
            "traceorder": "normal",
        },
    }
    layout.update(extra)
    # Axis titles get room of their own, away from the tick labels.
    for axis in ("xaxis", "yaxis"):
        if axis in layout:
            layout[axis] = {"automargin": True, **layout[axis]}
            if "title" in layout[axis]:
                layout[axis]["title"] = {"standoff": 8, **layout[axis]["title"]}
    return layout


def _legend_height(n_items: int, per_row: int) -> int:
    """Pixels to add to a figure's height for a horizontal legend of ``n_items``."""
    return 24 * -(-n_items // per_row)


def _round(value, digits: int = 2):
    return None if value is None or value != value else round(float(value), digits)


def ranking_chart(results, *, top: int | None = None) -> Chart:
    """Stacked horizontal bars: each ranked candidate's total split by criterion (points).
    With ``top``, only the first ``top`` candidates are drawn (and listed in the chart's
    table), with a note saying so: a long list is read in the ranking table."""
    rows = results.ranked if top is None else results.ranked[:top]
    labels = [f"{row.rank}. {row.candidate.label}" for row in rows]
    data = []
    for i, criterion in enumerate(results.criteria):
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": criterion.name,
                "y": labels,
                "x": [_round(row.contributions.get(criterion.code, 0.0)) for row in rows],
                "marker": {"color": PALETTE[i % len(PALETTE)]},
                "hovertemplate": "%{y}<br>" + criterion.name + ": %{x:.1f}<extra></extra>",
            }
        )
    title = (
        _("Ranking: TOPSIS closeness × 100, split by criterion")
        if results.method == "topsis"
        else _("Ranking: points of 100 each criterion contributes")
    )
    figure = {
        "data": data,
        "layout": _layout(
            title,
            barmode="stack",
            height=max(260, 60 + 36 * len(rows)) + _legend_height(len(data), 3),
            xaxis={"range": [0, 100], "gridcolor": "#e5e5e5"},
            yaxis={"autorange": "reversed", "automargin": True},
        ),
    }
    # Three legend entries a row: criterion names are long, plotly would stack them one a row.
    figure["layout"]["legend"].update(entrywidth=220, entrywidthmode="pixels")
    columns = [_("Rank"), _("Candidate"), _("Total")] + [c.name for c in results.criteria]
    table = [
        [row.rank, row.candidate.label, _round(row.total, 1)]
        + [_round(row.contributions.get(c.code, 0.0), 1) for c in results.criteria]
        for row in rows
    ]
    note = ""
    if len(rows) < len(results.ranked):
        note = _(
            "The chart shows the first %(top)s of %(total)s ranked candidates; the table lists "
            "every one."
        ) % {"top": len(rows), "total": len(results.ranked)}
    return Chart("ranking", _("Ranking"), figure, columns, table, note)


def radar_chart(results, candidate_ids: Sequence[int]) -> Chart:
    """Criterion scores (0–5) of a few candidates on one radar."""
    by_id = {row.candidate.id: row for row in results.rows}
    names = [c.name for c in results.criteria]
    data, table = [], []
    for i, cid in enumerate(candidate_ids):
        row = by_id[cid]
        values = [_round(row.criterion_scores.get(c.code), 2) for c in results.criteria]
        data.append(
            {
                "type": "scatterpolar",
                "name": row.candidate.label,
                "r": [*values, values[0]],
                "theta": [*names, names[0]],
                "fill": "toself",
                "opacity": 0.6,
                "line": {"color": PALETTE[i % len(PALETTE)]},
            }
        )
        table.append([row.candidate.label, *values])
    figure = {
        "data": data,
        "layout": _layout(
            _("Criterion scores (0–5)"),
            polar={"radialaxis": {"range": [0, 5], "tickvals": [0, 1, 2, 3, 4, 5]}},
            height=420,
            showlegend=True,
        ),
    }
    return Chart("radar", _("Head-to-head"), figure, [_("Candidate"), *names], table)


def agreement_chart(rows: list[dict], candidates: list, indicators: list) -> Chart:
    """Dot matrix of the spread (highest minus lowest assessor score) per candidate × indicator."""
    # "Provider — City" on two lines: on a phone a one-line label ran off the chart's left edge.
    shown = {c.id: c.label.replace(" — ", "<br>", 1) for c in candidates}
    cand_labels = [shown[c.id] for c in candidates]
    ind_codes = [i.code for i in indicators]
    ind_names = [i.name for i in indicators]
    spread = {(r["candidate_id"], r["indicator"]): r["spread"] for r in rows}
    # A dot matrix rather than a heatmap: plotly.js draws heatmaps with style attributes that a
    # strict Content-Security-Policy refuses. Bigger, darker dots are larger disagreements.
    ind_names = [name if len(name) <= 32 else name[:30].rstrip() + "…" for name in ind_names]
    names = dict(zip(ind_codes, ind_names, strict=True))
    points = [
        (shown[c.id], names[code], value)
        for c in candidates
        for code in ind_codes
        if (value := _round(spread.get((c.id, code)), 1)) is not None
    ]
    figure = {
        "data": [
            {
                "type": "scatter",
                "mode": "markers",
                "x": [p[1] for p in points],
                "y": [p[0] for p in points],
                "marker": {
                    "size": [6 + 5 * p[2] for p in points],
                    "color": [p[2] for p in points],
                    "cmin": 0,
                    "cmax": 5,
                    "colorscale": [[0, "#d9e6f2"], [0.4, "#f0a202"], [1, "#b30000"]],
                    "line": {"width": 0.5, "color": "#555555"},
                },
                "hovertemplate": "%{y}<br>%{x}<br>"
                + _("spread")
                + ": %{marker.color}<extra></extra>",
            }
        ],
        "layout": _layout(
            _("Assessor spread per indicator (points on the 0–5 rubric)"),
            height=max(360, 260 + 42 * len(candidates)),
            xaxis={
                "tickangle": -45,
                "automargin": True,
                "categoryorder": "array",
                "categoryarray": ind_names,
            },
            yaxis={
                "automargin": True,
                "autorange": "reversed",
                "categoryorder": "array",
                "categoryarray": cand_labels,
            },
        ),
    }
    table = [
        [r["candidate"], r["indicator_name"], r["spread"], r["scores_text"]]
        for r in rows
        if r["spread"] is not None
    ]
    return Chart(
        "agreement",
        _("Assessor agreement"),
        figure,
        [_("Candidate"), _("Indicator"), _("Spread"), _("Scores")],
        table,
        note=_(
            "one dot per indicator with scores from two or more assessors; bigger and darker "
            "dots are larger spreads (pale blue: agreement, dark red: 5 points apart)"
        ),
    )


def tornado_chart(stability: pd.DataFrame, results) -> Chart:
    """For each criterion, the weight interval over which the current winner stays first."""
    names = {c.code: c.name for c in results.criteria}
    labels_by_id = {row.candidate.id: row.candidate.label for row in results.rows}
    rows = []
    for code, row in stability.iterrows():
        low, high, current = (float(row[k]) * 100 for k in ("lower", "upper", "weight"))
        rivals = (
            labels_by_id.get(row["rival_below"], ""),
            labels_by_id.get(row["rival_above"], ""),
        )
        rows.append((names.get(code, code), low, high, current, *rivals))
    rows.sort(key=lambda r: r[2] - r[1])  # narrowest (most sensitive) first
    labels = [r[0] for r in rows]
    figure = {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": _("winner stays first"),
                "y": labels,
                "base": [_round(r[1], 1) for r in rows],
                "x": [_round(r[2] - r[1], 1) for r in rows],
                "marker": {"color": "#0072B2"},
                "hovertemplate": "%{y}: %{base:.1f}% – %{customdata:.1f}%<extra></extra>",
                "customdata": [_round(r[2], 1) for r in rows],
            },
            {
                "type": "scatter",
                "mode": "markers",
                "name": _("agreed weight"),
                "y": labels,
                "x": [_round(r[3], 1) for r in rows],
                "marker": {"color": "#D55E00", "size": 11, "symbol": "diamond"},
                "hovertemplate": "%{y}: %{x:.1f}%<extra></extra>",
            },
        ],
        "layout": _layout(
            _("Weight (%) over which the winner stays first, by criterion"),
            height=max(260, 80 + 40 * len(rows)) + _legend_height(2, 2),
            xaxis={"range": [0, 100], "gridcolor": "#e5e5e5"},
            yaxis={"automargin": True, "autorange": "reversed"},
        ),
    }
    table = [[r[0], _round(r[3], 1), _round(r[1], 1), _round(r[2], 1), r[4], r[5]] for r in rows]
    return Chart(
        "tornado",
        _("Weight stability"),
        figure,
        [
            _("Criterion"),
            _("Agreed weight (%)"),
            _("Lowest (%)"),
            _("Highest (%)"),
            _("Leads below the lowest"),
            _("Leads above the highest"),
        ],
        table,
    )


def acceptability_chart(acceptability: pd.DataFrame, results, *, top: int | None = None) -> Chart:
    """Stacked bars: how often each candidate takes each rank when the weights vary. With
    ``top``, only the ``top`` candidates most often ranked high and ranks 1 to ``top``, the
    lower ranks summed in one band, so a long list stays readable and small."""
    labels = {row.candidate.id: row.candidate.label for row in results.rows}
    values = acceptability.to_numpy(dtype=float)
    # Most often first, then second, …: descending on every rank column in turn, ties in the
    # table's order (a stable lexicographic sort; pandas' sort_values on 500 columns took
    # longer than the rest of the page).
    positions = np.lexsort(-values.T[::-1]) if values.size else np.arange(len(values))
    order = acceptability.index[positions]
    shares = values[positions] * 100
    ranks = list(acceptability.columns)
    if top is not None and len(order) > top:
        order = order[:top]
        below = shares[:top, top:].sum(axis=1, keepdims=True)
        shares = np.hstack([shares[:top, :top], below])
        ranks = ranks[:top]
    names = [_("rank %(rank)s") % {"rank": rank} for rank in ranks]
    columns = [_("Rank %(rank)s (%%)") % {"rank": rank} for rank in ranks]
    if len(ranks) < len(acceptability.columns):
        names.append(_("rank %(rank)s or lower") % {"rank": top + 1})
        columns.append(_("Rank %(rank)s or lower (%%)") % {"rank": top + 1})
    y = [labels.get(cid, str(cid)) for cid in order]
    rounded = [[round(value, 1) for value in row] for row in shares.tolist()]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": name,
            "y": y,
            "x": list(x),
            "marker": {"color": PALETTE[i % len(PALETTE)]},
            "hovertemplate": "%{y}: %{x:.1f}%<extra>" + name + "</extra>",
        }
        for i, (name, x) in enumerate(zip(names, zip(*rounded, strict=True), strict=True))
    ]
    figure = {
        "data": data,
        "layout": _layout(
            _("% of weight scenarios in which each candidate takes each rank"),
            barmode="stack",
            height=max(260, 80 + 36 * len(y)) + _legend_height(len(data), 6),
            xaxis={"range": [0, 100]},
            yaxis={"automargin": True, "autorange": "reversed"},
        ),
    }
    table = [[label, *row] for label, row in zip(y, rounded, strict=True)]
    return Chart(
        "acceptability", _("Rank acceptability"), figure, [_("Candidate"), *columns], table
    )


# Points outside the comparison (failed a gate, too few seats).
GREY = "#9a9a9a"


def label_positions(xs: Sequence[float], ys: Sequence[float]) -> list[str]:
    """A text position per point so that labels neither collide nor leave the plot: near the
    left or right edge a label leans inwards; a point whose label would overlap an earlier
    one's (within 30 % of the x range and 8 % of the y range) takes the next free position."""
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    positions: list[str] = []
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        share = (x - min(xs)) / span_x
        if share > 0.8:
            order = ["top left", "bottom left", "middle left", "top center"]
        elif share < 0.2:
            order = ["top right", "bottom right", "middle right", "top center"]
        else:
            order = ["top center", "bottom center", "middle right", "middle left"]
        taken = {
            positions[j].split()[0]
            for j in range(i)
            if abs(xs[j] - x) < 0.3 * span_x and abs(ys[j] - y) < 0.08 * span_y
        }
        positions.append(next((p for p in order if p.split()[0] not in taken), order[0]))
    return positions


def _value_traces(points: Sequence[tuple[str, float, float]], eligible: set[str]) -> list[dict]:
    """The value chart's point traces: eligible candidates, then the others in grey; labels
    placed over all points at once (:func:`label_positions`)."""
    data = []
    traces = (
        (_("candidates"), [p for p in points if p[0] in eligible], PALETTE[0]),
        (_("failed a gate or too few seats"), [p for p in points if p[0] not in eligible], GREY),
    )
    for name, chosen, colour in traces:
        if not chosen:
            continue
        xs = [_round(cost, 0) for _label, cost, _score in chosen]
        ys = [_round(score, 1) for _label, _cost, score in chosen]
        data.append(
            {
                "type": "scatter",
                "mode": "markers+text",
                "name": name,
                "x": xs,
                "y": ys,
                # Short labels on the chart (the provider), the full "Provider — City" on hover.
                "text": [label.split(" — ")[0] for label, _cost, _score in chosen],
                "customdata": [label for label, _cost, _score in chosen],
                "textposition": [],
                "marker": {"color": colour, "size": 11},
                "hovertemplate": "%{customdata}<br>USD %{x:,.0f}<br>%{y:.1f}<extra></extra>",
            }
        )
    # Label positions over every point, whichever trace it is in.
    all_x = [float(cost) for trace in data for cost in trace["x"]]
    all_y = [float(score) for trace in data for score in trace["y"]]
    positions = iter(label_positions(all_x, all_y))
    for trace in data:
        trace["textposition"] = [next(positions) for _x in trace["x"]]
    return data


def value_chart(
    points: Sequence[tuple[str, float, float]],
    frontier: Sequence[str],
    eligible: set[str] | None = None,
) -> Chart:
    """Value for money: total score against TCO (USD) per candidate, with the efficient
    frontier (candidates no other beats on both cost and score) as a line.

    ``points`` are (label, TCO, score); candidates without pricing or score are left out by the
    caller and named in the page text. Candidates outside ``eligible`` (a failed gate, too few
    seats; ``None``: all eligible) are drawn in grey and never on the frontier.
    """
    on_frontier = set(frontier)
    eligible = {label for label, _c, _s in points} if eligible is None else eligible
    by_label = {label: (cost, score) for label, cost, score in points}
    data = _value_traces(points, eligible)
    data.append(
        {
            "type": "scatter",
            "mode": "lines",
            "name": _("efficient frontier"),
            "x": [_round(by_label[label][0], 0) for label in frontier],
            "y": [_round(by_label[label][1], 1) for label in frontier],
            "line": {"color": PALETTE[5], "dash": "dash", "shape": "hv"},
            "hoverinfo": "skip",
        }
    )
    figure = {
        "data": data,
        "layout": _layout(
            _("Score against total cost of ownership (base FX scenario)"),
            height=380,
            xaxis={
                "title": {"text": _("TCO over the horizon (USD)")},
                "gridcolor": "#e5e5e5",
                "automargin": True,
            },
            yaxis={
                "title": {"text": _("total score")},
                "gridcolor": "#e5e5e5",
                "automargin": True,
            },
        ),
    }
    table = [
        [label, round(cost), _round(score, 1), _("yes") if label in on_frontier else _("no")]
        for label, cost, score in sorted(points, key=lambda p: p[1])
    ]
    return Chart(
        "value",
        _("Value for money"),
        figure,
        [_("Candidate"), _("TCO (USD)"), _("Total score"), _("On the efficient frontier")],
        table,
    )


# City map: names stand in two columns beside the map, at least MAP_LABEL_PX apart, with a
# leader line to their city, so no two labels can overlap however close the cities are.
MAP_LABEL_PX = 17
MAP_LABEL_COLUMN = 10.0  # degrees of longitude kept free on each side for the names
MAP_MARGIN = {"l": 10, "r": 10, "t": 50, "b": 10}  # px


def spread_labels(targets: Sequence[float], low: float, high: float, gap: float) -> list[float]:
    """Positions for labels wanted at ``targets`` (highest first), each as close to its target
    as the others allow, at least ``gap`` apart and inside ``[low, high]``. When they cannot
    all fit, they are spaced evenly over the whole range (closer than ``gap``)."""
    n = len(targets)
    if n == 0:
        return []
    if n > 1 and (n - 1) * gap > high - low:
        return [high - i * (high - low) / (n - 1) for i in range(n)]
    positions: list[float] = []
    for target in targets:
        ceiling = high if not positions else positions[-1] - gap
        positions.append(min(max(target, low), ceiling))
    # Pushed below the bottom: move up from the last label until each one keeps its gap.
    positions[-1] = max(positions[-1], low)
    for i in range(n - 2, -1, -1):
        positions[i] = max(positions[i], positions[i + 1] + gap)
    return positions


def capacity(span: float, gap: float) -> int:
    """How many labels ``gap`` apart fit in ``span`` (same unit), the ends included."""
    return int(span / gap + 1e-9) + 1


def split_columns(longitudes: Sequence[float], middle: float, room: int) -> int:
    """How many of the cities (``longitudes`` sorted west to east) are named in the left
    column: those west of ``middle``, the nearer side for their leader lines, unless a column
    would hold more than ``room`` labels; then the cities nearest the middle change sides."""
    n = len(longitudes)
    split = sum(1 for lon in longitudes if lon < middle)
    return min(max(split, n - room), room) if n <= 2 * room else (n + 1) // 2


def _outline_trace(rings, name: str, fill: str, line: str) -> dict:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in rings:
        xs += [lon for lon, _lat in ring] + [ring[0][0], None]
        ys += [lat for _lon, lat in ring] + [ring[0][1], None]
    return {
        "type": "scatter",
        "mode": "lines",
        "name": name,
        "x": xs,
        "y": ys,
        "fill": "toself",
        "fillcolor": fill,
        "line": {"color": line, "width": 0.8},
        "hoverinfo": "skip",
        "showlegend": False,
    }


def _callouts(points: list[tuple], outline, gap: float) -> list[dict]:
    """A label per city (``points``: number, city, lon, lat) in the column nearer to it, at
    least ``gap`` degrees of latitude from its neighbours, with a leader line to the city."""
    west, east, south, north = outline.frame
    by_longitude = sorted(points, key=lambda p: (p[2], p[0]))
    split = split_columns(
        [p[2] for p in by_longitude], (west + east) / 2, capacity(north - south, gap)
    )
    annotations = []
    for column, x, anchor in (
        (by_longitude[:split], west - 0.3, "right"),
        (by_longitude[split:], east + 0.3, "left"),
    ):
        column = sorted(column, key=lambda p: (-p[3], p[0]))
        ys = spread_labels([p[3] for p in column], south, north, gap)
        for (n, city, lon, lat), y in zip(column, ys, strict=True):
            annotations.append(
                {
                    "x": lon,
                    "y": lat,
                    "ax": x,
                    "ay": round(y, 3),
                    "axref": "x",
                    "ayref": "y",
                    "xanchor": anchor,
                    "text": f"{n} {city.display_name}",
                    "showarrow": True,
                    "arrowhead": 0,
                    "arrowwidth": 0.7,
                    "arrowcolor": "#8c8c8c",
                    "standoff": 4,
                    "font": {"size": 11},
                }
            )
    return annotations


def _city_markers(points: list[tuple], candidates: dict[int, list[str]]) -> dict:
    """One marker per city, bigger with more candidates (up to four), which it names on hover."""
    hover = [
        "<br>".join(
            [
                f"<b>{n} {city.display_name}</b> ({city.state})",
                *(candidates.get(city.pk) or [_("no candidate")]),
            ]
        )
        for n, city, _lon, _lat in points
    ]
    return {
        "type": "scatter",
        "mode": "markers",
        "name": _("delivery cities"),
        "x": [lon for _n, _city, lon, _lat in points],
        "y": [lat for _n, _city, _lon, lat in points],
        "text": [str(n) for n, _city, _lon, _lat in points],
        "customdata": hover,
        "marker": {
            "color": PALETTE[0],
            "size": [7 + 3 * min(len(candidates.get(c.pk, [])), 4) for _n, c, _x, _y in points],
            "line": {"color": "white", "width": 1},
        },
        "hovertemplate": "%{customdata}<extra></extra>",
        "showlegend": False,
    }


def city_map_chart(cities: Sequence, candidates: dict[int, list[str]]) -> Chart:
    """The cities (``cities.models.City``, in the order given, numbered from 1) on a map of
    Mexico, each marker sized by the number of ``candidates`` (city id → labels) delivering
    from it, named in a column beside the map with a leader line, and its candidates on hover.

    The map is an equirectangular projection (``cities.geography``) drawn with plain scatter
    traces, on axes locked to the true shape at Mexico's middle latitude. Cities without
    coordinates (or outside the map's frame) are left off the map and named in the note; the
    table lists every city.
    """
    outline = mexico_outline()
    west, east, south, north = outline.frame
    x_range = [west - MAP_LABEL_COLUMN, east + MAP_LABEL_COLUMN]
    # The height at which the map exactly fills the report's width; a wider page keeps the
    # height (the longitude range grows), so MAP_LABEL_PX holds at every width from there up.
    plot_width = CHART_WIDTH - MAP_MARGIN["l"] - MAP_MARGIN["r"]
    px_per_degree = plot_width / (x_range[1] - x_range[0]) * outline.aspect
    numbered = list(enumerate(cities, start=1))
    points = [
        (n, city, float(city.longitude), float(city.latitude))
        for n, city in numbered
        if city.has_coordinates and outline.contains(float(city.longitude), float(city.latitude))
    ]
    placed = {city.pk for _n, city, _lon, _lat in points}
    axis = {"visible": False, "showgrid": False, "zeroline": False}
    figure = {
        "data": [
            _outline_trace(outline.neighbours, _("neighbouring countries"), "#f4f4f4", "#c8c8c8"),
            _outline_trace(outline.mexico, _("Mexico"), "#efe9d9", "#7f7f7f"),
            _city_markers(points, candidates),
        ],
        "layout": _layout(
            _("Where the candidates deliver from"),
            height=round(px_per_degree * (north - south)) + MAP_MARGIN["t"] + MAP_MARGIN["b"],
            margin=MAP_MARGIN,
            xaxis={**axis, "range": x_range},
            # Locked to the x axis: a degree of latitude 1/cos(φ) times a degree of longitude.
            yaxis={
                **axis,
                "range": [south, north],
                "scaleanchor": "x",
                "scaleratio": round(outline.aspect, 4),
            },
            annotations=_callouts(points, outline, MAP_LABEL_PX / px_per_degree),
            showlegend=False,
            hovermode="closest",
            # For static/js/charts.js on a screen narrower than the report.
            meta={
                "map": "cities",
                "frame": list(outline.frame),
                "design_width": CHART_WIDTH,
                "label_px": MAP_LABEL_PX,
            },
        ),
    }
    missing = [city.display_name for _n, city in numbered if city.pk not in placed]
    note = _("Outline: %(source)s (public domain).") % {"source": outline.source}
    if missing:
        note += " " + _("Not on the map (no coordinates, or outside Mexico): %(cities)s.") % {
            "cities": ", ".join(missing)
        }
    table = [
        [n, city.display_name, ", ".join(candidates.get(city.pk, [])) or "—"]
        for n, city in numbered
    ]
    return Chart(
        "city-map",
        _("Map of the delivery cities"),
        figure,
        [_("No."), _("City"), _("Candidates")],
        table,
        note=note,
    )


def cost_component_labels() -> dict[str, str]:
    """The TCO's components (:attr:`scorecard.domain.tco.TcoResult.components`) in words."""
    return {
        "labour": _("labour"),
        "overtime": _("overtime"),
        "technology": _("technology"),
        "continuity": _("continuity and security"),
        "governance": _("your governance effort"),
        "one_off": _("one-off fees"),
    }


def cost_buildup_chart(bids: Sequence[tuple[str, dict[str, float]]]) -> Chart:
    """Stacked horizontal bars: each bidder's TCO over the horizon (USD, base FX) split into
    the TCO's components, in the order of ``bids`` (label, {component: USD}).

    The caller converts each component to USD (the TCO's own conversion) and leaves out
    candidates without pricing.
    """
    labels = cost_component_labels()
    names = [label for label, _parts in bids]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": title,
            "y": names,
            "x": [_round(parts.get(code, 0.0), 0) for _label, parts in bids],
            "marker": {"color": PALETTE[i % len(PALETTE)]},
            "hovertemplate": "%{y}<br>" + title + ": %{x:,.0f}<extra></extra>",
        }
        for i, (code, title) in enumerate(labels.items())
    ]
    figure = {
        "data": data,
        "layout": _layout(
            _("What each bid's total cost of ownership is made of (base FX scenario)"),
            barmode="stack",
            height=max(260, 60 + 36 * len(bids)) + _legend_height(len(data), 3),
            xaxis={"title": {"text": _("TCO over the horizon (USD)")}, "gridcolor": "#e5e5e5"},
            yaxis={"autorange": "reversed", "automargin": True},
        ),
    }
    columns = [_("Candidate"), *labels.values(), _("TCO (USD)")]
    table = [
        [label]
        + [_round(parts.get(code, 0.0), 0) for code in labels]
        + [_round(sum(parts.values()), 0)]
        for label, parts in bids
    ]
    return Chart("cost-buildup", _("Cost build-up"), figure, columns, table)
