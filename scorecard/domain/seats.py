"""The seat plan of a scope: seats at go-live, growing to a target (pure: no Django).

:func:`seats_by_month` is the one rule every reader follows: the TCO prices each month at that
month's seats, the capacity checks (seats coverage, the seats gate, "enough seats" flags) test
the plan's :func:`peak_seats`, and the pages and the report print the plan from it.

Months count from go-live, which is month 0 (the TCO's first month of service). A plan with a
target grows linearly from ``go_live`` seats in month 0 to ``target`` seats in month
``target_month``, each month rounded to whole seats (half up), and stays at the target after.
A plan without a target stays at ``go_live`` seats.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# The latest month (after go-live) a target may be reached: the TCO's longest horizon.
TARGET_MONTH_MAX = 60


@dataclass(frozen=True)
class SeatPlan:
    """``go_live`` seats (≥ 1); optionally ``target`` seats (≥ ``go_live``) reached in month
    ``target_month`` after go-live (1–:data:`TARGET_MONTH_MAX`). Give both or neither."""

    go_live: int
    target: int | None = None
    target_month: int | None = None

    def __post_init__(self) -> None:
        if self.go_live < 1:
            raise ValueError("a scope needs at least one seat at go-live")
        if (self.target is None) != (self.target_month is None):
            raise ValueError("give the target seats and the month they are reached, or neither")
        if self.target is not None and self.target < self.go_live:
            raise ValueError("the target cannot be below the seats at go-live")
        if self.target_month is not None and not 1 <= self.target_month <= TARGET_MONTH_MAX:
            raise ValueError(f"the target month is 1 to {TARGET_MONTH_MAX}")

    @property
    def grows(self) -> bool:
        return self.target is not None and self.target > self.go_live


def seats_by_month(plan: SeatPlan, months: int) -> list[int]:
    """Seats in months 0 … ``months`` − 1 after go-live (month 0 is go-live).

    Linear ramp: seats(m) = go_live + (target − go_live) × m / target_month, rounded half up,
    for m < target_month; the target from then on. ``months`` ≤ 0 gives an empty list.
    """
    if plan.target is None or plan.target_month is None:
        return [plan.go_live] * max(months, 0)
    growth = plan.target - plan.go_live
    seats = []
    for month in range(max(months, 0)):
        if month >= plan.target_month:
            seats.append(plan.target)
            continue
        ramp = Decimal(plan.go_live) + Decimal(growth * month) / Decimal(plan.target_month)
        seats.append(int(ramp.quantize(Decimal(1), rounding=ROUND_HALF_UP)))
    return seats


def peak_seats(plan: SeatPlan) -> int:
    """The most seats the plan ever needs: what capacity is tested against."""
    return max(seats_by_month(plan, (plan.target_month or 0) + 1))


def milestones(plan: SeatPlan, every: int = 3) -> list[tuple[int, int]]:
    """``(month, seats)`` at go-live, every ``every`` months of the ramp and at the target
    month: the rows of the seats-by-month table. A flat plan has its go-live row only."""
    if plan.target_month is None:
        return [(0, plan.go_live)]
    months = sorted({*range(0, plan.target_month, every), plan.target_month})
    seats = seats_by_month(plan, plan.target_month + 1)
    return [(month, seats[month]) for month in months]
