"""Calibration outcomes: the consensus a consultant records on a flagged disagreement.

A :class:`Consensus` row replaces the assessors' combined score of one (candidate, indicator)
in the ranking (:func:`scorecard.ranking.inputs.load_inputs`), or keeps it (``score`` empty)
with the reason written down. Every change is kept in history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from scorecard.models.candidates import Candidate
from scorecard.models.catalogue import Indicator
from scorecard.models.limits import LONG_TEXT_MAX_CHARS


class Consensus(models.Model):
    """The calibrated score of one rated indicator for one candidate.

    ``score`` is the agreed 0–5 level; empty means "keep the assessors' aggregate". ``reason``
    is required either way. The engagement is the candidate's.
    """

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="consensus")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("consensus score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(5)],
        help_text=_("Empty: keep the assessors' combined score."),
    )
    reason = models.TextField(_("reason"), max_length=LONG_TEXT_MAX_CHARS)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["candidate", "indicator__criterion__order", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "indicator"], name="unique_consensus_per_indicator"
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=5),
                name="consensus_score_0_to_5",
            ),
        ]
        verbose_name = _("consensus")
        verbose_name_plural = _("consensus scores")

    def __str__(self) -> str:
        shown = self.score if self.score is not None else _("aggregate kept")
        return f"{self.candidate} · {self.indicator.code}: {shown}"

    @property
    def keeps_aggregate(self) -> bool:
        return self.score is None
