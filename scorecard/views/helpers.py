"""Small helpers shared by engagement views."""

from __future__ import annotations

from scorecard.access import EngagementAccess


def engagement_context(access: EngagementAccess, **extra) -> dict:
    """The template context every engagement tab starts from: the access and its engagement."""
    return {"access": access, "engagement": access.engagement, **extra}
