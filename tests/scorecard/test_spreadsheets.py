import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from scorecard.spreadsheets import build_csv, build_xlsx, safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Monterrey", "Monterrey"),
        ("\uff1dcmd|' /C calc'!A0", "'\uff1dcmd|' /C calc'!A0"),  # full-width equals sign
        ("\u200b=1+1", "'\u200b=1+1"),  # zero-width space first
        ("\ufeff=1+1", "'\ufeff=1+1"),  # byte-order mark first
        ("\uff0b1", "'\uff0b1"),  # full-width plus
        ("Tijuana \uff1d B.C.", "Tijuana \uff1d B.C."),
        (-2, -2),
        (None, None),
    ],
)
def test_safe_cell_neutralises_formula_triggers_only(value, expected):
    assert safe_cell(value) == expected


def test_build_csv_neutralises_and_keeps_numbers():
    data = build_csv(["name", "score"], [["=1+1", 4.5], ["Norte", None]]).decode("utf-8-sig")
    assert data.splitlines() == ["name,score", "'=1+1,4.5", "Norte,"]


def test_build_xlsx_stores_text_never_formulas():
    content = build_xlsx(
        [
            (
                "Ranking",
                ["name", "score", "as of"],
                [["=cmd|' /C calc'!A0", Decimal("4.25"), dt.date(2026, 1, 1)]],
            )
        ]
    )
    sheet = load_workbook(io.BytesIO(content))["Ranking"]
    name, score, as_of = (cell.value for cell in sheet[2])
    assert (name, score, sheet["A2"].data_type) == ("'=cmd|' /C calc'!A0", 4.25, "s")
    assert as_of.date() == dt.date(2026, 1, 1)
