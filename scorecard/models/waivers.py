"""Gate waivers: a consultant's recorded acceptance of an unverified must-have gate.

A gate without data is *unverified* (never passed silently, never failed on its own). A
decision that recommends a candidate with an unverified gate cannot be published unless a
consultant waives that gate for that candidate, with a reason
(:func:`scorecard.ranking.evaluate.publish_blockers`). A waiver never turns a failed gate
into a pass: it only answers for a gap in the data. Every change is kept in the history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from scorecard.models.limits import LONG_TEXT_MAX_CHARS


class GateWaiver(models.Model):
    """One candidate's unverified ``gate`` accepted by a consultant, with the ``reason``.

    One waiver per candidate and gate; withdrawing it deletes the row (the history keeps it).
    """

    engagement = models.ForeignKey(
        "scorecard.Engagement",
        on_delete=models.CASCADE,
        related_name="gate_waivers",
        verbose_name=_("engagement"),
    )
    candidate = models.ForeignKey(
        "scorecard.Candidate",
        on_delete=models.CASCADE,
        related_name="gate_waivers",
        verbose_name=_("candidate"),
    )
    gate = models.ForeignKey(
        "scorecard.GateDefinition",
        on_delete=models.CASCADE,
        related_name="waivers",
        verbose_name=_("gate"),
    )
    reason = models.TextField(_("reason"), max_length=LONG_TEXT_MAX_CHARS)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("waived by"),
    )
    waived_at = models.DateTimeField(_("waived"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["candidate_id", "gate_id"]
        verbose_name = _("gate waiver")
        verbose_name_plural = _("gate waivers")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "gate"], name="one_waiver_per_gate"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="waiver_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.gate} waived for {self.candidate}"
