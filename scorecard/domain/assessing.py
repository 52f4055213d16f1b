"""Who starts assessments: the analysts of an engagement are its assessors.

A consultant may assess too, but only in an engagement without analysts: otherwise the
consultant's own assessment would be one more than the analysts assigned, and would count in
the combined scores like theirs. The overview, the assessment list and the start page read
this rule; none decides again.
"""

from __future__ import annotations

from scorecard.domain.sealing import ANALYST, CONSULTANT


def starts_assessments(role: str, n_analysts: int) -> bool:
    """Whether a member with ``role`` may start a new assessment of their own in an
    engagement with ``n_analysts`` analysts: analysts always, consultants only when there is
    no analyst, client viewers never."""
    if role == ANALYST:
        return True
    return role == CONSULTANT and n_analysts == 0
