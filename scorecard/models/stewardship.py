"""The audit trail of reference-data imports (see :mod:`scorecard.stewardship`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportOutcome(models.TextChoices):
    REFUSED = "refused", _("Refused (file rejected before reading rows)")
    INVALID = "invalid", _("Invalid rows: nothing written")
    PREVIEWED = "previewed", _("Previewed: nothing written")
    APPLIED = "applied", _("Applied")


class ImportRecord(models.Model):
    """One attempt to import a reference-data file, whatever its outcome.

    ``resources`` lists the tables the file held (comma-separated resource names). The counts
    are rows of the file: ``created + updated + unchanged == rows`` when the import was valid;
    ``errors`` counts row/column problems (nothing is written when it is above zero). The
    ``import_reference_data`` permission (or superuser status) is what lets a user import.
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

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reference-data import")
        verbose_name_plural = _("reference-data imports")
        permissions = [("import_reference_data", _("Can import reference data"))]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_outcome_display()}, {self.created_at:%Y-%m-%d %H:%M})"
