"""The browser harness itself: log in through the form and reach the home page."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_form_reaches_home(page, login):
    UserFactory(username="browser-user")
    login("browser-user")
    assert page.url.endswith("/")
    assert page.locator("main").is_visible()
    assert page.js_errors == []
