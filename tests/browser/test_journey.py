"""The whole journey in a real browser (issue 4's "done when").

A consultant sets up an engagement from the demo reference data (scope, members, three
suggested candidates, a gate), two analysts assess the three candidates and submit, and the
consultant, an analyst and the client viewer see the ranking, agreement and robustness views,
with plotly drawing the charts and the what-if panel re-ranking live.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command

from providers.models import ListStatus, Provider
from scorecard.management.commands.setup_demo import FIXTURES
from scorecard.models import Assessment, AssessmentStatus, Engagement, Membership
from scorecard.services.decisions import publish_decision
from tests.factories import EngagementFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def people():
    call_command("loaddata", *FIXTURES, verbosity=0)
    consultant = UserFactory(username="carla", first_name="Carla", last_name="Consultant")
    consultant.user_permissions.add(Permission.objects.get(codename="add_engagement"))
    people = {
        "consultant": consultant,
        "alex": UserFactory(username="alex", first_name="Alex", last_name="Analyst"),
        "bruno": UserFactory(username="bruno", first_name="Bruno", last_name="Analyst"),
        "cecilia": UserFactory(username="cecilia", first_name="Cecilia", last_name="Client"),
    }
    # They worked together before, so the consultant finds them by name (others get invited).
    earlier = EngagementFactory(name="An earlier RFP")
    for user in people.values():
        MembershipFactory(engagement=earlier, user=user, role="analyst")
    return people


def _create_engagement(page) -> str:
    page.goto("/")
    page.get_by_role("link", name="New engagement").click()
    page.fill("input[name=client_name]", "Orion Telecom (test)")
    page.fill("input[name=name]", "Bilingual care 2027")
    page.fill("input[name=seats]", "150")
    page.get_by_label("Customer care").check()
    page.get_by_role("checkbox", name="English").check()
    page.get_by_role("button", name=re.compile("Create|Save")).click()
    page.wait_for_url(re.compile(r"/engagements/\d+/$"))
    return re.search(r"/engagements/(\d+)/", page.url).group(1)


def _add_member(page, pk: str, username: str, role: str) -> None:
    page.goto(f"/engagements/{pk}/members/")
    form = page.locator("form", has=page.locator("input[name=person]"))
    form.locator("input[name=person]").fill(username)
    form.locator("select[name=role]").select_option(role)
    form.get_by_role("button", name=re.compile("Add")).click()
    page.wait_for_load_state()
    assert page.locator(".alert", has_text="Added").first.is_visible(), page.inner_text("main")
    assert Membership.objects.get(engagement_id=pk, user__username=username).role == role


def _assess_everything(page, pk: str, candidate_ids: list[int], level: str) -> None:
    """Start, answer every rated indicator of every criterion, and submit."""
    for candidate_id in candidate_ids:
        page.goto(f"/engagements/{pk}/candidates/{candidate_id}/assess/")
        page.get_by_role("button", name="Start assessment").click()
        page.wait_for_load_state()
        page.locator("a[href*='/criteria/']").first.click()
        while True:
            page.wait_for_load_state()
            for radio in page.locator(f"input[type=radio][value='{level}']").all():
                radio.check()
            next_button = page.get_by_role("button", name="Save and go to the next criterion")
            if next_button.count():
                next_button.click()
                continue
            page.get_by_role("button", name="Save and return to the overview").click()
            break
        page.wait_for_load_state()
        page.get_by_role("button", name="Submit assessment").click()
        page.wait_for_load_state()
        page.get_by_role("button", name="Confirm submission").click()
        page.wait_for_load_state()


def test_consultant_sets_up_analysts_assess_everyone_sees_results(page, login, people):
    # The consultant sets the engagement up from the demo reference data.
    login("carla")
    pk = _create_engagement(page)
    _add_member(page, pk, "alex", "analyst")
    _add_member(page, pk, "bruno", "analyst")
    _add_member(page, pk, "cecilia", "client_viewer")
    page.goto(f"/engagements/{pk}/candidates/")
    for _ in range(3):
        page.locator("form[action$='/candidates/add/'] button", has_text="Add").first.click()
        page.wait_for_load_state()
    engagement = Engagement.objects.get(pk=pk)
    candidate_ids = list(engagement.candidates.values_list("pk", flat=True))
    assert len(candidate_ids) == 3
    page.goto(f"/engagements/{pk}/gates/")
    page.get_by_label(re.compile("Not on the SAT 69-B list|69-B")).first.check()
    page.get_by_role("button", name=re.compile("Save")).click()
    page.wait_for_load_state()
    assert engagement.gates.count() == 1

    # Two analysts assess the three candidates, disagreeing by three points everywhere.
    login("alex")
    _assess_everything(page, pk, candidate_ids, "4")
    login("bruno")
    _assess_everything(page, pk, candidate_ids, "1")
    assert (
        Assessment.objects.filter(
            candidate__engagement=engagement, status=AssessmentStatus.SUBMITTED
        ).count()
        == 6
    )

    # The consultant publishes a decision: client viewers see published decisions only (the
    # decisions journey, tests/browser/test_decisions_browser.py, does this in the browser).
    Provider.objects.update(sat_69b_status=ListStatus.NOT_LISTED)  # the gate verified
    publish_decision(engagement=engagement, label="Steering committee", published_by=None)

    # Everyone sees the ranking and robustness views with charts drawn; the agreement view is
    # the consultant's and analysts' (client viewers never see assessors' answers or notes).
    for username in ("carla", "alex", "cecilia"):
        login(username)
        page.goto(f"/engagements/{pk}/results/")
        page.wait_for_selector("#ranking-table tbody tr")
        page.wait_for_selector("[data-chart='ranking-data'] svg.main-svg")
        assert (
            page.locator("#ranking-table tbody tr").count()
            + page.locator("#insufficient-table tbody tr").count()
            + page.locator("#disqualified-table tbody tr").count()
            == 3
        )
        agreement = page.goto(f"/engagements/{pk}/results/agreement/")
        if username == "cecilia":
            assert agreement.status == 403
            page.js_errors.clear()  # the browser logs the refused page as a console error
        else:
            assert page.locator("tr.table-warning").count() > 0  # 4 vs 1 on every indicator
        page.goto(f"/engagements/{pk}/results/robustness/")
        if page.locator("[data-chart='tornado-data']").count():
            page.wait_for_selector("[data-chart='tornado-data'] svg.main-svg")
            page.wait_for_selector("[data-chart='acceptability-data'] svg.main-svg")
        assert page.js_errors == [], page.js_errors

    # The client viewer has no assessments tab; the what-if panel answers live.
    tabs = page.locator("nav[aria-label='Engagement sections']")
    assert tabs.locator("a", has_text=re.compile(r"^Ranking$")).count() == 1
    assert tabs.locator("a", has_text=re.compile(r"^Assessments$")).count() == 0
    slider = page.locator("#what-if-form input[type=range]").first
    with page.expect_response(lambda r: "/results/what-if/" in r.url) as response:
        slider.fill("0")
    assert response.value.ok
    assert response.value.json()["weights"][slider.get_attribute("name")[2:]] == 0
    page.wait_for_function("() => document.querySelector('#what-if-table tbody tr td') !== null")
    assert page.js_errors == [], page.js_errors
