"""Calibration writes: open calibration for an engagement, record a consensus. Keyword-only,
typed, atomic."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from scorecard.models import Candidate, Consensus, Engagement, Indicator


@transaction.atomic
def open_calibration(*, engagement: Engagement, user: AbstractBaseUser) -> bool:
    """Unseal every assessor's work for the engagement's analysts (once; later calls change
    nothing). Returns whether this call opened it."""
    locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if locked.calibration_opened_at is not None:
        return False
    locked.calibration_opened_at = timezone.now()
    locked.calibration_opened_by = user
    locked.save(update_fields=["calibration_opened_at", "calibration_opened_by", "updated_at"])
    engagement.calibration_opened_at = locked.calibration_opened_at
    engagement.calibration_opened_by = user
    return True


@transaction.atomic
def record_consensus(
    *,
    candidate: Candidate,
    indicator: Indicator,
    score: int | None,
    reason: str,
    user: AbstractBaseUser,
) -> Consensus:
    """Record (or replace) the calibration outcome of ``indicator`` for ``candidate``:
    ``score`` 0–5 replaces the assessors' aggregate in the ranking, ``None`` keeps it. The
    reason is required; every version is kept in history. Raises ``ValueError`` for a score
    outside 0–5 or an empty reason (forms check both first)."""
    if score is not None and not 0 <= score <= 5:
        raise ValueError("A consensus score is 0–5.")
    if not reason.strip():
        raise ValueError("A consensus needs a reason.")
    existing = Consensus.objects.select_for_update().filter(
        candidate=candidate, indicator=indicator
    )
    consensus = existing.first() or Consensus(candidate=candidate, indicator=indicator)
    consensus.score = score
    consensus.reason = reason.strip()
    consensus.decided_by = user
    consensus._history_user = user
    consensus.save()
    return consensus
