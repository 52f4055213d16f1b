"""ORM → cost criterion, checklist and red flags; the demo data end to end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from cities.models import Metric
from providers.models import CredentialKind, ListStatus
from scorecard.domain.sustainability import Verdict
from scorecard.models import (
    Candidate,
    ComplianceCheck,
    ComplianceStatus,
    DpaStatus,
    Engagement,
    IndicatorKind,
    MeasuredSource,
)
from scorecard.ranking.cache import get_results
from scorecard.ranking.inputs import COST_CRITERION
from scorecard.selectors import compliance, costs, risks
from tests.costs.conftest import make_candidate
from tests.factories import CityFigureFactory, CredentialFactory, CriterionFactory, IndicatorFactory

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


# --------------------------------------------------------------------------- checklist


def _checklist(candidate: Candidate, engagement: Engagement) -> dict:
    fetched = costs.candidates_for_costs(engagement).get(pk=candidate.pk)
    checks = {c.item: c for c in fetched.compliance_checks.all()}
    entries = compliance.build_checklist(fetched, checks, engagement.go_live, dt.date(2026, 12, 1))
    return {e.item: e for e in entries}


def test_checklist_derived_from_credentials_and_profile(world, rates):
    engagement = world.engagement  # go-live 2027-06-01
    candidate = make_candidate(engagement, "Derived")
    provider = candidate.provider
    CredentialFactory(
        provider=provider,
        kind=CredentialKind.REPSE,
        number="REPSE-1",
        scope="Contact-centre services",
        issued_on=dt.date(2024, 1, 1),
        expires_on=dt.date(2027, 1, 1),
    )
    CredentialFactory(
        provider=provider,
        kind=CredentialKind.SAT_OPINION,
        outcome="positive",
        issued_on=dt.date(2026, 11, 20),
        expires_on=dt.date(2026, 12, 20),
    )
    CredentialFactory(
        provider=provider,
        kind=CredentialKind.IMSS_OPINION,
        outcome="negative",
        issued_on=dt.date(2026, 11, 20),
        expires_on=dt.date(2026, 12, 20),
    )
    provider.sat_69b_status = ListStatus.LISTED
    provider.sat_69b_checked_on = dt.date(2026, 11, 1)
    provider.save()
    candidate.dpa_status = DpaStatus.SIGNED
    candidate.save()
    entries = _checklist(candidate, engagement)
    assert entries["repse"].status == ComplianceStatus.NOT_MET  # expires before go-live
    assert "REPSE-1" in entries["repse"].derived_from
    assert entries["sat_32d"].status == ComplianceStatus.MET
    assert entries["imss_opinion"].status == ComplianceStatus.NOT_MET
    assert entries["infonavit_opinion"].status == ComplianceStatus.UNKNOWN
    assert entries["sat_69b"].status == ComplianceStatus.NOT_MET
    assert entries["processor_contract"].status == ComplianceStatus.MET
    assert not any(entries[i].editable for i in ("repse", "sat_32d", "sat_69b"))
    assert entries["privacy_notice"].status == ComplianceStatus.UNKNOWN
    assert entries["privacy_notice"].editable


def test_checklist_nom_037_not_applicable_without_home_agents(world, rates):
    candidate = make_candidate(world.engagement, "Office only", cities=1)
    candidate.primary_site.wfh_share_pct = Decimal(0)
    candidate.primary_site.save()
    entry = _checklist(candidate, world.engagement)["nom_037"]
    assert entry.status == ComplianceStatus.NOT_APPLICABLE
    assert entry.derived_from


def test_checklist_consultant_answer_used_for_manual_items(world, rates):
    candidate = make_candidate(world.engagement, "Answered")
    ComplianceCheck.objects.create(
        candidate=candidate,
        item="nom_035",
        status=ComplianceStatus.MET,
        evidence="Policy v3",
        expires_on=dt.date(2027, 2, 1),
    )
    entry = _checklist(candidate, world.engagement)["nom_035"]
    assert (entry.status, entry.note, entry.expires_on) == (
        ComplianceStatus.MET,
        "Policy v3",
        dt.date(2027, 2, 1),
    )


# --------------------------------------------------------------------------- flags from ORM


def test_flag_facts_read_provider_sites_and_city(world, rates):
    candidate = make_candidate(world.engagement, "Flags", cities=1)
    city = candidate.primary_site.city
    CityFigureFactory(city=city, metric=Metric.METRO_POPULATION, as_of=dt.date(2020, 3, 15))
    CityFigureFactory(
        city=city, metric=Metric.ENGLISH_LEVEL, value=Decimal(3), as_of=dt.date(2020, 1, 1)
    )
    fetched = costs.candidates_for_costs(world.engagement).get(pk=candidate.pk)
    facts = risks.flag_facts(fetched, world.engagement, dt.date(2026, 12, 1))
    states = {f.metric: f.state for f in facts.city_figures}
    assert states == {
        Metric.METRO_POPULATION.label: "ok",  # census cycle: not stale until 2031
        Metric.ENGLISH_LEVEL.label: "stale",
        Metric.UNSAFE_PERCEPTION.label: "missing",
    }
    overview = risks.risk_overview(world.engagement)
    codes = {f.code for f in overview.rows[0].flags}
    assert {"single_city", "no_security_certification", "city_figure_stale"} <= codes
    assert "city_figure_missing" in codes


def test_flags_thresholds_come_from_settings(world, rates, settings):
    settings.ATTRITION_FLAG_PCT = 25  # the factory provider's attrition is 30 %
    make_candidate(world.engagement, "Churny")
    overview = risks.risk_overview(world.engagement)
    assert "attrition_high" in {f.code for f in overview.rows[0].flags}


# --------------------------------------------------------------------------- demo


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
    assert all(len(row.checklist) == 11 for row in register.rows)
    assert engagement.governance_plan.kpis.count() == 7
