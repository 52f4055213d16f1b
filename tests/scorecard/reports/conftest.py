"""A small scored engagement for report tests, and one report PDF shared by a whole module.

``populate`` is a plain function (not a fixture) so that a module-scoped fixture can build the
engagement inside a transaction, lay out the PDF once, and roll the rows back: tests then read
the same PDF without paying for a layout each.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings
from pypdf import PdfReader

from providers.models import CredentialKind
from scorecard.models import (
    GateDefinition,
    GateFact,
    IndicatorKind,
    Role,
    ScoreStatus,
)
from tests.factories import (
    CandidateFactory,
    CredentialFactory,
    CriterionFactory,
    IndicatorFactory,
    ProviderFactory,
    SiteFactory,
    UserFactory,
    assess,
)

MALICIOUS_NOTE = (
    '<img src="file:///etc/passwd"> <a rel="attachment" href="http://127.0.0.1:1/">see</a> '
    "<script>alert(1)</script>"
)


@dataclass
class Scored:
    engagement: object
    candidates: dict[str, object]  # "a", "b", "c"
    analyst: object
    other: object


def populate(engagement, analyst) -> Scored:
    """Two criteria (60/40), three candidates assessed by two analysts; Bravo is on the 69-B
    list (excluded); Alpha leads. Both assessors' notes on Alpha's ``s2`` are hostile HTML."""
    service = CriterionFactory(code="service", name="Service", default_weight=Decimal(60))
    talent = CriterionFactory(code="talent", name="Talent", default_weight=Decimal(40))
    IndicatorFactory(criterion=service, code="s1", name="Omnichannel", default_weight=50)
    IndicatorFactory(criterion=service, code="s2", name="Escalations", default_weight=50)
    IndicatorFactory(criterion=talent, code="t1", name="Hiring", default_weight=50)
    IndicatorFactory(
        criterion=talent,
        code="t-attrition",
        name="Attrition",
        kind=IndicatorKind.MEASURED,
        measured_source="provider.attrition_pct",
        value_function={"kind": "piecewise", "points": [[20, 5], [60, 0]]},
        default_weight=Decimal(50),
    )
    engagement.reset_weights_to_defaults()
    other = UserFactory(username="second-analyst", first_name="Second", last_name="Analyst")
    site = SiteFactory
    a = CandidateFactory(
        engagement=engagement,
        primary_site=site(provider=ProviderFactory(trade_name="Alpha", attrition_pct=20)),
    )
    b = CandidateFactory(
        engagement=engagement,
        primary_site=site(
            provider=ProviderFactory(trade_name="Bravo", sat_69b_status="listed", attrition_pct=60)
        ),
    )
    c = CandidateFactory(
        engagement=engagement,
        primary_site=site(provider=ProviderFactory(trade_name="Charlie", attrition_pct=40)),
    )
    for candidate in (a, b, c):
        candidate.sites.add(candidate.primary_site)
        CredentialFactory(provider=candidate.provider, kind=CredentialKind.ISO_27001)
    assess(a, analyst, {"s1": 5, "s2": 4, "t1": 4}, notes={"s2": MALICIOUS_NOTE})
    assess(a, other, {"s1": 5, "s2": 4, "t1": 4}, notes={"s2": MALICIOUS_NOTE})
    assess(b, analyst, {"s1": 5, "s2": 5, "t1": 5})
    assess(c, analyst, {"s1": 1, "s2": ScoreStatus.NOT_APPLICABLE, "t1": 2})
    assess(c, other, {"s1": 4, "s2": ScoreStatus.NOT_APPLICABLE, "t1": ScoreStatus.UNKNOWN})
    gate = GateDefinition.objects.create(
        code="no-69b", name="Not on the 69-B list", description="…", fact=GateFact.NOT_ON_69B
    )
    engagement.gates.add(gate)
    return Scored(engagement, {"a": a, "b": b, "c": c}, analyst, other)


@pytest.fixture
def scored(world) -> Scored:
    return populate(world.engagement, world.users[Role.ANALYST])


@pytest.fixture(scope="session")
def chart_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("charts")


@pytest.fixture(autouse=True)
def _charts_in_tmp(settings, chart_cache):
    settings.REPORT_CHART_CACHE_DIR = chart_cache


@dataclass
class SharedReport:
    built: object  # scorecard.reports.build.BuiltReport
    reader: PdfReader
    texts: list[str]  # text of each page
    winner: str
    engagement_name: str


CONSULTANT_RISK = "Union drive at the Monterrey site <b>"
KPI_NAME = "First-contact resolution (FCR)"


def populate_costs(scored: Scored) -> None:
    """Cost assumptions and the shipped statutory rates; Alpha and Charlie priced, Bravo not;
    a consultant's risk on Alpha (with markup to escape) and a governance pack with one KPI."""
    from django.core.management import call_command

    from scorecard.models import GovernancePlan, KpiTarget, Risk
    from tests.factories import make_assumptions, make_quote

    call_command("loaddata", "sources", "statutory_rates", verbosity=0)
    engagement = scored.engagement
    make_assumptions(engagement)
    make_quote(scored.candidates["a"], "2000", contacts_per_month=Decimal(4000), fcr_pct=75)
    make_quote(scored.candidates["c"], "2600")
    Risk.objects.create(
        engagement=engagement,
        candidate=scored.candidates["a"],
        title=CONSULTANT_RISK,
        description="Organisers seen at the gate.",
        likelihood=4,
        impact=4,
        owner="Carla Consultant",
        mitigation="Ask for the collective agreement.",
    )
    plan = GovernancePlan.objects.create(engagement=engagement)
    KpiTarget.objects.create(plan=plan, name=KPI_NAME, target="≥ 75 %", unit="%")


def build_shared_report(django_db_blocker, chart_cache, *, prepare=None, **options) -> SharedReport:
    """Build one report from a fresh engagement in a rolled-back transaction; ``prepare``
    adds to the scored engagement before the build."""
    from django.core.cache import cache

    from scorecard.reports.build import build_report
    from tests.factories import EngagementFactory, MembershipFactory

    with (
        django_db_blocker.unblock(),
        override_settings(REPORT_CHART_CACHE_DIR=chart_cache),
        transaction.atomic(),
    ):
        cache.clear()
        engagement = EngagementFactory(name="Member care 2027", client_name="Aurora Health")
        analyst = UserFactory(username="report-analyst", first_name="Ana", last_name="Lyst")
        MembershipFactory(engagement=engagement, user=analyst, role=Role.ANALYST)
        scored = populate(engagement, analyst)
        if prepare is not None:
            prepare(scored)
        built = build_report(engagement, **options)
        winner = scored.candidates["a"].label
        transaction.set_rollback(True)
        cache.clear()
    reader = PdfReader(io.BytesIO(built.pdf))
    texts = [page.extract_text() or "" for page in reader.pages]
    return SharedReport(built, reader, texts, winner, "Member care 2027")
