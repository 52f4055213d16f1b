"""Two-factor in a browser: set it up from the user menu, then log in with a code."""

from base64 import b32decode

import pytest
from django_otp.oath import totp

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _code(secret: str, *, step: int = 0) -> str:
    """The authenticator app's code for ``secret`` (as shown on the page), ``step`` steps on:
    django-otp accepts each time step once, and one step either side."""
    return f"{totp(b32decode(secret.replace(' ', '')), drift=step):06d}"


def test_set_up_from_the_user_menu_then_log_in_with_a_code(page, login):
    UserFactory(username="careful", first_name="Carmen", last_name="Cuidado")
    login("careful")
    page.get_by_role("button", name="Carmen Cuidado").click()
    page.get_by_role("link", name="Two-factor authentication").click()
    page.get_by_label("Your password").fill("correct-horse-battery")
    page.get_by_role("button", name="Set up two-factor authentication").click()
    assert page.locator("svg.qr-code").is_visible()
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Authentication code").fill(_code(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    codes = page.locator("#backup-codes li").all_inner_texts()
    assert len(codes) == 10

    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "careful")
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/two-factor/verify/" in page.url
    page.get_by_label("Authentication code").fill(_code(secret, step=1))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_load_state()
    assert page.url.endswith("/")
    assert page.get_by_role("heading", name="Enter your authentication code").count() == 0
    assert page.js_errors == []
