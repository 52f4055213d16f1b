"""The interface language: the header's switch (anonymous too), the choice remembered on the
user's profile and applied at the next login, the browser's preference otherwise."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Profile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
SWITCH = reverse("set_language")


def _log_in(client, user) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_language_browser_preference_without_a_choice(client):
    response = client.get(reverse("login"), headers={"accept-language": "es-MX,es;q=0.9"})

    assert response.headers["Content-Language"] == "es-mx"
    assert '<html lang="es-mx">' in response.text
    assert "Iniciar sesión" in response.text


def test_language_a_spanish_browser_of_another_country_gets_mexican_spanish(client):
    response = client.get(reverse("login"), headers={"accept-language": "es-ES"})

    assert response.headers["Content-Language"] == "es-mx"


def test_language_switch_is_in_the_header_for_anonymous_visitors(client):
    response = client.get(reverse("login"))

    assert f'action="{SWITCH}"' in response.text
    assert 'name="language" value="es-mx"' in response.text
    assert 'aria-label="Español (México)"' in response.text  # each language named in itself
    spanish = client.get(reverse("login"), headers={"accept-language": "es-MX"})
    assert 'aria-label="English"' in spanish.text


def test_language_switch_anonymous_sets_the_cookie_and_goes_back(client):
    response = client.post(SWITCH, {"language": "es-mx", "next": "/accounts/login/"})

    assert (response.status_code, response.url) == (302, "/accounts/login/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es-mx"
    page = client.get(reverse("login"), headers={"accept-language": "en"})
    assert "Iniciar sesión" in page.text


def test_language_switch_refuses_a_get_and_an_unknown_language(client):
    assert client.get(SWITCH).status_code == 405

    response = client.post(SWITCH, {"language": "xx", "next": "/"})

    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_language_switch_never_redirects_off_site(client):
    response = client.post(SWITCH, {"language": "es-mx", "next": "https://evil.example/"})

    assert response.url == "/"


def test_language_switch_needs_the_csrf_token(client):
    client.handler.enforce_csrf_checks = True

    response = client.post(SWITCH, {"language": "es-mx", "next": "/"})

    assert response.status_code == 403


def test_language_switch_remembers_the_choice_on_the_profile(client):
    user = UserFactory()
    _log_in(client, user)

    client.post(SWITCH, {"language": "es-mx", "next": "/"})

    assert Profile.objects.get(user=user).language == "es-mx"
    assert '<html lang="es-mx">' in client.get("/", headers={"accept-language": "en"}).text


def test_language_remembered_choice_is_applied_at_login_over_the_browser(client):
    user = UserFactory()
    Profile.objects.create(user=user, language="es-mx")

    _log_in(client, user)
    response = client.get("/", headers={"accept-language": "en-US"})

    assert '<html lang="es-mx">' in response.text
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es-mx"


def test_language_the_choice_outlives_log_out(client):
    user = UserFactory()
    Profile.objects.create(user=user, language="es-mx")
    _log_in(client, user)
    client.get("/")

    client.post(reverse("logout"))
    response = client.get(reverse("login"), headers={"accept-language": "en"})

    assert "Iniciar sesión" in response.text


def test_language_without_a_remembered_choice_the_browser_decides(client):
    user = UserFactory()
    _log_in(client, user)

    response = client.get("/", headers={"accept-language": "en"})

    assert '<html lang="en">' in response.text
    assert not Profile.objects.filter(user=user).exists()


def test_language_switch_of_a_user_who_owes_a_two_factor_code_changes_only_the_language(client):
    from accounts.services import confirm_enrolment, start_enrolment

    user = UserFactory()
    confirm_enrolment(user=user, device=start_enrolment(user=user))
    _log_in(client, user)

    response = client.post(SWITCH, {"language": "es-mx", "next": "/"})
    page = client.get(reverse("accounts:two-factor-verify"))

    assert response.status_code == 302
    assert "Ingrese su código de autenticación" in page.text
