"""Reviewing an automatic red flag: owner, status and note, tied to the data it read."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from scorecard.domain.flags import Flag, flag_fingerprint
from scorecard.models import Candidate, FlagReview


def review_flag(
    *,
    candidate: Candidate,
    flag: Flag,
    owner: str,
    status: str,
    note: str,
    user: AbstractBaseUser,
) -> FlagReview:
    """Record the team's review of ``flag`` as it reads now (a later change of the data it
    read raises it again). One review per candidate, rule and subject; saving again updates
    it, and the history keeps every version."""
    key = {"candidate": candidate, "code": flag.code, "subject": flag.subject}
    values = {
        "owner": owner,
        "status": status,
        "note": note,
        "fingerprint": flag_fingerprint(flag),
        "updated_by": user,
    }
    try:
        with transaction.atomic():
            review, _created = FlagReview.objects.update_or_create(**key, defaults=values)
    except IntegrityError:  # two first reviews at once: the other one won; update it
        with transaction.atomic():
            review, _created = FlagReview.objects.update_or_create(**key, defaults=values)
    return review
