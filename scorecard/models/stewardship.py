"""The audit trail of reference-data imports (see :mod:`scorecard.stewardship`), and the undo
log that lets an import applied in chunks be rolled back whole."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scorecard.storage import private_storage


class ImportOutcome(models.TextChoices):
    REFUSED = "refused", _("Refused (file rejected before reading rows)")
    INVALID = "invalid", _("Invalid rows: nothing written")
    PREVIEWED = "previewed", _("Previewed: nothing written")
    QUEUED = "queued", _("Queued: waiting to be applied")
    RUNNING = "running", _("Applying")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed: nothing written (any part written was rolled back)")


# The outcomes of an import that is still to be applied, or being applied.
UNFINISHED_OUTCOMES = (ImportOutcome.QUEUED, ImportOutcome.RUNNING)


class ImportRecord(models.Model):
    """One attempt to import a reference-data file, whatever its outcome.

    ``resources`` lists the tables the file held (comma-separated resource names). The counts
    are rows of the file: ``created + updated + unchanged == rows`` when the import was valid;
    ``errors`` counts row/column problems (nothing is written when it is above zero). The
    ``import_reference_data`` permission (or superuser status) is what lets a user import.

    An apply runs as a background job (``scorecard.stewardship.tasks.apply_import``): queued
    with the confirmed file in ``upload`` (deleted when the job ends), then running, with
    ``progress`` (a percentage, 0–100) and ``step`` saying how far it is; ``chunks`` counts the
    write transactions it committed (one per chunk of ``IMPORT_CHUNK_ROWS`` rows). An apply that
    fails part-way is rolled back and ends ``failed``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size (bytes)"), default=0)
    resources = models.CharField(_("tables"), max_length=300, blank=True)
    via = models.CharField(_("via"), max_length=10, default="admin")
    outcome = models.CharField(_("outcome"), max_length=10, choices=ImportOutcome.choices)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    message = models.TextField(_("message"), blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    chunks = models.PositiveIntegerField(_("chunks written"), default=0)
    progress_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    upload = models.FileField(
        _("file to apply"), storage=private_storage, upload_to="imports/", blank=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reference-data import")
        verbose_name_plural = _("reference-data imports")
        permissions = [("import_reference_data", _("Can import reference data"))]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_outcome_display()}, {self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_finished(self) -> bool:
        return self.outcome not in UNFINISHED_OUTCOMES

    def set_progress(self, percent: int, step: str) -> None:
        """Record progress at once (one short UPDATE), so the status page sees it mid-job."""
        self.progress, self.step = max(0, min(100, int(percent))), step[:200]
        self.progress_at = timezone.now()
        type(self).objects.filter(pk=self.pk).update(
            progress=self.progress, step=self.step, progress_at=self.progress_at
        )

    def is_stalled(self, now: dt.datetime | None = None) -> bool:
        """Whether this import is unfinished and has not moved (queued, started or written a
        chunk) for ``IMPORT_STALLED_AFTER_MINUTES``: its worker has most likely stopped."""
        if self.is_finished:
            return False
        last = self.progress_at or self.created_at
        limit = dt.timedelta(minutes=settings.IMPORT_STALLED_AFTER_MINUTES)
        return last is not None and (now or timezone.now()) - last > limit


class ImportChunk(models.Model):
    """What one committed chunk of an import wrote, enough to undo it: written in the same
    transaction as the chunk, deleted when the import finishes or the chunk is rolled back.

    ``created`` lists the primary keys of new rows; ``previous`` maps the primary key of each
    changed row to its earlier values (``{column: value}``, related rows by primary key,
    many-to-many columns as lists of primary keys). ``history_date`` is the date of the
    history records the chunk wrote, which a rollback deletes with the rows.
    """

    record = models.ForeignKey(ImportRecord, on_delete=models.CASCADE, related_name="undo_log")
    number = models.PositiveIntegerField()
    table = models.CharField(max_length=40)
    created = models.JSONField(default=list)
    previous = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    history_date = models.DateTimeField()

    class Meta:
        ordering = ["record", "number"]
        constraints = [
            models.UniqueConstraint(fields=["record", "number"], name="unique_import_chunk")
        ]

    def __str__(self) -> str:
        return f"{self.record_id}/{self.number} ({self.table})"
