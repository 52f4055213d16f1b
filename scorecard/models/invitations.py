"""Invitations to join an engagement, sent by e-mail.

A consultant invites an address, never a username: whether that address already has an
account is never shown to the consultant (the members page only lists the invitation). The
link carries a random token; only its SHA-256 is stored, so a database copy cannot be used to
join. The link is single use, expires after ``INVITATION_DAYS`` and can be revoked.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scorecard.models.engagement import Engagement, Role

# How long an invitation link stays valid.
INVITATION_DAYS = 14


def hash_token(token: str) -> str:
    """The stored form of an invitation token."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def open(self, *, now: dt.datetime | None = None) -> InvitationQuerySet:
        """Invitations that can still be accepted."""
        return self.filter(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now or timezone.now(),
        )


class Invitation(models.Model):
    """An e-mail address invited to an engagement with a role."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} · {self.get_role_display()} · {self.engagement}"

    def is_open(self, *, now: dt.datetime | None = None) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > (now or timezone.now())
        )
