"""A report built from a published decision reads the decision's frozen results."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scorecard.models import CriterionWeight, Role
from scorecard.ranking.snapshot import snapshot_results
from scorecard.reports.context import ReportData
from scorecard.services.decisions import publish_decision

pytestmark = pytest.mark.usefixtures("gates_verified")


def test_report_data_with_decision_reads_its_frozen_results(world, ranked):
    decision = publish_decision(
        engagement=world.engagement, label="Board", published_by=world.users[Role.CONSULTANT]
    )
    CriterionWeight.objects.filter(engagement=world.engagement, criterion__code="service").update(
        weight=Decimal(5)
    )

    frozen = ReportData(world.engagement, sections=["summary"], decision=decision)
    live = ReportData(world.engagement, sections=["summary"])

    assert snapshot_results(frozen.results, as_of=decision.as_of) == decision.results
    assert snapshot_results(live.results, as_of=decision.as_of) != decision.results
    assert frozen.inputs.criterion_weights["service"] == 60.0
