"""Published decisions: an engagement's ranking frozen with every input it came from.

A :class:`Decision` is written once, by :func:`scorecard.services.decisions.publish_decision`,
and never changed: saving an existing row, updating rows through the queryset or deleting one
raises :class:`ImmutableDecision`; decisions go only with their engagement. ``number`` counts
an engagement's decisions from 1 without gaps (unique per engagement); the publishing service
takes it under a lock on the engagement row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.validators import validate_sensible_date
from scorecard.models.engagement import Engagement

# Longest label of a decision, e.g. "Board approval, March 2027".
LABEL_MAX_CHARS = 200


class ImmutableDecision(Exception):
    """A published decision cannot be changed."""


class DecisionQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        raise ImmutableDecision(_("A published decision cannot be changed."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableDecision(_("A published decision cannot be deleted."))

    def for_engagement(self, engagement: Engagement) -> DecisionQuerySet:
        return self.filter(engagement=engagement).select_related("published_by")


class Decision(models.Model):
    """One published decision of an engagement (immutable).

    ``inputs`` is the snapshot of every engine input (``scorecard.ranking.snapshot``): weights
    and AHP judgements, candidates, submitted scores, reference figures, gate facts, cost
    scores, quotes and assumptions, method settings and ``as_of``, the date the figures and
    gate facts were evaluated at. ``results`` is the ranking computed from them when it was
    published. ``fingerprint`` is the SHA-256 (hex) of the canonical JSON of ``inputs``
    (``scorecard.domain.decisions.fingerprint``).
    """

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("engagement")
    )
    number = models.PositiveIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=LABEL_MAX_CHARS)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    as_of = models.DateField(_("evaluated as of"), validators=[validate_sensible_date])
    method = models.CharField(_("ranking method"), max_length=20)
    inputs = models.JSONField(_("inputs"))
    results = models.JSONField(_("results"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["engagement", "-number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(fields=["engagement", "number"], name="decision_number_unique"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="decision_number_from_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.engagement.reference} #{self.number} {self.label}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableDecision(_("A published decision cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableDecision(_("A published decision cannot be deleted."))

    @property
    def short_fingerprint(self) -> str:
        """The first 12 hex digits: enough to tell two decisions apart by eye."""
        return self.fingerprint[:12]
