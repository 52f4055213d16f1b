"""Calibration writes: opening calibration, recording a consensus."""

from __future__ import annotations

import pytest

from scorecard.models import Consensus, Indicator, Role
from scorecard.services.calibration import open_calibration, record_consensus

pytestmark = pytest.mark.django_db


def test_open_calibration_once(world):
    consultant = world.users[Role.CONSULTANT]
    assert open_calibration(engagement=world.engagement, user=consultant) is True
    first = world.engagement.calibration_opened_at
    assert open_calibration(engagement=world.engagement, user=consultant) is False
    world.engagement.refresh_from_db()
    assert world.engagement.calibration_opened_at == first


@pytest.mark.parametrize(("score", "reason"), [(6, "R"), (-1, "R"), (3, "  ")])
def test_record_consensus_refuses_bad_input_and_writes_nothing(world, ranked, score, reason):
    with pytest.raises(ValueError):
        record_consensus(
            candidate=ranked["c"],
            indicator=Indicator.objects.get(code="s1"),
            score=score,
            reason=reason,
            user=world.users[Role.CONSULTANT],
        )
    assert not Consensus.objects.exists()


def test_record_consensus_replaces_and_keeps_history(world, ranked):
    args = {"candidate": ranked["c"], "indicator": Indicator.objects.get(code="s1")}
    consultant = world.users[Role.CONSULTANT]
    record_consensus(**args, score=3, reason="Site visit", user=consultant)
    record_consensus(**args, score=None, reason="Keep the mean", user=consultant)
    consensus = Consensus.objects.get()
    assert (consensus.score, consensus.reason) == (None, "Keep the mean")
    assert [h.score for h in consensus.history.order_by("history_date")] == [3, None]
