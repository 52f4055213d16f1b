"""Gate waiver writes: record (or re-word) and withdraw, each atomic and in the history."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from scorecard.models import Candidate, Engagement, GateDefinition, GateWaiver


@transaction.atomic
def record_waiver(
    *, engagement: Engagement, candidate: Candidate, gate: GateDefinition, reason: str, user
) -> GateWaiver:
    """Waive ``gate`` for ``candidate`` with ``reason`` (stripped, must not be empty); a
    second waiver of the same gate replaces the reason, author and time (history keeps the
    first). Raises ``ValueError`` for an empty reason or a candidate of another engagement."""
    reason = reason.strip()
    if not reason:
        raise ValueError("a waiver needs a reason")
    if candidate.engagement_id != engagement.pk:
        raise ValueError("the candidate belongs to another engagement")
    waiver, _created = GateWaiver.objects.update_or_create(
        candidate=candidate,
        gate=gate,
        defaults={
            "engagement": engagement,
            "reason": reason,
            "waived_by": user,
            "waived_at": timezone.now(),
        },
    )
    return waiver


@transaction.atomic
def withdraw_waiver(*, waiver: GateWaiver) -> None:
    """Withdraw ``waiver``: the gate is unverified and blocking again (history keeps it)."""
    waiver.delete()
