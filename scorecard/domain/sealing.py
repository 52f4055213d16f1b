"""Sealed scoring: who sees assessors' individual work (the one place this rule lives).

Assessors score independently, so nobody anchors on a colleague's numbers: an analyst sees
other assessors' scores and notes for a candidate only after submitting their own assessment
of that candidate, or once a consultant opens calibration for the engagement. Consultants see
everything. Client viewers never see assessors' names or notes (they see combined results,
and each assessor's score without a name).

Pages, selectors and exports ask a :class:`ScoreVisibility`
(:func:`scorecard.selectors.sealing.get_score_visibility` builds it); none decides again.
"""

from __future__ import annotations

from dataclasses import dataclass

# Role values as stored (scorecard.models.Role); the domain layer imports no models.
CONSULTANT = "consultant"
ANALYST = "analyst"
CLIENT_VIEWER = "client_viewer"


def sees_assessors(role: str) -> bool:
    """Whether a member with ``role`` may ever see assessors' names, notes and the agreement
    page (everyone but client viewers)."""
    return role != CLIENT_VIEWER


@dataclass(frozen=True)
class ScoreVisibility:
    """What of the assessors' individual work one member may see in one engagement.

    ``submitted`` holds the candidates the member has submitted an assessment of.
    """

    role: str
    user_id: int
    calibration_open: bool
    submitted: frozenset[int] = frozenset()

    @property
    def sees_assessors(self) -> bool:
        """Whether assessors' names, notes and the agreement page exist for this member."""
        return sees_assessors(self.role)

    def sees_others(self, candidate_id: int) -> bool:
        """Whether other assessors' scores and notes of ``candidate_id`` are unsealed for this
        member: consultants always; analysts after submitting their own, or once calibration
        is open; client viewers never (names and notes), see :meth:`sees_scores`."""
        if self.role == CONSULTANT:
            return True
        if self.role == ANALYST:
            return self.calibration_open or candidate_id in self.submitted
        return False

    def sees_scores(self, candidate_id: int) -> bool:
        """Whether each assessor's score (without name or note for client viewers) and the
        combined score per indicator of ``candidate_id`` may be shown."""
        return self.role == CLIENT_VIEWER or self.sees_others(candidate_id)

    def sees_notes(self, candidate_id: int) -> bool:
        """Whether assessors' names and notes on ``candidate_id`` may be shown."""
        return self.sees_assessors and self.sees_others(candidate_id)

    def sees_assessment(self, *, assessor_id: int, candidate_id: int) -> bool:
        """Whether the assessment of ``candidate_id`` by ``assessor_id`` may be opened
        (read-only unless it is the member's own)."""
        if assessor_id == self.user_id:
            return self.role != CLIENT_VIEWER
        return self.sees_notes(candidate_id)
