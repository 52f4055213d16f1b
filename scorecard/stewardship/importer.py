"""Preview and apply a reference-data file: new / changed / unchanged rows, all or nothing.

:func:`import_file` is the one entry point (admin views, the ``apply_import`` background job,
``import_reference`` and the benchmarks call it). A preview reads the database and writes
nothing but the :class:`ImportRecord`; it takes a constant number of queries per table
(existing rows, their many-to-many links, and the natural keys of related tables are loaded
once). Applying first runs the same preview: only when every row of every table is valid does
it write, table by table in dependency order, only the rows that change, in chunks of
``IMPORT_CHUNK_ROWS`` rows with one short transaction each (:mod:`.writer`); if anything fails
after the first chunk, the chunks written are undone, so either the whole file lands or none of
it does. A row is matched to an existing object by natural key, so importing the same file
twice changes nothing the second time.

Checking a table's rows (parse, match, validate, classify) lives in :mod:`.validation`; this
module runs it over every table and, when asked and all is valid, has :mod:`.writer` write it.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from scorecard.models import ImportOutcome, ImportRecord
from scorecard.stewardship.files import FileRefused, Table, read_tables
from scorecard.stewardship.resources import RESOURCES, Resource, get_resource
from scorecard.stewardship.validation import (
    CHANGED,
    NEW,
    UNCHANGED,
    CellError,
    Lookups,
    TableResult,
    TableState,
    check_headers,
    check_row,
    classify_row,
)
from scorecard.stewardship.writer import (
    ChunkWriter,
    ImportStopped,
    Progress,
    ignore_progress,
    undo_import,
)

MAX_REPORTED_ERRORS = 200


@dataclass
class ImportResult:
    """What a preview or an apply found. ``refused`` is set when the file was rejected whole."""

    file_name: str
    format: str = ""
    tables: list[TableResult] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    error_count: int = 0
    refused: str = ""
    applied: bool = False
    # Writing started and failed: whatever was written has been undone.
    rolled_back: bool = False
    record: ImportRecord | None = None

    @property
    def ok(self) -> bool:
        return not self.refused and not self.error_count

    def total(self, status: str) -> int:
        return sum(table.count(status) for table in self.tables)

    @property
    def rows(self) -> int:
        return sum(len(table.rows) for table in self.tables)

    @property
    def changes_digest(self) -> str:
        """A fingerprint of every new or changed row and its diffs (what a preview shows)."""
        digest = hashlib.sha256()
        for table in self.tables:
            for row in table.changes:
                digest.update(repr((table.resource.name, row.row, row.status, row.diffs)).encode())
        return digest.hexdigest()


class _Errors(Exception):
    """Raised while applying to stop writing and undo what was written."""


def import_file(
    *,
    name: str,
    data: bytes,
    resource: str | None = None,
    user=None,
    apply: bool = False,
    expected_changes: str | None = None,
    via: str = "admin",
    record: ImportRecord | None = None,
    progress: Progress = ignore_progress,
) -> ImportResult:
    """Preview (``apply=False``) or apply the file ``name`` holding ``data``.

    A CSV holds one table, named by ``resource`` (or by the file's stem, e.g. ``sites.csv``);
    an XLSX sheet is named after its table. Every call leaves an :class:`ImportRecord`: the
    ``record`` given (a queued import the background job applies) or a new one.
    ``expected_changes`` is the :attr:`ImportResult.changes_digest` of the preview the user
    confirmed: when given, nothing is written unless the changes are still exactly those
    (someone may have edited the data in between). ``progress(percent, step)`` hears of each
    chunk written or undone.
    """
    result = ImportResult(file_name=name)
    try:
        result.format, tables = read_tables(name, data)
        pairs = _match_tables(name, tables, resource)
    except FileRefused as exc:
        result.refused = str(exc)
    if not result.refused:
        progress(0, _("Checking the file"))
        lookups = Lookups()
        result.tables = [
            _process(res, table, result, write=False, lookups=lookups)[0] for res, table in pairs
        ]
        if apply and result.ok and _still_previewed(result, expected_changes):
            record = _start(record, result, data=data, user=user, via=via)
            _apply(
                pairs,
                result,
                record=record,
                user=user,
                name=name,
                expected_changes=expected_changes,
                progress=progress,
            )
    result.record = _record(result, data=data, user=user, via=via, record=record)
    return result


def _match_tables(
    name: str, tables: list[Table], resource: str | None
) -> list[tuple[Resource, Table]]:
    pairs: dict[str, tuple[Resource, Table]] = {}
    for table in tables:
        title = table.title or resource or name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        try:
            res = get_resource(title.strip().lower())
        except KeyError as exc:
            raise FileRefused(exc.args[0]) from None
        if res.name in pairs:
            raise FileRefused(_("The file holds table %(name)s twice.") % {"name": res.name})
        pairs[res.name] = (res, table)
    return [pairs[res.name] for res in RESOURCES if res.name in pairs]


def _process(
    resource: Resource, table: Table, result: ImportResult, *, write: bool, lookups: Lookups
) -> tuple[TableResult, TableState | None]:
    """Check every row of ``table``; with ``write``, queue the rows that change for saving
    (in the returned state's ``to_save``; ``None`` when the header is wrong).

    The steps: the header (an unknown, missing key or repeated column stops the table); what
    the rows are compared with, read once (:class:`TableState`); then each row in turn
    (:func:`check_row`: cells parsed, key not repeated, object validated, unique values not
    claimed by another row; :func:`classify_row`: new, changed or unchanged, queued for
    saving). Reads only: the caller writes what is queued.
    """
    outcome = TableResult(resource)

    def error(row: int, column: str, message: str) -> None:
        _add_error(result, CellError(resource.name, row, column, message))

    if not check_headers(resource, table, error):
        return outcome, None
    state = TableState.read(resource, table.headers)
    for number, cells in table.rows:
        row = check_row(state, number, cells, lookups, error)
        if row is not None:
            classify_row(state, row, outcome, write=write, lookups=lookups)
    return outcome, state


def _add_error(result: ImportResult, error: CellError) -> None:
    result.error_count += 1
    if len(result.errors) < MAX_REPORTED_ERRORS:
        result.errors.append(error)


def _still_previewed(result: ImportResult, expected_changes: str | None) -> bool:
    """Whether the changes are those of the preview the user confirmed (or none was given)."""
    if expected_changes is None or result.changes_digest == expected_changes:
        return True
    _add_error(
        result,
        CellError("", 0, "", _("The data changed since the preview; preview the file again.")),
    )
    return False


def _start(record, result: ImportResult, *, data: bytes, user, via: str) -> ImportRecord:
    """The record the chunks are logged under, now marked as being applied."""
    record = record or _new_record(result, data=data, user=user, via=via)
    record.outcome = ImportOutcome.RUNNING
    record.progress_at = timezone.now()
    record.save()
    return record


def _apply(
    pairs,
    result: ImportResult,
    *,
    record: ImportRecord,
    user,
    name: str,
    expected_changes: str | None,
    progress: Progress,
) -> None:
    """Write every table, in dependency order, chunk by chunk; undo them all on any failure.

    Each table is checked again just before it is written (against the rows the tables before
    it wrote), so a row someone else changed since the preview is caught, not overwritten.
    """
    size = settings.IMPORT_CHUNK_ROWS
    writer = ChunkWriter(
        record=record,
        user=user,
        reason=_("Imported from %(name)s") % {"name": name},
        date=timezone.now(),
        total=sum(math.ceil(len(table.changes) / size) for table in result.tables),
        progress=progress,
    )
    lookups = Lookups()
    tables = []
    try:
        for res, table in pairs:
            outcome, state = _process(res, table, result, write=True, lookups=lookups)
            if result.error_count or state is None:
                raise _Errors
            for start in range(0, len(state.to_save), size):
                writer.write(res, state.to_save[start : start + size])
            lookups.forget(res.model)
            tables.append(outcome)
        result.tables = tables
        if not _still_previewed(result, expected_changes):
            raise _Errors
    except (_Errors, DatabaseError) as exc:
        if isinstance(exc, DatabaseError):
            _add_error(
                result, CellError(res.name, 0, "", _("The database refused the rows: %s") % exc)
            )
        result.rolled_back = True
        undo_import(record, progress=progress)
        return
    except ImportStopped:
        raise  # stopped from outside: whoever stopped it rolls it back
    except BaseException:
        result.rolled_back = True
        undo_import(record, progress=progress)
        raise
    writer.finish()
    result.applied = True
    progress(100, _("Applied"))


def _record(
    result: ImportResult, *, data: bytes, user, via: str, record: ImportRecord | None
) -> ImportRecord:
    if result.refused:
        outcome = ImportOutcome.REFUSED
    elif result.rolled_back:
        outcome = ImportOutcome.FAILED
    elif result.error_count:
        outcome = ImportOutcome.INVALID
    elif result.applied:
        outcome = ImportOutcome.APPLIED
    else:
        outcome = ImportOutcome.PREVIEWED
    record = record or _new_record(result, data=data, user=user, via=via)
    record.resources = ",".join(t.resource.name for t in result.tables)[:300]
    record.outcome = outcome
    record.rows = result.rows
    record.created = result.total(NEW)
    record.updated = result.total(CHANGED)
    record.unchanged = result.total(UNCHANGED)
    record.errors = result.error_count
    record.message = result.refused or "\n".join(str(e) for e in result.errors[:20])
    record.finished_at = timezone.now()
    if record.pk:
        # The chunk count and progress are the writer's: re-read, never written back stale.
        record.refresh_from_db(fields=["chunks", "progress", "step"])
    record.save()
    return record


def _new_record(result: ImportResult, *, data: bytes, user, via: str) -> ImportRecord:
    return ImportRecord(
        user=user if getattr(user, "pk", None) else None,
        file_name=result.file_name[:255],
        file_sha256=hashlib.sha256(data).hexdigest(),
        file_size=len(data),
        via=via,
    )
