"""Vendor-portal writes: invite, remind, extend, revoke, reopen; open a link; save answers
(revision-checked, as assessments are), add evidence, submit; accept profile changes.
Keyword-only, typed, atomic; the invitation row locked first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_valid_filename

from scorecard.models import Candidate
from vendors.emails import link_for, send_invitation
from vendors.models import EvidenceFile, Invitation, VendorAnswer
from vendors.profile import apply_profile
from vendors.tokens import hash_token, new_token

if TYPE_CHECKING:
    from scorecard.uploads import AllowedType


class LinkNotValid(Exception):
    """The link is unknown, revoked or expired; ``reason`` says which (for the page only)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class QuestionnaireClosed(Exception):
    """Submitted, past the deadline or revoked: nothing can change until a consultant reopens
    or extends it."""


class StaleAnswers(Exception):
    """Someone (another browser) saved the same answers since this form loaded.

    ``indicators`` are the indicator ids whose answers changed meanwhile; ``profile`` whether
    the profile section did."""

    def __init__(self, indicators: list[int], profile: bool) -> None:
        super().__init__(f"{indicators} {profile}")
        self.indicators = indicators
        self.profile = profile


class PostedAnswer(TypedDict):
    text: str
    evidence: list[int]
    revision: int


def _locked_not_revoked(invitation: Invitation) -> Invitation:
    """The invitation's row, locked; a revoked one stays revoked (:class:`QuestionnaireClosed`)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.revoked_at:
        raise QuestionnaireClosed
    return invitation


def _link_expiry(deadline: dt.datetime) -> dt.datetime:
    return deadline + dt.timedelta(days=settings.VENDOR_LINK_GRACE_DAYS)


def invite_vendor(
    *,
    candidate: Candidate,
    contact_name: str,
    email: str,
    language: str,
    deadline: dt.datetime,
    blind: bool,
    user: AbstractBaseUser | None,
    base_url: str,
) -> tuple[Invitation, str]:
    """Create the invitation, e-mail its link, return it and the link (shown once)."""
    token = new_token()
    invitation = Invitation.objects.create(
        candidate=candidate,
        contact_name=contact_name,
        email=email,
        language=language,
        deadline=deadline,
        link_expires_at=_link_expiry(deadline),
        blind=blind,
        token_hash=hash_token(token),
        created_by=user,
    )
    link = link_for(token, base_url)
    send_invitation(invitation, link)
    return invitation, link


@transaction.atomic
def remind_vendor(*, invitation: Invitation, base_url: str) -> str:
    """E-mail a fresh link (only hashes are kept, so the old one cannot be sent again; it stops
    working, while a browser already in keeps its session)."""
    invitation = _locked_not_revoked(invitation)
    token = new_token()
    invitation.token_hash = hash_token(token)
    invitation.reminded_at = timezone.now()
    invitation.save(update_fields=["token_hash", "reminded_at"])
    link = link_for(token, base_url)
    send_invitation(invitation, link, reminder=True)
    return link


@transaction.atomic
def extend_deadline(*, invitation: Invitation, deadline: dt.datetime) -> Invitation:
    """Move the deadline (and the link's expiry with it)."""
    invitation = _locked_not_revoked(invitation)
    invitation.deadline = deadline
    invitation.link_expires_at = max(invitation.link_expires_at, _link_expiry(deadline))
    invitation.save(update_fields=["deadline", "link_expires_at"])
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: Invitation) -> None:
    """The link and every session opened with it stop working at once."""
    Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def reopen_invitation(*, invitation: Invitation, deadline: dt.datetime) -> Invitation:
    """Make a submitted (or late) questionnaire editable again until ``deadline``."""
    invitation = extend_deadline(invitation=invitation, deadline=deadline)
    invitation.submitted_at = None
    invitation.save(update_fields=["submitted_at"])
    return invitation


def open_link(token: str) -> Invitation:
    """The invitation ``token`` opens; marks it opened. Raises :class:`LinkNotValid`."""
    invitation = (
        Invitation.objects.select_related("candidate__engagement", "candidate__provider")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        raise LinkNotValid("unknown")
    if invitation.revoked_at:
        raise LinkNotValid("revoked")
    if not invitation.link_works():
        raise LinkNotValid("expired")
    if invitation.opened_at is None:
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
            opened_at=timezone.now()
        )
    return invitation


def _locked_open(invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open_for_answers():
        raise QuestionnaireClosed
    return invitation


@transaction.atomic
def save_answers(
    *,
    invitation: Invitation,
    answers: Mapping[int, PostedAnswer],
    profile: dict | None,
    profile_revision: int,
) -> None:
    """Save a draft: answers by indicator id, and the profile section when given.

    Refuses the whole save (:class:`StaleAnswers`) if any answer or the profile it would change
    was saved by someone else after the form loaded; cited evidence must be in the library of
    this provider and engagement (other ids are dropped)."""
    invitation = _locked_open(invitation)
    existing = {a.indicator_id: a for a in invitation.answers.prefetch_related("evidence")}
    library = set(_library(invitation).values_list("pk", flat=True))
    stale, changed = [], []
    for indicator_id, posted in answers.items():
        answer = existing.get(indicator_id)
        cited = sorted(set(posted["evidence"]) & library)
        old = (answer.text, sorted(e.pk for e in answer.evidence.all())) if answer else ("", [])
        if (posted["text"], cited) == old:
            continue
        if (answer.revision if answer else 0) != posted["revision"]:
            stale.append(indicator_id)
        changed.append((indicator_id, answer, posted["text"], cited))
    profile_stale = profile is not None and profile != invitation.profile
    profile_stale = profile_stale and invitation.revision != profile_revision
    if stale or profile_stale:
        raise StaleAnswers(stale, profile_stale)
    for indicator_id, answer, text, cited in changed:
        if answer is None:
            answer = VendorAnswer(invitation=invitation, indicator_id=indicator_id, revision=0)
        answer.text = text
        answer.revision += 1
        answer.save()
        answer.evidence.set(cited)
    fields = []
    if profile is not None and profile != invitation.profile:
        invitation.profile, invitation.revision = profile, invitation.revision + 1
        fields += ["profile", "revision"]
    if (changed or fields) and invitation.drafted_at is None:
        invitation.drafted_at = timezone.now()
        fields.append("drafted_at")
    if fields:
        invitation.save(update_fields=fields)


def _library(invitation: Invitation):
    return EvidenceFile.objects.filter(
        engagement_id=invitation.candidate.engagement_id,
        provider_id=invitation.candidate.provider_id,
    )


@transaction.atomic
def add_evidence(
    *, invitation: Invitation, files: Sequence[tuple[UploadedFile, AllowedType]]
) -> list[EvidenceFile]:
    """Store files already checked by :func:`scorecard.uploads.validate_evidence_upload` in
    the library; the stored name is generated, the original kept for display only."""
    invitation = _locked_open(invitation)
    stored = []
    for upload, kind in files:
        name = PurePath(get_valid_filename(PurePath(upload.name).name) or "file").name[:150]
        evidence = EvidenceFile(
            engagement_id=invitation.candidate.engagement_id,
            provider_id=invitation.candidate.provider_id,
            invitation=invitation,
            original_name=name,
            content_type=kind.mime,
            size=upload.size,
        )
        evidence.file.save(f"{kind.mime.split('/')[-1][:10]}-{name}"[:100], upload, save=False)
        evidence.save()
        stored.append(evidence)
    return stored


@transaction.atomic
def delete_evidence(*, invitation: Invitation, evidence_id: int) -> EvidenceFile | None:
    """Remove a file this invitation uploaded (and its citations) while answers may change;
    ``None`` when there is no such file of this invitation's. The stored file goes once the
    transaction commits."""
    invitation = _locked_open(invitation)
    evidence = invitation.uploads.filter(pk=evidence_id).first()
    if evidence is None:
        return None
    file = evidence.file
    evidence.delete()
    transaction.on_commit(lambda: file.delete(save=False))
    return evidence


@transaction.atomic
def submit_answers(*, invitation: Invitation) -> None:
    invitation = _locked_open(invitation)
    invitation.submitted_at = timezone.now()
    invitation.save(update_fields=["submitted_at"])


def change_reason(invitation: Invitation) -> str:
    """The history line of an accepted profile change (in the site's language)."""
    from django.utils.translation import gettext

    when = date_format(timezone.localtime(invitation.submitted_at), "DATE_FORMAT")
    return gettext("from the vendor's answer of %(date)s") % {"date": when}


@transaction.atomic
def accept_profile_changes(*, invitation: Invitation) -> None:
    """Apply the submitted profile to the provider's reference record (history says so).
    Raises ``ValidationError`` (nothing applied) when an answer does not fit the record."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.submitted_at is None:
        raise QuestionnaireClosed
    provider = invitation.candidate.provider
    apply_profile(provider, invitation.profile, change_reason(invitation))
    invitation.profile_applied_at = timezone.now()
    invitation.save(update_fields=["profile_applied_at"])
