"""Spreadsheet output that a spreadsheet program can never execute.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can be run
as a formula by Excel, LibreOffice or Google Sheets (CSV/formula injection). Every exported
text cell goes through :func:`safe_cell`, which prefixes such text with an apostrophe, the
convention spreadsheet programs read as "this is text". Numbers, dates and booleans stay typed.
Spreadsheet programs skip invisible characters (a zero-width space, a byte-order mark) and read
full-width signs (＝, ＋) as their ASCII twins, so the test looks past and through those.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | Decimal | dt.date | bool | None


def _as_read(text: str) -> str:
    """``text`` as a spreadsheet reads its start: format characters (Unicode category Cf:
    zero-width spaces, byte-order marks, direction marks) dropped, compatibility forms folded
    (NFKC: full-width ＝ is =)."""
    start = 0
    while start < len(text) and unicodedata.category(text[start]) == "Cf":
        start += 1
    return unicodedata.normalize("NFKC", text[start : start + 8])


def safe_cell(value: Cell) -> Cell:
    """``value`` unchanged unless it is text a spreadsheet would treat as a formula."""
    if isinstance(value, str) and _as_read(value).startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def build_csv(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """CSV (UTF-8 with BOM so Excel detects the encoding), every text cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def build_xlsx(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Cell]]]]) -> bytes:
    """An XLSX workbook with one sheet per ``(title, headers, rows)``; text cells neutralised
    and always written as strings (never formulas or links). Streamed row by row (XlsxWriter's
    constant-memory mode): a long sheet costs neither a cell object per value nor the memory to
    hold them."""
    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        output,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "nan_inf_to_errors": True,
        },
    )
    bold = workbook.add_format({"bold": True})
    dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for title, headers, rows in sheets:
        sheet = workbook.add_worksheet(title[:31])
        sheet.freeze_panes(1, 0)
        for col, header in enumerate(headers):
            sheet.write_string(0, col, str(safe_cell(header)), bold)
        for row_number, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                _write_cell(sheet, row_number, col, value, dates)
    workbook.close()
    return output.getvalue()


def _write_cell(sheet, row: int, col: int, value: Cell, dates) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, col, float(value))
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, value, dates)
    else:  # safe_cell leaves no text a spreadsheet would run
        sheet.write_string(row, col, safe_cell(str(value)))
