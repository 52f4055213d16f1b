"""A published decision's report shows what was decided: its costs, seat plan, checklist and
risk register as published, whatever is edited afterwards; a draft report shows the edits.
A decision published before decisions kept those parts says so instead of mixing silently."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from providers.models import ListStatus
from scorecard.models import (
    ComplianceCheck,
    ComplianceItem,
    ComplianceStatus,
    Decision,
    Quote,
    Risk,
    Role,
)
from scorecard.reports.build import build_report
from scorecard.reports.context import ReportData
from scorecard.reports.cost_sections import build_compliance, build_costs, build_register
from scorecard.reports.decision import build_decision
from scorecard.reports.fingerprint import compute_fingerprint
from scorecard.services.decisions import publish_decision
from tests.scorecard.reports.conftest import CONSULTANT_RISK, populate_costs

pytestmark = pytest.mark.django_db

SECTIONS = ["summary", "profiles", "costs", "compliance", "register"]
ITEM = ComplianceItem.NOM_035  # answered by a consultant
PUBLISHED_EXPIRY = dt.date(2027, 12, 31)


@pytest.fixture
def published(scored, world):
    """Costs, a 200 → 240 seat plan, a consultant's risk and a checklist answer on Alpha;
    published as decision 1; then a quote, the risk, the seat plan, the go-live and the
    checklist answer are edited."""
    populate_costs(scored)
    engagement = scored.engagement
    alpha = scored.candidates["a"]
    for candidate in (alpha, scored.candidates["c"]):
        provider = candidate.provider
        provider.sat_69b_status = ListStatus.NOT_LISTED
        provider.save()
    engagement.target_seats, engagement.target_seats_month = 240, 6
    engagement.save()
    ComplianceCheck.objects.create(
        candidate=alpha, item=ITEM, status=ComplianceStatus.MET, expires_on=PUBLISHED_EXPIRY
    )
    decision = publish_decision(
        engagement=engagement, label="Board", published_by=world.users[Role.CONSULTANT]
    )
    before = ReportData(engagement, sections=SECTIONS, decision=decision)
    fingerprint = compute_fingerprint(before)
    published_tco = before.cost_by_candidate[alpha.pk].tco.base.total

    Quote.objects.filter(candidate=alpha).update(price=Decimal(3000))
    Risk.objects.filter(title=CONSULTANT_RISK).update(owner="Someone Else", likelihood=1)
    engagement.target_seats = 300
    engagement.go_live = dt.date(2027, 9, 1)
    engagement.save()
    ComplianceCheck.objects.filter(candidate=alpha, item=ITEM).update(
        status=ComplianceStatus.NOT_MET, expires_on=None
    )
    return {
        "engagement": engagement,
        "decision": decision,
        "alpha": alpha,
        "fingerprint": fingerprint,
        "tco": published_tco,
    }


def _reports(published):
    engagement = published["engagement"]
    frozen = ReportData(engagement, sections=SECTIONS, decision=published["decision"])
    return frozen, ReportData(engagement, sections=SECTIONS)


def _entry(data: ReportData, candidate_id: int):
    row = data.compliance_by_candidate[candidate_id]
    return next(e for e in row.checklist if e.item == ITEM)


def _risk(data: ReportData):
    return next(e for e in data.risk_register if e.title == CONSULTANT_RISK)


def test_decision_report_shows_the_published_costs_and_seat_plan(published):
    frozen, live = _reports(published)
    alpha = published["alpha"].pk

    assert frozen.live_parts == []
    assert frozen.cost_by_candidate[alpha].quote.price == Decimal(2000)
    assert frozen.cost_by_candidate[alpha].tco.base.total == published["tco"]
    assert live.cost_by_candidate[alpha].quote.price == Decimal(3000)
    assert live.cost_by_candidate[alpha].tco.base.total > published["tco"]

    assert frozen.scope.peak_seats == 240
    assert live.scope.peak_seats == 300
    costs = build_costs(frozen)
    assert "to 240 by month 6" in costs["seat_plan"]
    assert [row.seats for row in costs["seat_rows"]] == [200, 220, 240]
    assert costs["live_notice"] == ""
    assert "to 300 by month 6" in build_costs(live)["seat_plan"]

    winner = frozen.results.winner
    page = build_decision(frozen, winner, frozen.results.ranked[1])
    assert page.seats_needed == 240
    assert page.winner_cost == published["tco"]


def test_decision_report_shows_the_published_checklist_and_register(published):
    frozen, live = _reports(published)
    alpha = published["alpha"].pk

    assert _entry(frozen, alpha).status == ComplianceStatus.MET
    assert _entry(frozen, alpha).expires_on == PUBLISHED_EXPIRY
    assert _entry(live, alpha).status == ComplianceStatus.NOT_MET
    assert _entry(live, alpha).expires_on is None

    assert (_risk(frozen).owner, _risk(frozen).likelihood) == ("Carla Consultant", 4)
    assert (_risk(live).owner, _risk(live).likelihood) == ("Someone Else", 1)
    assert build_compliance(frozen)["live_notice"] == build_register(frozen)["live_notice"] == ""

    # Conditions precedent read the published checklist and go-live date.
    page = build_decision(frozen, frozen.results.winner, frozen.results.ranked[1])
    live_page = build_decision(live, live.results.winner, live.results.ranked[1])
    conditions = " ".join(f"{c.title} {c.detail}" for c in page.conditions)
    live_conditions = " ".join(f"{c.title} {c.detail}" for c in live_page.conditions)
    assert str(ITEM.label) not in conditions  # met, expiring after the published go-live
    assert str(ITEM.label) in live_conditions  # not met now


def test_decision_report_fingerprint_ignores_edits_after_publishing(published):
    frozen, live = _reports(published)
    assert compute_fingerprint(frozen) == published["fingerprint"]
    assert compute_fingerprint(live) != published["fingerprint"]


def test_decision_published_before_snapshots_kept_costs_says_its_sections_are_live(published):
    """A decision of snapshot format 1 (no scope, rates, zones or compliance record)."""
    decision = published["decision"]
    inputs = {k: v for k, v in decision.inputs.items() if k not in ("scope", "compliance")}
    inputs["costs"] = {k: decision.inputs["costs"][k] for k in ("assumptions", "quotes")}
    inputs["format"] = 1
    older = Decision.objects.create(
        engagement=decision.engagement,
        number=2,
        label="Older",
        as_of=decision.as_of,
        method=decision.method,
        inputs=inputs,
        results=decision.results,
        fingerprint="0" * 64,
    )
    data = ReportData(published["engagement"], sections=SECTIONS, decision=older)
    alpha = published["alpha"].pk

    assert data.live_parts == ["scope", "costs", "compliance"]
    assert data.cost_by_candidate[alpha].quote.price == Decimal(3000)  # live, and said so
    notice = build_costs(data)["live_notice"]
    assert "Not frozen: decision 2 was published before decisions kept" in notice
    assert "seat plan" in notice
    assert "quotes" in notice
    assert "compliance checklist" in build_compliance(data)["live_notice"]
    assert "compliance checklist" in build_register(data)["live_notice"]
    assert build_costs(ReportData(published["engagement"], sections=SECTIONS))["live_notice"] == ""


def _pdf_words(built) -> str:
    reader = PdfReader(io.BytesIO(built.pdf))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def test_decision_pdf_shows_the_published_values_and_the_draft_the_new_ones(published):
    engagement = published["engagement"]
    frozen = _pdf_words(build_report(engagement, sections=SECTIONS, decision=published["decision"]))
    draft = _pdf_words(build_report(engagement, sections=SECTIONS))

    assert "USD 2,000.00" in frozen
    assert "USD 3,000.00" not in frozen
    assert "USD 3,000.00" in draft
    assert "growing in a straight line to 240 by month 6" in frozen
    assert "growing in a straight line to 300 by month 6" in draft
    assert "4 × 4 = 16" in frozen
    assert "Someone Else" not in frozen
    assert "1 × 4 = 4" in draft
    assert "Someone Else" in draft
    assert "Not frozen" not in frozen
