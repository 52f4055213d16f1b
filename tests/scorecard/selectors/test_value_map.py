"""The value map: the frontier is drawn from eligible candidates only (ranked, enough seats)."""

from __future__ import annotations

from types import SimpleNamespace as NS

from scorecard import charts
from scorecard.selectors.costs import value_map


def _cost(pk, label, total):
    return NS(candidate=NS(pk=pk, label=label), tco=NS(base=NS(total=total)))


def _row(pk, total, rank, seats):
    return NS(candidate=NS(id=pk, seats_available=seats), total=total, rank=rank)


def test_value_map_frontier_leaves_out_failed_gates_and_too_few_seats():
    overview = NS(
        priced=[
            _cost(1, "Cheap but excluded", 10.0),
            _cost(2, "Cheap, too few seats", 11.0),
            _cost(3, "Eligible mid", 20.0),
            _cost(4, "Eligible dear", 30.0),
        ]
    )
    rows = [_row(1, 90.0, None, 500), _row(2, 95.0, 2, 100), _row(3, 80.0, 3, 300)]
    rows.append(_row(4, 99.0, 1, 300))
    value = value_map(overview, rows, seats_needed=250)
    assert value.eligible == {"Eligible mid", "Eligible dear"}
    assert value.frontier == ["Eligible mid", "Eligible dear"]
    assert len(value.points) == 4  # every priced, scored candidate is still plotted


def test_label_positions_separate_close_points_and_lean_in_at_the_edges():
    positions = charts.label_positions([10.0, 50.0, 51.0, 100.0], [50.0, 70.0, 70.5, 60.0])
    assert positions[0].endswith("right")  # left edge
    assert positions[3].endswith("left")  # right edge
    assert positions[1].split()[0] != positions[2].split()[0]  # close points differ
