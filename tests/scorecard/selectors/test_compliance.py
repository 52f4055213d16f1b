"""The compliance checklist derived from provider data (:mod:`scorecard.selectors.compliance`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from providers.models import CredentialKind, ListStatus
from scorecard.models import (
    Candidate,
    ComplianceCheck,
    ComplianceStatus,
    DpaStatus,
    Engagement,
)
from scorecard.selectors import compliance, costs
from tests.factories import (
    CredentialFactory,
    make_candidate,
)

pytestmark = pytest.mark.django_db


def _checklist(candidate: Candidate, engagement: Engagement) -> dict:
    fetched = costs.candidates_for_costs(engagement).get(pk=candidate.pk)
    checks = {c.item: c for c in fetched.compliance_checks.all()}
    entries = compliance.build_checklist(
        fetched, checks, engagement.go_live, dt.date(2026, 12, 1), engagement.client_vertical
    )
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


def test_get_check_returns_the_consultants_answer_or_none(world, rates):
    candidate = make_candidate(world.engagement, "Checked")
    answer = ComplianceCheck.objects.create(
        candidate=candidate, item="nom_035", status=ComplianceStatus.MET
    )

    assert compliance.get_check(candidate, "nom_035") == answer
    assert compliance.get_check(candidate, "nom_037") is None


@pytest.mark.parametrize(
    ("vertical", "has_baa"),
    [("healthcare", True), ("financial_services", False), ("other", False), ("", False)],
)
def test_checklist_hipaa_baa_only_for_healthcare_clients(world, rates, vertical, has_baa):
    world.engagement.client_vertical = vertical
    world.engagement.save()
    candidate = make_candidate(world.engagement, "Any")

    entries = _checklist(candidate, world.engagement)

    assert ("hipaa_baa" in entries) == has_baa
    assert "nom_035" in entries  # items for every industry stay
