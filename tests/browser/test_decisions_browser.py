"""Published decisions in a real browser: the consultant publishes, the client viewer sees
only the published decision, the consultant changes a weight and reads the diff."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from scorecard.models import CriterionWeight, Role
from tests.factories import (
    CandidateFactory,
    CriterionFactory,
    EngagementFactory,
    IndicatorFactory,
    MembershipFactory,
    ProviderFactory,
    SiteFactory,
    UserFactory,
    assess,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def engagement():
    service = CriterionFactory(code="service", name="Service", default_weight=Decimal(60))
    talent = CriterionFactory(code="talent", name="Talent", default_weight=Decimal(40))
    IndicatorFactory(criterion=service, code="s1", default_weight=Decimal(100))
    IndicatorFactory(criterion=talent, code="t1", default_weight=Decimal(100))
    engagement = EngagementFactory()
    engagement.reset_weights_to_defaults()
    analyst = UserFactory(username="alex")
    for username, role in (("carla", Role.CONSULTANT), ("cecilia", Role.CLIENT_VIEWER)):
        MembershipFactory(engagement=engagement, user=UserFactory(username=username), role=role)
    MembershipFactory(engagement=engagement, user=analyst, role=Role.ANALYST)
    for name, scores in (("Alpha", {"s1": 5, "t1": 2}), ("Bravo", {"s1": 2, "t1": 5})):
        provider = ProviderFactory(trade_name=name)
        candidate = CandidateFactory(
            engagement=engagement, primary_site=SiteFactory(provider=provider)
        )
        assess(candidate, analyst, scores)
    return engagement


def test_publish_client_sees_decision_consultant_sees_diff(page, login, engagement):
    pk = engagement.pk
    login("cecilia")
    page.goto(f"/engagements/{pk}/results/")
    assert page.locator("#no-decision").is_visible()

    login("carla")
    page.goto(f"/engagements/{pk}/decisions/")
    page.get_by_role("link", name="Publish decision").click()
    page.fill("input[name=label]", "Steering committee")
    page.get_by_label(re.compile("cannot be changed")).check()
    page.get_by_role("button", name="Publish decision").click()
    page.wait_for_url(re.compile(rf"/engagements/{pk}/decisions/1/$"))
    assert page.get_by_role("heading", name=re.compile("Decision 1: Steering committee")).count()
    CriterionWeight.objects.filter(engagement=engagement, criterion__code="service").update(
        weight=Decimal(20)
    )

    login("cecilia")
    page.goto(f"/engagements/{pk}/results/")
    assert "Steering committee" in page.locator("#shown-decision").inner_text()
    assert page.locator("#ranking-table tbody tr").first.inner_text().find("Alpha") >= 0

    login("carla")
    page.goto(f"/engagements/{pk}/decisions/1/")
    page.get_by_role("link", name="Compare with the live draft").click()
    page.wait_for_url(re.compile(r"/diff/"))
    assert page.locator("#changes").get_by_text("Weight of Service").is_visible()
    assert page.locator("#attribution tbody tr").count() == 2
    assert page.js_errors == []
