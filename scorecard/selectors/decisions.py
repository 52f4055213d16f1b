"""Published decisions of an engagement, as pages and commands read them.

Lists leave out the frozen inputs and results (large JSON); a page that shows one decision
reads it whole with :func:`get_decision`.
"""

from __future__ import annotations

from django.db.models import QuerySet

from scorecard.models import Decision, Engagement


def decision_list(engagement: Engagement, *, latest_only: bool = False) -> list[Decision]:
    """The engagement's decisions, newest first, without their snapshots (one query);
    only the newest with ``latest_only`` (what client viewers see)."""
    decisions: QuerySet[Decision] = (
        Decision.objects.for_engagement(engagement).defer("inputs", "results").order_by("-number")
    )
    return list(decisions[:1] if latest_only else decisions)


def get_decision(engagement: Engagement, number: int) -> Decision | None:
    """Decision ``number`` of ``engagement`` with its snapshots, or ``None``."""
    return Decision.objects.for_engagement(engagement).filter(number=number).first()


def latest_decision(engagement: Engagement) -> Decision | None:
    """The engagement's newest decision with its snapshots, or ``None`` before the first."""
    return Decision.objects.for_engagement(engagement).order_by("-number").first()
