"""Inviting people to an engagement by e-mail, and accepting an invitation.

The consultant's side never learns whether an address has an account: inviting always
creates an invitation and sends the same e-mail. The person's side decides: someone with an
account logs in and joins; someone without one chooses a username and password and joins.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from scorecard.models import Engagement, Invitation, Membership
from scorecard.models.invitations import INVITATION_DAYS, hash_token


class InvitationClosed(Exception):
    """The invitation was accepted, revoked or has expired."""


class WrongAccount(Exception):
    """A logged-in user tried to accept an invitation sent to another address."""


def find_invitation(token: str) -> Invitation | None:
    """The invitation a link's token belongs to, open or not; ``None`` for an unknown token."""
    return (
        Invitation.objects.select_related("engagement", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


def account_for(email: str) -> AbstractBaseUser | None:
    """The active account with this e-mail address, for the invitee's page only."""
    return get_user_model().objects.filter(email__iexact=email, is_active=True).first()


@transaction.atomic
def invite(
    *,
    engagement: Engagement,
    email: str,
    role: str,
    invited_by: AbstractBaseUser,
    link_for: Callable[[str], str],
) -> Invitation:
    """Invite ``email`` with ``role`` and e-mail them the link ``link_for(token)``.

    An earlier open invitation of the same address to the same engagement is revoked, so only
    the newest link works.
    """
    now = timezone.now()
    engagement.invitations.open(now=now).filter(email__iexact=email).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        engagement=engagement,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=invited_by,
        expires_at=now + dt.timedelta(days=INVITATION_DAYS),
    )
    link = link_for(token)
    transaction.on_commit(lambda: _send(invitation, link))
    return invitation


def _send(invitation: Invitation, link: str) -> None:
    context = {"invitation": invitation, "link": link, "days": INVITATION_DAYS}
    language = getattr(invitation.invited_by, "language", None) or translation.get_language()
    with translation.override(language):
        subject = render_to_string("scorecard/invitations/email_subject.txt", context).strip()
        text = render_to_string("scorecard/invitations/email.txt", context)
        html = render_to_string("scorecard/invitations/email.html", context)
    message = EmailMultiAlternatives(subject, text, to=[invitation.email])
    message.attach_alternative(html, "text/html")
    message.send()


@transaction.atomic
def revoke(*, invitation: Invitation) -> None:
    """Make the invitation's link stop working (no-op when it is already closed)."""
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def accept(*, invitation: Invitation, user: AbstractBaseUser) -> Membership:
    """Join ``user`` to the engagement with the invited role; the invitation closes.

    ``user`` must own the invited address (their account's e-mail). A user who is already a
    member keeps their current role.
    """
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_open():
        raise InvitationClosed
    if (user.email or "").casefold() != locked.email.casefold():
        raise WrongAccount
    membership, _created = Membership.objects.get_or_create(
        engagement=locked.engagement, user=user, defaults={"role": locked.role}
    )
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def accept_with_new_account(
    *, invitation: Invitation, username: str, password: str, first_name: str, last_name: str
) -> Membership:
    """Create the invitee's account (username and password they chose) and join them."""
    user = get_user_model().objects.create_user(
        username=username,
        email=invitation.email,
        password=password,
        first_name=first_name,
        last_name=last_name,
    )
    return accept(invitation=invitation, user=user)
