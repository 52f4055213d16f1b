"""When a lead is a lead: the "too close to call" rule, its thresholds and its wording.

A ranking's leader is *too close to call* when it takes first place in fewer than
:data:`FIRST_PLACE_ACCEPTABILITY_MIN` of the SMAA weight scenarios, or when moving the weight
of any one criterion by :data:`WEIGHT_NUDGE_POINTS` percentage points (or less) gives first
place to another candidate. Pages, the client view and the report read :func:`judge_lead`
and :func:`tie_rule`; nothing else restates the thresholds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Below this share of SMAA weight scenarios with the leader first, the lead is not called.
FIRST_PLACE_ACCEPTABILITY_MIN = 0.70
# A change of this many percentage points of weight on one criterion that changes the leader
# makes the lead too close to call.
WEIGHT_NUDGE_POINTS = 1.0


@dataclass(frozen=True)
class LeadVerdict:
    """``too_close`` and the two names it is between (``leader``, ``rival``), the leader's
    first-place share (0–1), the smallest weight change in points that changes the leader
    (``None``: no change of one criterion's weight does), and the verdict in words."""

    too_close: bool
    leader: str
    rival: str | None
    first_share: float | None
    flip_points: float | None
    text: str
    reasons: tuple[str, ...]


def tie_rule() -> str:
    """The rule in words (method text, README)."""
    return _(
        "A lead is called too close to call when the leader is first in fewer than "
        "%(share)s %% of the weight scenarios of the SMAA analysis, or when changing the "
        "weight of any one criterion by %(points)s point or less makes another candidate "
        "the leader; the ranking then names both and sets the tie-breakers (cost, capacity, "
        "risk) side by side instead of a plain #1."
    ) % {"share": f"{FIRST_PLACE_ACCEPTABILITY_MIN * 100:g}", "points": f"{WEIGHT_NUDGE_POINTS:g}"}


def judge_lead(
    leader: str,
    *,
    runner_up: str | None,
    first_shares: Mapping[str, float],
    flips: Sequence[tuple[str, float]],
) -> LeadVerdict:
    """The verdict on ``leader``'s lead.

    ``first_shares`` maps each ranked candidate to its first-place acceptability (0–1);
    ``flips`` lists ``(rival, points)``: moving one criterion's weight by ``points``
    percentage points makes ``rival`` the leader. ``runner_up`` is the second by total.
    The rival named is the one a small weight change promotes, else the one most often
    first in the scenarios, else ``runner_up``.
    """
    share = first_shares.get(leader)
    nearest = min(flips, key=lambda flip: flip[1], default=None)
    flip_points = nearest[1] if nearest else None
    others = {name: s for name, s in first_shares.items() if name != leader}
    rival = runner_up
    if nearest is not None and nearest[1] <= WEIGHT_NUDGE_POINTS:
        rival = nearest[0]
    elif others:
        rival = max(others, key=lambda name: (others[name], name == runner_up))
    reasons = []
    if share is not None and share < FIRST_PLACE_ACCEPTABILITY_MIN:
        reasons.append(
            _(
                "%(leader)s is first in only %(share)s %% of the weight scenarios "
                "(under %(min)s %%)."
            )
            % {
                "leader": leader,
                "share": f"{share * 100:.0f}",
                "min": f"{FIRST_PLACE_ACCEPTABILITY_MIN * 100:g}",
            }
        )
    if flip_points is not None and flip_points <= WEIGHT_NUDGE_POINTS:
        reasons.append(
            _("Moving one criterion's weight by %(points)s points makes %(rival)s the leader.")
            % {"points": f"{flip_points:.2f}", "rival": nearest[0]}
        )
    if reasons and rival:
        text = _("Too close to call between %(a)s and %(b)s") % {"a": leader, "b": rival}
    elif reasons:
        text = _("Too close to call")
    else:
        text = _("%(leader)s leads") % {"leader": leader}
    return LeadVerdict(
        too_close=bool(reasons),
        leader=leader,
        rival=rival,
        first_share=share,
        flip_points=flip_points,
        text=text,
        reasons=tuple(reasons),
    )
