"""Reading uploaded reference-data files into plain tables, refusing hostile ones.

Checks run cheapest first, and nothing is decompressed or parsed before the checks that guard
it: size cap → type by content (magic bytes, extension must agree) → for XLSX the zip's central
directory (entry count, declared uncompressed size, compression ratio, encryption) → no DTD in
any XML part (entity-expansion bombs; openpyxl also parses through defusedxml) → row cap while
reading. A formula cell is never read as its cached value or as empty: it comes back as a
:class:`Formula` so the importer can reject it with its row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from scorecard.spreadsheets import FORMULA_TRIGGERS
from scorecard.uploads import CSV, XLSX, validate_upload

MAX_COLUMNS = 100
MAX_ZIP_ENTRIES = 500
# Small parts (styles, relationships) compress very well and harmlessly: the ratio check
# applies to parts that would decompress to more than this.
RATIO_CHECK_MIN_BYTES = 1024 * 1024
_XML_SUFFIXES = (".xml", ".rels", ".vml")


class FileRefused(Exception):
    """The file as a whole is unacceptable; the message says why, for the user."""


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula (XLSX) or text a spreadsheet would run as one (CSV)."""

    text: str


@dataclass
class Table:
    """One sheet (or the whole CSV): headers, then rows with their spreadsheet row number."""

    title: str
    headers: list[str]
    rows: list[tuple[int, list[object]]] = field(default_factory=list)


def read_tables(name: str, data: bytes) -> tuple[str, list[Table]]:
    """``(format, tables)`` of the file ``name`` with content ``data``; format is csv or xlsx.

    Raises :class:`FileRefused` for a file that fails any check in the module docstring.
    """
    max_bytes = settings.IMPORT_MAX_BYTES
    if len(data) > max_bytes:
        raise FileRefused(
            _("%(name)s is %(size)s; the limit is %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(len(data)),
                "limit": filesizeformat(max_bytes),
            }
        )
    if PurePath(name).suffix.lower() not in (".csv", ".xlsx"):
        raise FileRefused(_("%(name)s is not a .csv or .xlsx file.") % {"name": name})
    try:
        _upload, kind = validate_upload(SimpleUploadedFile(name, data), (CSV, XLSX), max_bytes)
    except ValidationError as exc:
        raise FileRefused(" ".join(exc.messages)) from exc
    if kind is CSV:
        return "csv", [_read_csv(name, data)]
    _check_zip(name, data)
    return "xlsx", _read_xlsx(name, data)


def _too_many_rows(name: str) -> FileRefused:
    return FileRefused(
        _("%(name)s has more than %(limit)s rows; split it into smaller files.")
        % {"name": name, "limit": settings.IMPORT_MAX_ROWS}
    )


def _read_csv(name: str, data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused(
            _("%(name)s is not UTF-8 text; save it as “CSV UTF-8”.") % {"name": name}
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    table: Table | None = None
    max_rows = settings.IMPORT_MAX_ROWS
    try:
        for number, row in enumerate(reader, start=1):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > MAX_COLUMNS:
                raise FileRefused(
                    _("Row %(row)s of %(name)s has more than %(limit)s columns.")
                    % {"row": number, "name": name, "limit": MAX_COLUMNS}
                )
            if table is None:
                table = Table(title="", headers=[_header(cell) for cell in row])
                continue
            if len(table.rows) >= max_rows:
                raise _too_many_rows(name)
            table.rows.append((number, [_csv_cell(cell) for cell in row]))
    except csv.Error as exc:
        raise FileRefused(
            _("%(name)s is not valid CSV: %(error)s") % {"name": name, "error": exc}
        ) from exc
    if table is None:
        raise FileRefused(_("%(name)s is empty.") % {"name": name})
    return table


def _csv_cell(text: str) -> object:
    """Text a spreadsheet would execute becomes a :class:`Formula`; a leading minus is fine
    only on a number."""
    if text.startswith(FORMULA_TRIGGERS):
        if text.startswith("-"):
            try:
                Decimal(text)
            except InvalidOperation:
                return Formula(text)
            return text
        return Formula(text)
    return text


def _header(value: object) -> str:
    return str(value if value is not None else "").strip().lower()


def _check_zip(name: str, data: bytes) -> None:
    """Refuse a zip whose central directory promises a bomb, before decompressing anything."""
    refused = FileRefused(
        _("%(name)s is not a workbook this app can read safely.") % {"name": name}
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as exc:
        raise refused from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise refused
        declared = sum(entry.file_size for entry in entries)
        limit = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
        if declared > limit:
            raise FileRefused(
                _("%(name)s would expand to %(size)s; the limit is %(limit)s.")
                % {
                    "name": name,
                    "size": filesizeformat(declared),
                    "limit": filesizeformat(limit),
                }
            )
        max_ratio = settings.IMPORT_MAX_COMPRESSION_RATIO
        for entry in entries:
            if entry.flag_bits & 0x1:
                raise FileRefused(_("%(name)s is encrypted.") % {"name": name})
            ratio = entry.file_size / max(entry.compress_size, 1)
            if entry.file_size > RATIO_CHECK_MIN_BYTES and ratio > max_ratio:
                raise FileRefused(
                    _(
                        "%(name)s contains a part compressed %(ratio)d to 1 (the limit is "
                        "%(limit)d): it looks like a zip bomb."
                    )
                    % {"name": name, "ratio": ratio, "limit": max_ratio}
                )
        if "xl/workbook.xml" not in archive.namelist():
            raise refused
        for entry in entries:
            if entry.filename.lower().endswith(_XML_SUFFIXES) and _declares_dtd(archive, entry):
                raise FileRefused(
                    _("%(name)s contains XML entity declarations, which workbooks never need.")
                    % {"name": name}
                )


def _declares_dtd(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    # Streamed in chunks; zipfile stops at the declared (already capped) size and checks CRC.
    tail = b""
    with archive.open(entry) as part:
        while chunk := part.read(64 * 1024):
            window = tail + chunk
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                return True
            tail = chunk[-16:]
    return False


def _read_xlsx(name: str, data: bytes) -> list[Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for malformed parts
        raise FileRefused(_("%(name)s could not be read as a workbook.") % {"name": name}) from exc
    tables: list[Table] = []
    total = 0
    max_rows = settings.IMPORT_MAX_ROWS
    try:
        for sheet in workbook.worksheets:
            table: Table | None = None
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                values = [_xlsx_cell(cell) for cell in cells[: MAX_COLUMNS + 1]]
                if not any(v not in (None, "") for v in values):
                    continue
                if len(values) > MAX_COLUMNS and values[MAX_COLUMNS] not in (None, ""):
                    raise FileRefused(
                        _("Row %(row)s of %(name)s has more than %(limit)s columns.")
                        % {"row": number, "name": name, "limit": MAX_COLUMNS}
                    )
                if table is None:
                    table = Table(title=sheet.title, headers=[_header(v) for v in values])
                    continue
                total += 1
                if total > max_rows:
                    raise _too_many_rows(name)
                table.rows.append((number, values))
            if table is not None:
                tables.append(table)
    finally:
        workbook.close()
    if not tables:
        raise FileRefused(_("%(name)s is empty.") % {"name": name})
    return tables


def _xlsx_cell(cell) -> object:
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "f" or (
        value is not None and not isinstance(value, str | int | float | Decimal | dt.date | bool)
    ):
        return Formula(str(getattr(value, "text", value)))
    if isinstance(value, str) and value.startswith("="):
        return Formula(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value
