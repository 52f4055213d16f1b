"""Preview and apply a reference-data file: new / changed / unchanged rows, all or nothing.

:func:`import_file` is the one entry point (admin views, ``import_reference`` and the benchmark
call it). A preview reads the database and writes nothing but the :class:`ImportRecord`; it takes
a constant number of queries per table (existing rows, their many-to-many links, and the natural
keys of related tables are loaded once). Applying validates the whole file first; only when
every row of every table is valid does it write, inside one transaction, and only the rows that
change. A row is matched to an existing object by natural key, so importing the same file
twice changes nothing the second time.

Checking a table's rows (parse, match, validate, classify) lives in :mod:`.validation`; this
module runs it over every table and, when asked and all is valid, writes the result.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
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

MAX_REPORTED_ERRORS = 200
BATCH_SIZE = 500


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
    """Raised inside the apply transaction to roll it back."""


def import_file(
    *,
    name: str,
    data: bytes,
    resource: str | None = None,
    user=None,
    apply: bool = False,
    expected_changes: str | None = None,
    via: str = "admin",
) -> ImportResult:
    """Preview (``apply=False``) or apply the file ``name`` holding ``data``.

    A CSV holds one table, named by ``resource`` (or by the file's stem, e.g. ``sites.csv``);
    an XLSX sheet is named after its table. Every call leaves an :class:`ImportRecord`.
    ``expected_changes`` is the :attr:`ImportResult.changes_digest` of the preview the user
    confirmed: when given, nothing is written unless the changes are still exactly those
    (someone may have edited the data in between).
    """
    result = ImportResult(file_name=name)
    try:
        result.format, tables = read_tables(name, data)
        pairs = _match_tables(name, tables, resource)
    except FileRefused as exc:
        result.refused = str(exc)
    if not result.refused:
        lookups = Lookups()
        result.tables = [
            _process(res, table, result, write=False, lookups=lookups) for res, table in pairs
        ]
        if apply and result.ok:
            _apply(pairs, result, user=user, name=name, expected_changes=expected_changes)
    result.record = _record(result, data=data, user=user, via=via)
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
    resource: Resource,
    table: Table,
    result: ImportResult,
    *,
    write: bool,
    lookups: Lookups,
    user=None,
    reason: str = "",
) -> TableResult:
    """Check every row of ``table``; with ``write``, save the rows that change.

    The steps: the header (an unknown, missing key or repeated column stops the table); what
    the rows are compared with, read once (:class:`TableState`); then each row in turn
    (:func:`check_row`: cells parsed, key not repeated, object validated, unique values not
    claimed by another row; :func:`classify_row`: new, changed or unchanged, queued for
    saving); last, with ``write`` and no error in the whole file, :func:`_save`.
    """
    outcome = TableResult(resource)

    def error(row: int, column: str, message: str) -> None:
        result.error_count += 1
        if len(result.errors) < MAX_REPORTED_ERRORS:
            result.errors.append(CellError(resource.name, row, column, message))

    if not check_headers(resource, table, error):
        return outcome
    state = TableState.read(resource, table.headers)
    for number, cells in table.rows:
        row = check_row(state, number, cells, lookups, error)
        if row is not None:
            classify_row(state, row, outcome, write=write, lookups=lookups)
    if write and not result.error_count:
        _save(resource, state.to_save, result, lookups, user=user, reason=reason)
    return outcome


def _save(resource, to_save, result, lookups, *, user, reason) -> None:
    """Write new and changed rows in batches, with their history and many-to-many links.

    Bulk writes skip ``Model.save()``: its only overrides (City, Provider) fill the slug and
    normalise the RFC, which :func:`check_row` has already done before validating.
    """
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    model = resource.model
    new = [obj for _n, obj, _links, is_new, _c in to_save if is_new]
    changed = [obj for _n, obj, _links, is_new, _c in to_save if not is_new]
    fields = sorted(
        {
            column
            for _n, _obj, _links, is_new, columns in to_save
            if not is_new
            for column in columns
            if not resource.field(column).many_to_many
        }
    )
    history = {"default_user": user, "default_change_reason": reason}
    try:
        if new:
            bulk_create_with_history(new, model, batch_size=BATCH_SIZE, **history)
        if changed and fields:
            bulk_update_with_history(changed, model, fields, batch_size=BATCH_SIZE, **history)
    except IntegrityError as exc:
        result.error_count += 1
        result.errors.append(
            CellError(resource.name, 0, "", _("The database refused the rows: %s") % exc)
        )
        raise _Errors from exc
    for column in {c for _n, _obj, links, _new, _c in to_save for c in links}:
        field = model._meta.get_field(column)
        through = field.remote_field.through
        source, target = field.m2m_field_name() + "_id", field.m2m_reverse_field_name() + "_id"
        linked = [(obj, links[column]) for _n, obj, links, _new, _c in to_save if column in links]
        through.objects.filter(**{source + "__in": [obj.pk for obj, _pks in linked]}).delete()
        through.objects.bulk_create(
            (through(**{source: obj.pk, target: pk}) for obj, pks in linked for pk in pks),
            batch_size=BATCH_SIZE,
        )
    lookups.forget(model)


def _apply(pairs, result: ImportResult, *, user, name: str, expected_changes: str | None) -> None:
    """Write every table, in dependency order, in one transaction."""
    lookups = Lookups()
    reason = _("Imported from %(name)s") % {"name": name}
    try:
        with transaction.atomic():
            tables = []
            for res, table in pairs:
                tables.append(
                    _process(
                        res, table, result, write=True, lookups=lookups, user=user, reason=reason
                    )
                )
                if result.error_count:
                    raise _Errors
            result.tables = tables
            if expected_changes is not None and result.changes_digest != expected_changes:
                result.error_count += 1
                result.errors.append(
                    CellError(
                        "", 0, "", _("The data changed since the preview; preview the file again.")
                    )
                )
                raise _Errors
            result.applied = True
    except _Errors:
        result.applied = False


def _record(result: ImportResult, *, data: bytes, user, via: str) -> ImportRecord:
    if result.refused:
        outcome = ImportOutcome.REFUSED
    elif result.error_count:
        outcome = ImportOutcome.INVALID
    elif result.applied:
        outcome = ImportOutcome.APPLIED
    else:
        outcome = ImportOutcome.PREVIEWED
    message = result.refused or "\n".join(str(e) for e in result.errors[:20])
    return ImportRecord.objects.create(
        user=user if getattr(user, "pk", None) else None,
        file_name=result.file_name[:255],
        file_sha256=hashlib.sha256(data).hexdigest(),
        file_size=len(data),
        resources=",".join(t.resource.name for t in result.tables)[:300],
        via=via,
        outcome=outcome,
        rows=result.rows,
        created=result.total(NEW),
        updated=result.total(CHANGED),
        unchanged=result.total(UNCHANGED),
        errors=result.error_count,
        message=message,
    )
