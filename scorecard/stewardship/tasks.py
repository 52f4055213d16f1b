"""The background job that applies a confirmed reference-data import (Django's tasks API,
django-tasks backport, as for PDF reports in :mod:`scorecard.reports.tasks`).

Queued by the admin's confirmation with the file on the :class:`ImportRecord` (``upload``);
run by ``manage.py db_worker``, or at once in tests (the immediate backend). The job writes in
short chunks (:mod:`.writer`) and keeps its progress on the record: the status page polls it.
"""

from __future__ import annotations

import logging

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from scorecard.models import ImportOutcome, ImportRecord

logger = logging.getLogger(__name__)


@task()
def apply_import(record_id: int, table: str | None, expected_changes: str) -> str:
    """Apply the file queued on import ``record_id`` (a CSV's table name in ``table``) if its
    changes are still ``expected_changes`` (the confirmed preview's digest); return the outcome.
    The file is deleted when the job ends, whatever the outcome."""
    from scorecard.stewardship.importer import import_file
    from scorecard.stewardship.writer import ImportStopped

    record = ImportRecord.objects.select_related("user").get(pk=record_id)
    try:
        if record.outcome != ImportOutcome.QUEUED:  # stopped from its page before it started
            return record.outcome
        if ImportRecord.objects.filter(outcome=ImportOutcome.RUNNING).exclude(pk=record_id):
            # Two confirmations passed the page's check at once: a rollback of one could
            # put back values over the other's, so the second writes nothing.
            record.outcome, record.step = ImportOutcome.FAILED, _("Failed")
            record.message = _(
                "Another import was being applied; nothing was written. Apply this file again."
            )
            record.finished_at = timezone.now()
            record.save(update_fields=["outcome", "step", "message", "finished_at"])
            return record.outcome
        with record.upload.open("rb") as upload:
            data = upload.read()
        result = import_file(
            name=record.file_name,
            data=data,
            resource=table,
            user=record.user,
            apply=True,
            expected_changes=expected_changes,
            via=record.via,
            record=record,
            progress=record.set_progress,
        )
        outcome = result.record.outcome
    except ImportStopped:  # stopped from its page mid-way; that rolls it back
        record.refresh_from_db()
        outcome = record.outcome
    except Exception as exc:  # a bug: the traceback in the log, a sentence on the record
        logger.exception("Import %s failed", record_id)
        record.refresh_from_db()
        record.outcome = ImportOutcome.FAILED
        record.step = _("Failed")
        record.finished_at = timezone.now()
        if record.undo_log.exists():  # the rollback itself failed
            record.message = _(
                "The import failed (%(error)s) and what it wrote could not be rolled back: run "
                "“manage.py import_reference --roll-back %(id)s”."
            ) % {"error": type(exc).__name__, "id": record_id}
        else:
            record.message = _(
                "The import could not be applied (%(error)s); nothing was written."
            ) % {"error": type(exc).__name__}
        record.save(update_fields=["outcome", "message", "step", "finished_at"])
        outcome = record.outcome
    finally:
        record.upload.delete(save=False)
        ImportRecord.objects.filter(pk=record_id).update(upload="")
    return outcome
