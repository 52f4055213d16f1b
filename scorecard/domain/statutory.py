"""Statutory labour-cost parameters by code, zone and year (pure: no Django, Decimal).

Rows come from ``StatutoryRate`` (fixtures/statutory_rates.yaml) or from a test. A rate stays in
force from its ``from_year`` until a later row of the same code and zone replaces it; an unknown
figure is ``None`` (never zero), optionally bounded by a documented range.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


class Code:
    """Codes of the statutory parameters the computations read (see ``StatutoryRate``)."""

    MIN_WAGE_DAILY = "min_wage_daily"
    WEEKLY_HOURS_MAX = "weekly_hours_max"
    OVERTIME_MULTIPLIER = "overtime_multiplier"
    AGUINALDO_DAYS = "aguinaldo_days"
    VACATION_DAYS = "vacation_days"
    VACATION_PREMIUM = "vacation_premium_pct"
    IMSS_RETIRO = "imss_retiro_pct"
    IMSS_CESANTIA = "imss_cesantia_pct"
    IMSS_OTHER = "imss_other_pct"
    INFONAVIT = "infonavit_pct"
    PTU_SHARE = "ptu_share_pct"
    PTU_CAP_MONTHS = "ptu_cap_months"
    UMA_DAILY = "uma_daily"


@dataclass(frozen=True)
class Rate:
    """One statutory parameter in force from ``from_year`` (until a later row replaces it).

    ``value`` is ``None`` when the reference does not give the figure ("unknown"); ``low`` and
    ``high`` then bound it when the reference gives a range. ``zone`` is ``""`` for every zone,
    or ``general`` / ``zlfn`` for the minimum-wage zones.
    """

    code: str
    from_year: int
    value: Decimal | None
    zone: str = ""
    low: Decimal | None = None
    high: Decimal | None = None
    unit: str = ""
    legal_basis: str = ""
    source: str = ""
    as_of: dt.date | None = None
    note: str = ""

    @property
    def is_known(self) -> bool:
        return self.value is not None

    @property
    def bounds(self) -> tuple[Decimal, Decimal] | None:
        """``(low, high)``: the value twice when known, the documented range, or ``None``."""
        if self.value is not None:
            return self.value, self.value
        if self.low is not None and self.high is not None:
            return self.low, self.high
        return None


@dataclass(frozen=True)
class Lookup:
    """A rate found for a year: ``carried`` is true when it is an earlier year's known figure
    standing in for a year whose figure is unknown or not yet published."""

    rate: Rate
    year: int
    carried: bool = False


class StatutoryTable:
    """Statutory rates by code, zone and year (rows come from the database or a test)."""

    def __init__(self, rates: Iterable[Rate]) -> None:
        self.rates = sorted(rates, key=lambda r: (r.code, r.zone, r.from_year))

    def _rows(self, code: str, zone: str) -> list[Rate]:
        rows = [r for r in self.rates if r.code == code and r.zone == zone]
        return rows or [r for r in self.rates if r.code == code and r.zone == ""]

    def get(self, code: str, year: int, zone: str = "") -> Lookup | None:
        """The row in force in ``year`` (the latest ``from_year`` ≤ ``year``), or ``None``."""
        rows = [r for r in self._rows(code, zone) if r.from_year <= year]
        return Lookup(rows[-1], year) if rows else None

    def known(self, code: str, year: int, zone: str = "") -> Lookup | None:
        """Like :meth:`get`, but an unknown row without a range falls back to the latest
        earlier known figure (``carried=True``)."""
        found = self.get(code, year, zone)
        if found is None or found.rate.bounds is not None:
            return found
        earlier = [r for r in self._rows(code, zone) if r.from_year <= year and r.value is not None]
        return Lookup(earlier[-1], year, carried=True) if earlier else None

    def value(self, code: str, year: int, zone: str = "") -> Decimal | None:
        found = self.known(code, year, zone)
        return found.rate.value if found else None

    def weekly_hours(self, year: int) -> Decimal:
        """Legal maximum weekly hours in ``year``; 48 before the reform's first row."""
        found = self.known(Code.WEEKLY_HOURS_MAX, year)
        return found.rate.value if found and found.rate.value else Decimal(48)
