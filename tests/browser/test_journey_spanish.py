"""The journey once in Spanish (Mexico): a consultant working in Spanish sets up an
engagement, shortlists the suggested candidates, an analyst assesses and submits, and the
ranking is drawn, every button found by its Spanish name from the catalogue."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import Profile
from scorecard.management.commands.setup_demo import FIXTURES
from scorecard.models import AssessmentStatus, Engagement, Membership
from tests.factories import EngagementFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def es(text: str) -> str:
    with translation.override("es-mx"):
        return gettext(text)


def _assess(page, pk: str, candidate_id: int) -> None:
    page.goto(f"/engagements/{pk}/candidates/{candidate_id}/assess/")
    page.get_by_role("button", name=es("Start assessment")).click()
    page.wait_for_load_state()
    page.locator("a[href*='/criteria/']").first.click()
    while True:
        page.wait_for_load_state()
        for radio in page.locator("input[type=radio][value='3']").all():
            radio.check()
        next_button = page.get_by_role("button", name=es("Save and go to the next criterion"))
        if next_button.count():
            next_button.click()
            continue
        page.get_by_role("button", name=es("Save and return to the overview")).click()
        break
    page.wait_for_load_state()
    page.get_by_role("button", name=es("Submit assessment")).click()
    page.wait_for_load_state()
    page.get_by_role("button", name=es("Confirm submission")).click()
    page.wait_for_load_state()


def test_journey_in_spanish(page, login):
    call_command("loaddata", *FIXTURES, verbosity=0)
    carla = UserFactory(username="carla", first_name="Carla", last_name="Consultora")
    carla.user_permissions.add(Permission.objects.get(codename="add_engagement"))
    alex = UserFactory(username="alex", first_name="Alex", last_name="Analista")
    earlier = EngagementFactory(name="Una licitación anterior")  # colleagues are found by name
    for user in (carla, alex):
        Profile.objects.create(user=user, language="es-mx")
        MembershipFactory(engagement=earlier, user=user, role="analyst")

    login("carla")
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "es-mx"
    page.get_by_role("link", name=es("New engagement")).click()
    page.fill("input[name=client_name]", "Orión Telecom (prueba)")
    page.fill("input[name=name]", "Atención bilingüe 2027")
    page.fill("input[name=seats]", "150")
    page.locator("input[name=functions]").first.check()
    page.locator("input[name=languages]").first.check()
    page.get_by_role("button", name=es("Save")).click()
    page.wait_for_url(re.compile(r"/engagements/\d+/$"))
    pk = re.search(r"/engagements/(\d+)/", page.url).group(1)
    assert page.get_by_text(es("Engagement created with the catalogue's default weights.")[:40])

    page.goto(f"/engagements/{pk}/members/")
    form = page.locator("form", has=page.locator("input[name=person]"))
    form.locator("input[name=person]").fill("alex")
    form.locator("select[name=role]").select_option("analyst")
    form.get_by_role("button", name=es("Add or invite")).click()
    page.wait_for_load_state()
    assert Membership.objects.get(engagement_id=pk, user=alex).role == "analyst"

    page.goto(f"/engagements/{pk}/candidates/")
    for _ in range(2):
        page.locator("form[action$='/candidates/add/'] button", has_text=es("Add")).first.click()
        page.wait_for_load_state()
    engagement = Engagement.objects.get(pk=pk)
    candidate_ids = list(engagement.candidates.values_list("pk", flat=True))
    assert len(candidate_ids) == 2

    login("alex")
    for candidate_id in candidate_ids:
        _assess(page, pk, candidate_id)
    assert engagement.candidates.filter(assessments__status=AssessmentStatus.SUBMITTED).count() == 2

    page.goto(f"/engagements/{pk}/results/")
    page.wait_for_selector("[data-chart='ranking-data'] svg.main-svg")
    assert page.locator("html").get_attribute("lang") == "es-mx"
    assert es("Ranked candidates") == "Candidatos clasificados"
    assert es("Ranked candidates") in page.inner_text("main")
    assert page.locator("#ranking-table tbody tr").count() == 2
    assert page.js_errors == [], page.js_errors
