"""The engagement a management command names: by id (``12``) or reference (``ACME-2027``)."""

from __future__ import annotations

from django.core.management.base import CommandError

from scorecard.models import Engagement


def get_engagement(key: str) -> Engagement:
    """The engagement with id or reference ``key``; ``CommandError`` when there is none."""
    lookup = {"pk": int(key)} if key.isdigit() else {"reference": key}
    try:
        return Engagement.objects.get(**lookup)
    except Engagement.DoesNotExist:
        raise CommandError(f"No engagement {key!r}.") from None
