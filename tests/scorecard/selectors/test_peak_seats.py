"""Capacity is tested against the seat plan's peak, not the seats at go-live: the seats
coverage figure, the seats gate's threshold and the "not enough seats" red flag."""

from __future__ import annotations

import datetime as dt

import pytest

from scorecard.models import GateDefinition, GateFact, MeasuredSource
from scorecard.ranking.measures import gate_threshold, measured_figure
from scorecard.selectors.risks import flag_facts
from tests.factories import make_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def growing(world):
    """250 seats at go-live growing to 400 by month 12; a candidate with 300 seats."""
    engagement = world.engagement
    engagement.seats, engagement.target_seats, engagement.target_seats_month = 250, 400, 12
    engagement.save()
    return engagement, make_candidate(engagement, "Mid", cities=1)


def test_seats_coverage_reads_the_peak(growing):
    engagement, candidate = growing
    figure = measured_figure(candidate, MeasuredSource.CANDIDATE_SEATS_COVERAGE, engagement)
    assert figure.value == 75.0  # 300 of 400, not 120 % of 250
    assert "300 seats available for 400 needed at peak" in str(figure.display)


def test_seats_gate_threshold_is_the_peak(growing):
    engagement, _candidate = growing
    gate = GateDefinition(code="min-seats", fact=GateFact.SEATS_AVAILABLE)
    assert gate_threshold(gate, engagement) == 400


def test_seats_flag_needs_the_peak(growing):
    engagement, candidate = growing
    assert flag_facts(candidate, engagement, dt.date(2026, 12, 1)).seats_needed == 400
    engagement.target_seats = engagement.target_seats_month = None
    assert flag_facts(candidate, engagement, dt.date(2026, 12, 1)).seats_needed == 250
