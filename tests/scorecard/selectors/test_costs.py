"""ORM → cost criterion and cost overview (:mod:`scorecard.selectors.costs`); the demo data
end to end."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from scorecard.domain.sustainability import Verdict
from scorecard.models import (
    ComplianceItem,
    Engagement,
    IndicatorKind,
    MeasuredSource,
)
from scorecard.ranking.cache import get_results
from scorecard.ranking.inputs import COST_CRITERION
from scorecard.selectors import costs, risks
from tests.factories import (
    CriterionFactory,
    IndicatorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured_catalogue(db):
    """One criterion scored by a measured indicator (provider attrition), so results need
    no assessments."""
    criterion = CriterionFactory(code="talent", name="Talent", default_weight=Decimal(100))
    IndicatorFactory(
        criterion=criterion,
        code="attrition",
        kind=IndicatorKind.MEASURED,
        measured_source=MeasuredSource.PROVIDER_ATTRITION,
        value_function={"kind": "piecewise", "points": [[10, 5], [60, 0]]},
        default_weight=Decimal(100),
    )
    return criterion


def test_cost_criterion_off_by_default(world, priced, measured_catalogue):
    world.engagement.reset_weights_to_defaults()
    results = get_results(world.engagement)
    assert [c.code for c in results.criteria] == ["talent"]


def test_cost_criterion_scores_and_unknown_for_no_pricing(world, priced, measured_catalogue):
    """Cost weight 100 next to talent 100 → each half of the total. Cheap (USD 2,000) scores
    5; Dear (USD 3,000, 50 % dearer) 2.5; Unpriced has no cost score: unknown, so its
    completeness is half, never a zero cost."""
    engagement = world.engagement
    engagement.reset_weights_to_defaults()
    engagement.cost_assumptions.include_in_score = True
    engagement.cost_assumptions.cost_weight = Decimal(100)
    engagement.cost_assumptions.save()
    results = get_results(engagement)
    assert [c.code for c in results.criteria] == ["talent", COST_CRITERION]
    rows = {row.candidate.id: row for row in results.rows}
    cheap, dear, unpriced = (rows[priced[k].pk] for k in ("cheap", "dear", "unpriced"))
    assert cheap.criterion_scores["tco"] == 5.0
    assert dear.criterion_scores["tco"] == 2.5
    assert unpriced.criterion_scores["tco"] is None
    assert unpriced.completeness == 0.5
    assert cheap.completeness == 1.0
    assert cheap.total > dear.total


def test_cost_overview_rows_and_verdict(world, priced):
    overview = costs.cost_overview(world.engagement)
    by_id = {row.candidate.pk: row for row in overview.rows}
    assert not by_id[priced["unpriced"].pk].has_pricing
    cheap = by_id[priced["cheap"].pk]
    # 10 FTEs × USD 2,000 × 48/46 (2027) × 12 months = 250,434.78
    assert cheap.tco.base.total == Decimal("250434.78")
    assert cheap.verdict == Verdict.COVERS


def test_demo_every_candidate_has_tco_and_a_removed_quote_shows_no_pricing(settings):
    settings.DEBUG = True
    call_command("setup_demo", verbosity=0)
    engagement = Engagement.objects.get(reference="AURORA-CARE-2027")
    overview = costs.cost_overview(engagement)
    assert len(overview.rows) == 7
    assert all(row.has_pricing for row in overview.rows)
    engagement.candidates.get(provider__trade_name="Tzalam Collections").quote.delete()
    overview = costs.cost_overview(engagement)
    unpriced = [row.candidate.provider.trade_name for row in overview.rows if not row.has_pricing]
    assert unpriced == ["Tzalam Collections"]
    verdicts = {row.candidate.provider.trade_name: row.verdict for row in overview.priced}
    assert verdicts["Biznaga Shared Services"] == Verdict.TIGHT
    register = risks.risk_overview(engagement)
    assert len(register.risks) == 3
    assert all(len(row.checklist) == len(ComplianceItem) for row in register.rows)
    assert engagement.governance_plan.kpis.count() == 7
