"""Assessments: one analyst's scores of one candidate, with notes, evidence and confidence.

Saves are guarded against lost updates: every :class:`Score` carries a ``revision`` that the
form sends back, and :func:`scorecard.services.assessments.save_criterion_scores` refuses a
save whose revisions are no longer current (another tab or person changed the same indicators).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cities.validators import validate_sensible_date
from scorecard.models.candidates import Candidate
from scorecard.models.catalogue import Indicator
from scorecard.models.limits import LONG_TEXT_MAX_CHARS
from scorecard.storage import private_storage


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class AssessmentQuerySet(models.QuerySet):
    def get_by_natural_key(self, engagement: str, provider: str, site: str, username: str):
        return self.get(
            candidate=Candidate.objects.get_by_natural_key(engagement, provider, site),
            assessor__username=username,
        )

    def submitted(self) -> AssessmentQuerySet:
        return self.filter(status=AssessmentStatus.SUBMITTED)


class Assessment(models.Model):
    """An assessor's scores for one candidate (one form per criterion, submitted as a whole).

    Only submitted assessments count in results. A submitted assessment is locked until a
    consultant reopens it.
    """

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="assessments")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AssessmentStatus.choices, default="draft"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    due_date = models.DateField(
        _("due"), null=True, blank=True, validators=[validate_sensible_date]
    )
    # Why it was last submitted or reopened (required to reopen); kept in history.
    status_reason = models.TextField(_("reason"), blank=True, max_length=LONG_TEXT_MAX_CHARS)
    # The due date a reminder was last sent for (send_due_reminders): never the same twice;
    # a new due date gets its own reminder.
    reminded_for = models.DateField(
        null=True, blank=True, editable=False, validators=[validate_sensible_date]
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "reminded_for"])
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["candidate", "assessor__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "assessor"], name="unique_assessment_per_assessor"
            ),
        ]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.candidate} by {self.assessor}"

    def get_absolute_url(self) -> str:
        return reverse(
            "scorecard:assessment-detail",
            kwargs={"pk": self.candidate.engagement_id, "assessment_id": self.pk},
        )

    def natural_key(self) -> tuple[str, ...]:
        return (*self.candidate.natural_key(), self.assessor.username)

    natural_key.dependencies = ["scorecard.candidate"]

    @property
    def is_locked(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED


class ScoreStatus(models.TextChoices):
    SCORED = "scored", _("Scored")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    UNKNOWN = "unknown", _("Unknown")


class Confidence(models.TextChoices):
    SELF_DECLARED = "self_declared", _("Self-declared by the provider")
    DOCUMENTED = "documented", _("Documented")
    VERIFIED = "verified", _("Verified (site visit, registry, audit)")


class ScoreQuerySet(models.QuerySet):
    def get_by_natural_key(self, *key: str) -> Score:
        *assessment_key, indicator_code = key
        return self.get(
            assessment=Assessment.objects.get_by_natural_key(*assessment_key),
            indicator__code=indicator_code,
        )


class Score(models.Model):
    """One assessor's answer for one rated indicator: a 0–5 level, N/A or unknown.

    ``value`` is set only when ``status`` is scored. ``revision`` increases on every change;
    forms send it back so a stale save can be refused.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="scores")
    status = models.CharField(_("answer"), max_length=16, choices=ScoreStatus.choices)
    value = models.PositiveSmallIntegerField(
        _("score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(5)],
    )
    note = models.TextField(_("note"), blank=True, max_length=LONG_TEXT_MAX_CHARS)
    confidence = models.CharField(
        _("confidence"),
        max_length=16,
        choices=Confidence.choices,
        default=Confidence.SELF_DECLARED,
    )
    revision = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("saved"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "revision"])
    objects = ScoreQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__criterion__order", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="unique_score_per_indicator"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="scored", value__isnull=False, value__lte=5)
                    | (~models.Q(status="scored") & models.Q(value__isnull=True))
                ),
                name="score_value_matches_status",
            ),
        ]
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self) -> str:
        shown = self.value if self.status == ScoreStatus.SCORED else self.get_status_display()
        return f"{self.indicator.code}: {shown}"

    def natural_key(self) -> tuple[str, ...]:
        return (*self.assessment.natural_key(), self.indicator.code)

    natural_key.dependencies = ["scorecard.assessment", "scorecard.indicator"]


class Evidence(models.Model):
    """A file backing a score. Stored privately; served only by a permission-checked view."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="evidence/%Y/%m/", max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name
