"""The language switch in a real browser, under the Content-Security-Policy: an anonymous
visitor switches to Spanish, logs in, and the choice is remembered on their profile."""

import pytest

from accounts.models import Profile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_language_switch_anonymous_then_remembered_after_login(page):
    user = UserFactory(username="bilingual")
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("button", name="Español (México)").click()
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "es-mx"
    assert page.get_by_role("heading", name="Iniciar sesión").is_visible()
    page.fill("input[name=username]", "bilingual")
    page.fill("input[name=password]", "correct-horse-battery")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Español (México)").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", name="Le damos la bienvenida, bilingual").is_visible()
    assert Profile.objects.get(user=user).language == "es-mx"
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert Profile.objects.get(user=user).language == "en"
    assert page.js_errors == []
