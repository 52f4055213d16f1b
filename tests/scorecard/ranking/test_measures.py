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


def _talent_score(engagement, candidate) -> float | None:
    from scorecard.ranking.evaluate import evaluate
    from scorecard.ranking.inputs import load_inputs

    results = evaluate(load_inputs(engagement))
    rows = [*results.ranked, *results.insufficient, *results.excluded]
    return next(r for r in rows if r.candidate.id == candidate.pk).criterion_scores["talent"]


def test_weak_source_figure_moves_no_score_and_counts_as_unknown(ranked):
    from cities.models import Metric
    from scorecard.models import Indicator
    from tests.factories import CityFigureFactory, SourceFactory

    measured = Indicator.objects.get(code="t-attrition")
    measured.measured_source = MeasuredSource.CITY_UNSAFE
    measured.value_function = {"kind": "piecewise", "points": [[20, 5], [80, 0]]}
    measured.save()
    alpha = ranked["a"]
    engagement = alpha.engagement
    without_figure = _talent_score(engagement, alpha)
    figure = CityFigureFactory(
        city=alpha.primary_site.city, metric=Metric.UNSAFE_PERCEPTION, value=20
    )
    with_figure = _talent_score(engagement, alpha)
    figure.source = SourceFactory(is_weak=True, weak_reason="Mirror with no address")
    figure.save()

    with_weak_figure = _talent_score(engagement, alpha)
    shown = measured_figure(alpha, MeasuredSource.CITY_UNSAFE, engagement)

    assert with_figure != without_figure  # the figure, from a sound source, counts
    assert with_weak_figure == without_figure  # from a weak source, it is unknown
    assert (shown.value, shown.weak_source) == (None, True)
    assert "Mirror with no address" in shown.note
