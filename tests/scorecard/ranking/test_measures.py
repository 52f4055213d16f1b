"""scorecard.ranking.measures: figures and gate facts read from reference data."""

from __future__ import annotations

from scorecard.models import GateDefinition, GateFact, MeasuredSource
from scorecard.ranking.measures import (
    candidates_for_measures,
    gate_checks,
    gate_threshold,
    measured_figure,
)
from tests.factories import CandidateFactory, ProviderFactory, SiteFactory


def test_measured_figure_unknown_attrition_is_none_never_zero(world):
    candidate = CandidateFactory(
        engagement=world.engagement,
        primary_site=SiteFactory(provider=ProviderFactory(attrition_pct=None)),
    )

    figure = measured_figure(candidate, MeasuredSource.PROVIDER_ATTRITION, world.engagement)

    assert (figure.value, figure.is_known) == (None, False)


def test_gate_checks_seats_counts_the_proposals_sites(world):
    CandidateFactory(engagement=world.engagement, primary_site=SiteFactory(seats_available=75))
    candidates = list(candidates_for_measures(world.engagement))

    checks = gate_checks(world.engagement, candidates, [GateFact.SEATS_AVAILABLE])

    check = checks[candidates[0].pk][GateFact.SEATS_AVAILABLE]
    assert (check.value, check.shown) == (75, "75 seats available")


def test_gate_checks_unknown_dpa_is_no_data(world):
    CandidateFactory(engagement=world.engagement)
    candidates = list(candidates_for_measures(world.engagement))

    checks = gate_checks(world.engagement, candidates, [GateFact.DPA_SIGNED])

    assert checks[candidates[0].pk][GateFact.DPA_SIGNED].value is None


def test_gate_threshold_only_the_seats_gate_has_one(world):
    seats = GateDefinition(code="s", name="S", fact=GateFact.SEATS_AVAILABLE)
    dpa = GateDefinition(code="d", name="D", fact=GateFact.DPA_SIGNED)

    assert gate_threshold(seats, world.engagement) == world.engagement.seats
    assert gate_threshold(dpa, world.engagement) is None
