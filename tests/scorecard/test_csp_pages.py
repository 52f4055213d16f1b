"""Pages a strict Content-Security-Policy would break: inline code or styles."""

import re

import pytest
from django.urls import reverse


def _assert_no_inline_code(url: str, response) -> None:
    """Everything a strict CSP would block: inline <script> code, style attributes, <style>."""
    assert response.status_code == 200, url
    assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
    assert " style=" not in html, url
    assert "<style" not in html, url


@pytest.mark.django_db
def test_pages_have_no_inline_scripts_or_styles(client, world):
    from scorecard.models import Role

    client.force_login(world.users[Role.CONSULTANT])
    pk = world.engagement.pk
    urls = [
        reverse("home"),
        reverse("scorecard:engagement-detail", kwargs={"pk": pk}),
        reverse("scorecard:results", kwargs={"pk": pk}),
        reverse("scorecard:results-robustness", kwargs={"pk": pk}),
        reverse("scorecard:weights", kwargs={"pk": pk}),
        reverse("scorecard:candidate-list", kwargs={"pk": pk}),
        reverse("scorecard:assessment-list", kwargs={"pk": pk}),
        reverse("scorecard:report-list", kwargs={"pk": pk}),
        reverse("scorecard:costs", kwargs={"pk": pk}),
        reverse("scorecard:compliance", kwargs={"pk": pk}),
        reverse("scorecard:governance", kwargs={"pk": pk}),
        reverse("accounts:two-factor"),
    ]
    for url in urls:
        _assert_no_inline_code(url, client.get(url))


@pytest.mark.django_db
def test_two_factor_pages_have_no_inline_scripts_or_styles(client, user):
    """Every step: set-up (the QR code is inline SVG), backup codes, the security page with
    two-factor on, and the code page of the next login."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.accounts.test_two_factor import PASSWORD, fresh_code, log_in

    client.force_login(user)
    client.post(reverse("accounts:two-factor-enrol"), {"enrol-password": PASSWORD})
    confirm = reverse("accounts:two-factor-confirm")
    response = client.get(confirm)
    assert "<svg" in response.content.decode()
    _assert_no_inline_code(confirm, response)
    device = TOTPDevice.objects.get(user=user)
    client.post(confirm, {"code": fresh_code(device)})
    for url in (reverse("accounts:backup-codes"), reverse("accounts:two-factor")):
        _assert_no_inline_code(url, client.get(url))
    client.post(reverse("logout"))
    log_in(client, user)
    verify = reverse("accounts:two-factor-verify")
    _assert_no_inline_code(verify, client.get(verify))
    _assert_no_inline_code(verify, client.post(verify, {"code": "000000"}))
