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
    and stored as strings (never as formulas). Written row by row (openpyxl's write-only
    mode), so a long sheet costs neither a cell object per value nor the memory to hold them."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.freeze_panes = "A2"
        header = []
        for value in headers:
            cell = WriteOnlyCell(sheet, value=safe_cell(value))
            cell.font, cell.data_type = bold, TYPE_STRING
            header.append(cell)
        sheet.append(header)
        for row in rows:
            sheet.append([_xlsx_value(v) for v in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _xlsx_value(value: Cell) -> Cell:
    # safe_cell leaves no text starting with "=", which openpyxl would store as a formula.
    if isinstance(value, Decimal):
        return float(value)
    return safe_cell(value)
