"""The cost section's numbers in words agree with its tables."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from scorecard.reports.cost_sections import _money, shown_parts


def test_money_rounds_half_up_as_the_tables_floatformat_does():
    # Django's number_format cuts digits off: 36,059,121.50 read 36,059,121 in the worked
    # explanation while the cost table (floatformat) printed 36,059,122.
    assert _money(Decimal("36059121.50")) == "36,059,122"
    assert _money(Decimal("15.195"), 2) == "15.20"
    assert _money(None) == "—"


def test_shown_parts_add_up_to_the_printed_total():
    parts = {
        "labour": Decimal("34056720.4"),
        "overtime": Decimal("1021701.4"),
        "technology": Decimal("497700.3"),
        "continuity": Decimal("90000"),
        "governance": Decimal("288000"),
        "one_off": Decimal("105000"),
    }
    total = sum(parts.values())  # 36,059,122.1
    naive = sum(value.quantize(Decimal(1), rounding=ROUND_HALF_UP) for value in parts.values())
    assert naive == 36_059_121  # each part rounded on its own misses the printed total

    shown = shown_parts(parts, total)

    assert sum(shown.values()) == 36_059_122
    assert all(abs(shown[key] - parts[key]) < 1 for key in parts)
