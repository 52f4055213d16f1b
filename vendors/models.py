"""Invitations to answer an engagement's questionnaire, the answers, and the evidence library.

An :class:`Invitation` is the vendor's only key: a random link token whose SHA-256 hash is all
that is stored (:mod:`vendors.tokens`). The link works until ``link_expires_at`` unless revoked;
answers may change until ``deadline`` unless submitted (a consultant reopens or extends).
Vendors are never users: their session holds the invitation's id and nothing else.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from providers.models import CredentialKind, Provider
from scorecard.models import Candidate, Engagement, Indicator
from scorecard.models.limits import LONG_TEXT_MAX_CHARS
from scorecard.storage import private_storage

# Registrations and certifications the profile section asks for, in this order.
ASKED_CREDENTIALS = (
    CredentialKind.REPSE,
    CredentialKind.SAT_OPINION,
    CredentialKind.IMSS_OPINION,
    CredentialKind.INFONAVIT_OPINION,
    CredentialKind.ISO_27001,
    CredentialKind.PCI_DSS,
    CredentialKind.SOC2,
)


class InvitationStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    OPENED = "opened", _("Opened")
    DRAFTED = "drafted", _("Draft saved")
    SUBMITTED = "submitted", _("Submitted")
    LATE = "late", _("Late")
    REVOKED = "revoked", _("Revoked")


class Invitation(models.Model):
    """A contact at a candidate's provider asked to answer the engagement's questionnaire.

    ``blind``: the vendor's pages and e-mails never name the client. ``revision`` increases on
    every save of the profile section (the two-browser guard, as for assessments).
    """

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("candidate")
    )
    contact_name = models.CharField(_("contact name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    # A code of settings.LANGUAGES (checked by the form; no choices here, so adding a language
    # needs no migration).
    language = models.CharField(_("language"), max_length=8, default="en")
    deadline = models.DateTimeField(_("deadline"))
    link_expires_at = models.DateTimeField(_("link expires"))
    blind = models.BooleanField(
        _("hide the client's name"),
        default=False,
        help_text=_("The vendor sees the engagement's name only, never the client's."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    drafted_at = models.DateTimeField(_("first draft"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    profile_applied_at = models.DateTimeField(_("profile changes applied"), null=True, blank=True)
    profile = models.JSONField(_("profile answers"), default=dict, blank=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("vendor invitation")
        verbose_name_plural = _("vendor invitations")

    def __str__(self) -> str:
        return f"{self.contact_name} <{self.email}> · {self.candidate}"

    @property
    def engagement(self) -> Engagement:
        return self.candidate.engagement

    @property
    def provider(self) -> Provider:
        return self.candidate.provider

    def link_works(self, now=None) -> bool:
        """Whether the link (and a session opened with it) still lets the vendor in."""
        now = now or timezone.now()
        return self.revoked_at is None and now < self.link_expires_at

    def is_open_for_answers(self, now=None) -> bool:
        """Answers may change: the link works, nothing submitted, the deadline not passed."""
        now = now or timezone.now()
        return self.link_works(now) and self.submitted_at is None and now < self.deadline

    @property
    def status(self) -> str:
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if self.submitted_at:
            return InvitationStatus.SUBMITTED
        if timezone.now() >= self.deadline:
            return InvitationStatus.LATE
        if self.drafted_at:
            return InvitationStatus.DRAFTED
        if self.opened_at:
            return InvitationStatus.OPENED
        return InvitationStatus.INVITED

    def get_status_display(self) -> str:
        return InvitationStatus(self.status).label

    @property
    def client_shown(self) -> str:
        """What the vendor is told about who asks: the client's name unless blind."""
        return "" if self.blind else self.engagement.client_name

    @property
    def title_shown(self) -> str:
        """The engagement's name, unless blind (names often carry the client's)."""
        return str(_("Request for information")) if self.blind else self.engagement.name


class VendorQuestionQuerySet(models.QuerySet):
    def get_by_natural_key(self, indicator_code: str) -> VendorQuestion:
        return self.get(indicator__code=indicator_code)


class VendorQuestion(models.Model):
    """The vendor-facing wording of a rated indicator: the question and the evidence asked
    for. Never the rubric or the internal guidance; an indicator without one is asked about by
    its name (see :func:`vendors.selectors.question_for`)."""

    indicator = models.OneToOneField(
        Indicator,
        on_delete=models.CASCADE,
        related_name="vendor_question",
        verbose_name=_("indicator"),
    )
    question = models.TextField(_("question for the vendor"), max_length=LONG_TEXT_MAX_CHARS)
    evidence_requested = models.TextField(
        _("evidence requested"), blank=True, max_length=LONG_TEXT_MAX_CHARS
    )

    objects = VendorQuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("vendor question")
        verbose_name_plural = _("vendor questions")

    def __str__(self) -> str:
        return self.indicator.code

    def natural_key(self) -> tuple[str]:
        return self.indicator.natural_key()

    natural_key.dependencies = ["scorecard.indicator"]


class EvidenceFile(models.Model):
    """A file in the evidence library of one provider in one engagement: uploaded once,
    cited by any number of answers. Private storage, served by permission-checked views."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, related_name="uploads"
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="vendor-evidence/%Y/%m/", max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("vendor evidence file")
        verbose_name_plural = _("vendor evidence files")

    def __str__(self) -> str:
        return self.original_name


class VendorAnswer(models.Model):
    """The vendor's answer to one indicator's question, with the library files it cites."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("answer"), blank=True, max_length=LONG_TEXT_MAX_CHARS)
    evidence = models.ManyToManyField(EvidenceFile, blank=True, related_name="answers")
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "indicator"], name="unique_vendor_answer_per_indicator"
            )
        ]
        verbose_name = _("vendor answer")
        verbose_name_plural = _("vendor answers")

    def __str__(self) -> str:
        return f"{self.invitation_id} · {self.indicator.code}"
