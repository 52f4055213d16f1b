"""Setting up a team and a shortlist in a real browser (issue 18): a member invited by e-mail
creates their account from the link and lands in the engagement; the candidate form lists only
the chosen provider's sites."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from scorecard.models import Candidate, Role
from tests.factories import (
    EngagementFactory,
    MembershipFactory,
    ProviderFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def engagement():
    engagement = EngagementFactory(name="Care 2027")
    engagement.reset_weights_to_defaults()
    carla = UserFactory(username="carla", first_name="Carla", last_name="Consultant")
    MembershipFactory(engagement=engagement, user=carla, role=Role.CONSULTANT)
    return engagement


def test_invited_person_creates_an_account_and_joins(page, login, engagement):
    login("carla")
    page.goto(f"/engagements/{engagement.pk}/members/")
    assert page.locator("#id_role").input_value() == Role.CLIENT_VIEWER
    page.fill("input[name=person]", "dana@example.test")
    page.select_option("#id_role", Role.ANALYST)
    page.get_by_role("button", name="Add or invite").click()
    page.get_by_text("Invitation sent to dana@example.test").wait_for()
    assert page.get_by_role("rowheader", name="dana@example.test").is_visible()
    link = re.search(r"http\S+/invitations/\S+/", mail.outbox[-1].body).group(0)

    page.context.clear_cookies()
    page.goto(link)
    page.fill("input[name=username]", "dana")
    page.fill("input[name=first_name]", "Dana")
    page.fill("input[name=last_name]", "Díaz")
    page.fill("input[name=password1]", "a-long-unusual-passphrase-42")
    page.fill("input[name=password2]", "a-long-unusual-passphrase-42")
    page.get_by_role("button", name="Create my account and accept").click()
    page.get_by_text("Your account is ready").wait_for()
    login("dana", "a-long-unusual-passphrase-42")
    assert f"/engagements/{engagement.pk}/" in page.url
    assert engagement.role_of(UserFactory._meta.model.objects.get(username="dana")) == "analyst"
    assert page.js_errors == []


def test_candidate_form_lists_only_the_chosen_providers_sites(page, login, engagement):
    first, second = ProviderFactory(trade_name="Alfa"), ProviderFactory(trade_name="Beta")
    alfa = [SiteFactory(provider=first, name=f"Alfa {n}") for n in (1, 2)]
    SiteFactory(provider=second, name="Beta 1")
    login("carla")
    page.goto(f"/engagements/{engagement.pk}/candidates/add/")
    page.select_option("select[name=provider]", str(first.pk))
    visible = page.locator("select[name=primary_site] option:not([hidden])[data-provider]")
    assert sorted(visible.all_inner_texts()) == sorted(
        page.locator(
            f"select[name=primary_site] option[data-provider='{first.pk}']"
        ).all_inner_texts()
    )
    assert "Beta 1" not in " ".join(visible.all_inner_texts())
    page.select_option("select[name=primary_site]", str(alfa[0].pk))
    page.select_option("select[name=sites]", [str(alfa[1].pk)])
    page.select_option("select[name=provider]", str(second.pk))  # changing provider clears
    assert (
        page.locator("select[name=sites]").evaluate("s => Array.from(s.selectedOptions).length")
        == 0
    )
    page.select_option("select[name=provider]", str(first.pk))
    page.select_option("select[name=primary_site]", str(alfa[0].pk))
    page.get_by_role("button", name="Add candidate").click()
    page.wait_for_url(re.compile(r"/candidates/"))
    assert Candidate.objects.get(engagement=engagement).primary_site == alfa[0]
    assert page.js_errors == []
