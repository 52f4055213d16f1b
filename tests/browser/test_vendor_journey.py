"""The vendor portal in a real browser (issue 16's "done when"): the consultant invites; the
vendor opens the link, fills the profile and two indicators with one evidence file cited twice,
saves, returns, submits; the consultant accepts the profile changes after the preview; the
analyst scores with the vendor's answer beside the rubric."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from scorecard.models import Role
from tests.factories import (
    AssessmentFactory,
    CandidateFactory,
    IndicatorFactory,
    MembershipFactory,
    UserFactory,
)
from vendors.models import Invitation

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_vendor_journey(page, browser, live_server, login, tmp_path):
    candidate = CandidateFactory()
    engagement = candidate.engagement
    first, second = IndicatorFactory(name="Security practice"), IndicatorFactory(name="Continuity")
    consultant = UserFactory(username="carla")
    analyst = UserFactory(username="alex")
    MembershipFactory(engagement=engagement, user=consultant, role=Role.CONSULTANT)
    MembershipFactory(engagement=engagement, user=analyst, role=Role.ANALYST)
    assessment = AssessmentFactory(candidate=candidate, assessor=analyst)

    login("carla")
    page.goto(f"/vendors/engagements/{engagement.pk}/")
    page.select_option("select[name=candidate]", str(candidate.pk))
    page.fill("input[name=contact_name]", "Ana Vendor")
    page.fill("input[name=email]", "ana@vendor.example")
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_load_state()
    assert page.get_by_text("Invitation sent to ana@vendor.example.").is_visible()
    link = re.search(r"https?://\S+/vendors/link/\S+/", mail.outbox[-1].body).group(0)

    vendor = browser.new_context(base_url=live_server.url).new_page()
    vendor.goto(link.replace("http://testserver", live_server.url))
    assert vendor.url.endswith("/vendors/questionnaire/")
    evidence = tmp_path / "policies.pdf"
    evidence.write_bytes(PDF)
    vendor.set_input_files("input[name=files]", str(evidence))
    vendor.get_by_role("button", name="Upload", exact=True).click()
    vendor.wait_for_load_state()
    vendor.fill(f"textarea[name=a{first.pk}-text]", "ISO 27001 since 2019 <b>certified</b>.")
    vendor.fill(f"textarea[name=a{second.pk}-text]", "Two sites, generators, BCP tested.")
    for indicator in (first, second):
        vendor.locator(f"input[name=a{indicator.pk}-evidence]").first.check()
    vendor.fill("input[name=company-headcount]", "1500")
    vendor.get_by_role("button", name="Save draft").click()
    vendor.wait_for_load_state()
    assert vendor.get_by_text("Draft saved.").is_visible()

    vendor.goto("/vendors/questionnaire/")  # comes back later
    assert vendor.input_value(f"textarea[name=a{first.pk}-text]") == (
        "ISO 27001 since 2019 <b>certified</b>."
    )
    vendor.get_by_role("button", name="Submit answers").click()
    vendor.wait_for_load_state()
    assert vendor.get_by_text("Thank you: your answers are submitted.").is_visible()
    assert vendor.locator("textarea").first.is_disabled()

    invitation = Invitation.objects.get()
    page.goto(f"/vendors/engagements/{engagement.pk}/{invitation.pk}/")
    row = page.locator("tr", has_text="headcount")
    assert "1200" in row.inner_text()
    assert "1500" in row.inner_text()
    page.get_by_role("button", name="Accept these changes").click()
    page.wait_for_load_state()
    candidate.provider.refresh_from_db()
    assert candidate.provider.headcount == 1500

    login("alex")
    page.goto(
        f"/engagements/{engagement.pk}/assessments/{assessment.pk}/criteria/{first.criterion.code}/"
    )
    answer = page.locator("[data-vendor-answer]")
    assert "ISO 27001 since 2019 <b>certified</b>." in answer.inner_text()
    assert answer.get_by_role("link", name="policies.pdf").is_visible()
    assert page.locator(f"select[name=i{first.pk}-confidence]").input_value() == "documented"
    assert page.js_errors == []
    vendor.goto(f"/engagements/{engagement.pk}/results/")  # the vendor's session, elsewhere
    assert "/accounts/login/" in vendor.url
