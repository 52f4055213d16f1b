"""The seat plan (:mod:`scorecard.domain.seats`): hand-computed ramps, the peak, bad plans."""

from __future__ import annotations

import pytest

from scorecard.domain.seats import SeatPlan, milestones, peak_seats, seats_by_month


def test_seats_by_month_without_target_stays_at_go_live():
    assert seats_by_month(SeatPlan(250), 4) == [250, 250, 250, 250]
    assert peak_seats(SeatPlan(250)) == 250


def test_seats_by_month_linear_ramp_hand_computed():
    """250 → 400 by month 12: + 12.5 seats a month, half up: 262.5 → 263, 287.5 → 288."""
    seats = seats_by_month(SeatPlan(250, 400, 12), 15)
    assert seats[:4] == [250, 263, 275, 288]
    assert seats[6] == 325
    assert seats[11] == 388  # 250 + 137.5, half up
    assert seats[12:] == [400, 400, 400]


def test_seats_by_month_reaches_target_in_month_one():
    assert seats_by_month(SeatPlan(10, 20, 1), 3) == [10, 20, 20]


def test_peak_seats_is_the_target_even_beyond_the_horizon():
    """Capacity is tested against the peak, whenever it is reached."""
    plan = SeatPlan(250, 400, 60)
    assert max(seats_by_month(plan, 12)) < 400
    assert peak_seats(plan) == 400


def test_milestones_every_quarter_and_the_target_month():
    assert milestones(SeatPlan(250, 400, 12)) == [
        (0, 250),
        (3, 288),
        (6, 325),
        (9, 363),
        (12, 400),
    ]
    assert milestones(SeatPlan(100, 110, 4)) == [(0, 100), (3, 108), (4, 110)]
    assert milestones(SeatPlan(100)) == [(0, 100)]


@pytest.mark.parametrize(
    ("go_live", "target", "month"),
    [
        (0, None, None),
        (250, 200, 12),
        (250, 400, None),
        (250, None, 12),
        (250, 400, 0),
        (250, 400, 61),
    ],
)
def test_seat_plan_rejects_incoherent_plans(go_live, target, month):
    with pytest.raises(ValueError):
        SeatPlan(go_live, target, month)
