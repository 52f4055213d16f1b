"""Writing checked rows in short transactions, each logging how to undo it; undoing them.

SQLite lets one connection write at a time: while an import writes, every other writer waits.
So an import is written in chunks of ``IMPORT_CHUNK_ROWS`` rows, each chunk in its own
transaction with a pause after it (``IMPORT_CHUNK_PAUSE_MS``, for writers waiting their turn),
and no writer waits much longer than one chunk takes. All or nothing still holds:
each chunk's transaction also writes an :class:`ImportChunk` (the primary keys it created,
the earlier values of the rows it changed, the date of its history records), so when a later
chunk fails, :func:`undo_import` takes the file out again, newest chunk first, one short
transaction per chunk.

The price of short transactions (the trade-off against one long one): while an import is being
written, readers can see the part already written, and a rollback puts back the values the rows
had before the import, over any edit someone made to those same rows in between. The admin lets
one import be applied at a time (:data:`scorecard.models.UNFINISHED_OUTCOMES`).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import get_history_manager_for_model

from scorecard.models import ImportChunk, ImportOutcome, ImportRecord
from scorecard.stewardship.resources import Resource, get_resource


@dataclass
class PendingWrite:
    """A new or changed row that :mod:`.validation` queued for saving: its object (values
    already set), the many-to-many links to set (``{column: primary keys}``, only those that
    change), the columns that change, and a changed row's values before them (by column,
    foreign keys as primary keys, links as sets of them), for undoing."""

    number: int
    obj: models.Model
    links: dict[str, set[int]]
    is_new: bool
    columns: list[str]
    before: dict[str, object]


# Rows per INSERT/UPDATE statement inside a chunk.
BATCH_SIZE = 500

# progress(percent 0-100, what is being done)
Progress = Callable[[int, str], None]


def ignore_progress(percent: int, step: str) -> None:
    """The progress callback of an import nobody follows."""


class ImportStopped(Exception):
    """The import was stopped (:func:`stop_and_roll_back`) while its worker was still writing:
    the worker writes no further chunk and leaves the rollback to whoever stopped it."""


class ChunkWriter:
    """Writes the chunks of one import (``record``), ``total`` of them expected, numbering them
    from 1 and reporting each to ``progress``."""

    def __init__(
        self,
        *,
        record: ImportRecord,
        user,
        reason: str,
        date: datetime,
        total: int,
        progress: Progress,
    ) -> None:
        self.record, self.user, self.reason, self.date = record, user, reason, date
        self.total, self.progress, self.written = max(total, 1), progress, 0

    def write(self, resource: Resource, rows: Sequence[PendingWrite]) -> None:
        """One transaction: the rows (with history and many-to-many links), their undo entry,
        and the record's chunk count. From the second chunk on, first a pause of
        ``IMPORT_CHUNK_PAUSE_MS`` that lets writers waiting for the lock take it."""
        if self.written:
            time.sleep(settings.IMPORT_CHUNK_PAUSE_MS / 1000)
        with transaction.atomic():
            # Inside the chunk's transaction: a stop either comes before this check (nothing
            # more is written) or waits for the chunk to commit (and then undoes it too).
            running = ImportRecord.objects.select_for_update().filter(
                pk=self.record.pk, outcome=ImportOutcome.RUNNING
            )
            if not running.exists():
                raise ImportStopped(self.record.pk)
            created, previous = _save(
                resource, rows, user=self.user, reason=self.reason, date=self.date
            )
            ImportChunk.objects.create(
                record=self.record,
                number=self.written + 1,
                table=resource.name,
                created=created,
                previous=previous,
                history_date=self.date,
            )
            ImportRecord.objects.filter(pk=self.record.pk).update(chunks=F("chunks") + 1)
        self.written += 1
        self.progress(
            round(100 * min(self.written, self.total) / self.total),
            _("Writing %(table)s: chunk %(number)d of %(total)d")
            % {"table": resource.name, "number": self.written, "total": self.total},
        )

    def finish(self) -> None:
        """Every chunk landed: the undo log is no longer needed."""
        ImportChunk.objects.filter(record=self.record).delete()


def _save(
    resource: Resource, rows: Sequence[PendingWrite], *, user, reason: str, date: datetime
) -> tuple[list[int], dict[str, dict[str, object]]]:
    """Write new and changed ``rows`` with their history and many-to-many links; return the
    primary keys created and the earlier values of the changed rows (for :class:`ImportChunk`).

    Bulk writes skip ``Model.save()``: its only overrides (City, Provider) fill the slug and
    normalise the RFC, which ``validation.check_row`` has already done before validating.
    """
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    model = resource.model
    new = [row.obj for row in rows if row.is_new]
    changed = [row for row in rows if not row.is_new]
    fields = sorted(
        {c for row in changed for c in row.columns if not resource.field(c).many_to_many}
    )
    history = {"default_user": user, "default_change_reason": reason, "default_date": date}
    if new:
        bulk_create_with_history(new, model, batch_size=BATCH_SIZE, **history)
    if changed and fields:
        objs = [row.obj for row in changed]
        bulk_update_with_history(objs, model, fields, batch_size=BATCH_SIZE, **history)
    for column in {c for row in rows for c in row.links}:
        linked = {row.obj.pk: row.links[column] for row in rows if column in row.links}
        _set_links(model, column, linked)
    previous = {str(row.obj.pk): {c: _plain(row.before[c]) for c in row.columns} for row in changed}
    return [obj.pk for obj in new], previous


def _set_links(model: type[models.Model], column: str, linked: dict[int, set[int]]) -> None:
    """Replace the ``column`` links of each object in ``linked`` (primary key → linked keys)."""
    field = model._meta.get_field(column)
    through = field.remote_field.through
    source, target = field.m2m_field_name() + "_id", field.m2m_reverse_field_name() + "_id"
    through.objects.filter(**{source + "__in": list(linked)}).delete()
    through.objects.bulk_create(
        (
            through(**{source: pk, target: other})
            for pk, others in linked.items()
            for other in others
        ),
        batch_size=BATCH_SIZE,
    )


def _plain(value: object) -> object:
    """A value as the undo log keeps it (JSON; sets of linked keys as sorted lists)."""
    return sorted(value) if isinstance(value, set) else value


def undo_import(record: ImportRecord, *, progress: Progress = ignore_progress) -> int:
    """Undo every chunk ``record`` logged, newest first, each in its own transaction that also
    deletes its log entry (an interrupted rollback can be run again); return how many.

    Rows the import created are deleted, with all their history; rows it changed get their
    earlier values and links back, and the history records the import wrote for them go.
    """
    numbers = list(record.undo_log.order_by("-number").values_list("number", flat=True))
    done_at = record.progress
    for undone, number in enumerate(numbers, start=1):
        if undone > 1:
            time.sleep(settings.IMPORT_CHUNK_PAUSE_MS / 1000)
        with transaction.atomic():
            chunk = ImportChunk.objects.get(record=record, number=number)
            _undo(chunk)
            chunk.delete()
        progress(
            round(done_at * (len(numbers) - undone) / len(numbers)),
            _("Rolling back: chunk %(number)d of %(total)d")
            % {"number": undone, "total": len(numbers)},
        )
    return len(numbers)


class NothingToRollBack(Exception):
    """The import finished and left no undo log: there is nothing to roll back."""


def stop_and_roll_back(record: ImportRecord, *, note: str) -> int:
    """Stop an import whose worker has stopped (or is stuck) and take out what it wrote: mark it
    failed first, so a worker still alive writes no further chunk (:class:`ImportStopped`),
    then undo every logged chunk; ``note`` is added to its message. Return the chunks undone.
    Raises :class:`NothingToRollBack` for a finished import with no undo log."""
    with transaction.atomic():
        locked = ImportRecord.objects.select_for_update().get(pk=record.pk)
        if locked.is_finished and not locked.undo_log.exists():
            raise NothingToRollBack(record.pk)
        ImportRecord.objects.filter(pk=record.pk).update(
            outcome=ImportOutcome.FAILED, finished_at=timezone.now()
        )
    undone = undo_import(record, progress=record.set_progress)
    record.refresh_from_db()
    record.step = _("Rolled back")
    record.message = "\n".join(filter(None, [record.message, note]))
    record.save(update_fields=["step", "message"])
    return undone


def _undo(chunk: ImportChunk) -> None:
    resource = get_resource(chunk.table)
    model = resource.model
    history = get_history_manager_for_model(model)
    pk_name = model._meta.pk.attname
    if chunk.previous:
        objs = model._default_manager.in_bulk([int(pk) for pk in chunk.previous])
        columns: set[str] = set()
        links: dict[str, dict[int, set[int]]] = defaultdict(dict)
        for pk, values in chunk.previous.items():
            obj = objs.get(int(pk))
            if obj is None:  # deleted since: nothing to put back
                continue
            for column, value in values.items():
                field = resource.field(column)
                if field.many_to_many:
                    links[column][obj.pk] = set(value)
                else:
                    setattr(obj, field.attname, field.to_python(value))
                    columns.add(column)
        if columns:
            model._default_manager.bulk_update(
                list(objs.values()), sorted(columns), batch_size=BATCH_SIZE
            )
        for column, linked in links.items():
            _set_links(model, column, linked)
        history.filter(**{f"{pk_name}__in": list(objs)}, history_date=chunk.history_date).delete()
    if chunk.created:
        model._default_manager.filter(pk__in=chunk.created).delete()
        # Every history record of a row the import created is the import's, the deletion's too.
        history.filter(
            **{f"{pk_name}__in": chunk.created}, history_date__gte=chunk.history_date
        ).delete()
