"""No lost work (issue 13, item 9): a criterion page with unsaved answers asks before the
analyst leaves it, by the "next criterion" link or by closing the tab; saving does not ask; the
re-opened page shows what was kept."""

from __future__ import annotations

import pytest

from scorecard.models import Role, Score
from tests.factories import (
    AssessmentFactory,
    CandidateFactory,
    CriterionFactory,
    EngagementFactory,
    IndicatorFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def criterion_page(live_server):
    talent = CriterionFactory(code="talent", name="Talent", order=1)
    operations = CriterionFactory(code="operations", name="Operations", order=2)
    IndicatorFactory(criterion=talent, code="training", name="Training")
    IndicatorFactory(criterion=operations, code="wfm", name="Workforce management")
    engagement = EngagementFactory()
    engagement.reset_weights_to_defaults()
    analyst = UserFactory(username="ana")
    MembershipFactory(engagement=engagement, user=analyst, role=Role.ANALYST)
    assessment = AssessmentFactory(
        candidate=CandidateFactory(engagement=engagement), assessor=analyst
    )
    return f"/engagements/{engagement.pk}/assessments/{assessment.pk}/criteria/talent/"


def test_next_criterion_link_with_unsaved_answers_asks_first(page, login, criterion_page):
    login("ana")
    page.goto(criterion_page)
    assert page.locator("#unsaved-status").is_hidden()
    page.locator("input[type=radio][value='4']").check()
    assert page.locator("#unsaved-status").is_visible()
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_role("link", name="Operations →").click()
    assert dialogs == ["confirm"]
    assert page.url.endswith(criterion_page)  # stayed: the answer is still on the page
    assert page.locator("input[type=radio][value='4']").is_checked()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("link", name="Operations →").click()
    page.wait_for_url("**/criteria/operations/")
    page.goto(criterion_page)  # re-opened: nothing was kept, and the page says so by showing it
    assert not page.locator("input[type=radio][value='4']").is_checked()
    assert Score.objects.count() == 0
    assert page.js_errors == []


def test_leaving_by_the_address_bar_with_unsaved_answers_asks(page, login, criterion_page):
    login("ana")
    page.goto(criterion_page)
    page.locator("textarea").first.fill("Half-written note")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.goto("/")  # as if typed: only the browser's own prompt (beforeunload) can ask
    assert dialogs == ["beforeunload"]


def test_saving_does_not_ask_and_the_reopened_page_shows_what_was_kept(page, login, criterion_page):
    login("ana")
    page.goto(criterion_page)
    page.locator("input[type=radio][value='3']").check()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_role("button", name="Save and go to the next criterion").click()
    page.wait_for_url("**/criteria/operations/")
    page.goto(criterion_page)
    assert page.locator("input[type=radio][value='3']").is_checked()
    assert dialogs == []
    assert Score.objects.get().value == 3
