"""Security settings and behaviour: deploy checks, headers, CSP, login lockout, sessions."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct-horse-battery"


def test_check_deploy_passes_with_production_settings(tmp_path):
    """`manage.py check --deploy --fail-level WARNING` with the settings production uses."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "ALLOW_INSECURE_SECRET_KEY",
            "DJANGO_SETTINGS_MODULE",
            "HTTPS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="scorecard.example.com",
        DEBUG="false",
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        CACHE_URL="locmem://",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    directives = dict(
        ([*part.split(" ", 1), ""])[:2] for part in (p.strip() for p in policy.split(";")) if part
    )
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


@pytest.mark.django_db
def test_login_locks_out_username_and_ip_with_429(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="target")
    url = reverse("login")
    for _ in range(3):
        response = client.post(url, {"username": "target", "password": "wrong"})
    assert response.status_code == 429
    assert b"Too many failed logins" in response.content
    # Even the right password is refused now, from this address …
    response = client.post(url, {"username": "target", "password": PASSWORD})
    assert response.status_code == 429
    # … while another address can still log in (lockout is per username and IP).
    response = client.post(
        url, {"username": "target", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_login_cycles_the_session_key_and_logout_invalidates_it(client):
    UserFactory(username="sessions")
    client.get(reverse("login"))
    client.cookies["sessionid"] = "attacker-chosen-session-id"
    response = client.post(reverse("login"), {"username": "sessions", "password": PASSWORD})
    assert response.status_code == 302
    session_key = client.session.session_key
    assert session_key != "attacker-chosen-session-id"
    assert SESSION_KEY in client.session
    client.post(reverse("logout"))
    from django.contrib.sessions.backends.db import SessionStore

    assert not SessionStore().exists(session_key)
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_login_password_spraying_locks_the_address_with_429(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    UserFactory(username="real")
    url = reverse("login")
    # Four guesses at each of three usernames: no username + address pair reaches axes' limit.
    for name in ("ana", "bruno", "carla"):
        for _ in range(4):
            assert (
                client.post(url, {"username": name, "password": "Winter2026!"}).status_code == 200
            )
    response = client.post(url, {"username": "real", "password": PASSWORD})
    assert response.status_code == 429
    assert b"This address is locked" in response.content
    assert SESSION_KEY not in client.session
    # Another address is not affected.
    response = client.post(
        url, {"username": "real", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_login_failures_under_the_address_limit_still_let_a_right_password_in(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    UserFactory(username="real")
    url = reverse("login")
    for name in ("ana", "bruno", "carla"):
        for _ in range(3):
            client.post(url, {"username": name, "password": "Winter2026!"})
    assert client.post(url, {"username": "real", "password": PASSWORD}).status_code == 302


def test_settings_over_https_prefix_the_cookies_with_host():
    script = (
        "import scorecard.settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    env = {**os.environ, "SECRET_KEY": secrets.token_urlsafe(50), "HTTPS": "true"}
    env.pop("ALLOW_INSECURE_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True", "True"]


@pytest.mark.django_db
def test_session_idle_past_the_limit_is_logged_out(client, settings):
    from accounts.middleware import LAST_SEEN

    settings.SESSION_IDLE_MINUTES = 30
    client.force_login(UserFactory())
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[LAST_SEEN] -= 29 * 60
    session.save()
    assert client.get(reverse("home")).status_code == 200  # 29 minutes idle: still in
    session = client.session
    session[LAST_SEEN] -= 31 * 60
    session.save()
    response = client.get(reverse("home"))
    assert (response.status_code, response["Location"]) == (302, f"{reverse('login')}?next=/")
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_logged_in_responses_are_private_and_not_stored(client):
    client.force_login(UserFactory())
    for url in (reverse("home"), reverse("cities:city-list")):
        cache_control = {part.strip() for part in client.get(url)["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache_control, url
