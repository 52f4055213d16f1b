"""Two-factor authentication: setting it up, the code step of every login, backup codes,
throttling, TWO_FACTOR_REQUIRED, switching it off, and the admin."""

from __future__ import annotations

import datetime as dt
import re
import time
from base64 import b32encode

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import confirm_enrolment, start_enrolment
from scorecard.models import Role
from tests.factories import EngagementFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
VERIFY = reverse("accounts:two-factor-verify")


def fresh_code(device: TOTPDevice) -> str:
    """A code ``device`` accepts now and has not accepted before: the current time step's, or
    the next one's when the current one is spent (django-otp never takes a step twice)."""
    device.refresh_from_db()
    now = (int(time.time()) - device.t0) // device.step + device.drift
    counter = max(now, device.last_t + 1)
    return f"{hotp(device.bin_key, counter, device.digits):0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    """Six digits no step within the device's tolerance produces."""
    device.refresh_from_db()
    now = (int(time.time()) - device.t0) // device.step + device.drift
    taken = {hotp(device.bin_key, now + offset) for offset in range(-2, 3)}
    return next(f"{n:06d}" for n in range(1_000_000) if n not in taken)


def end_wait(device) -> None:
    """Move the device's last failure back in time, past django-otp's wait after it."""
    device.refresh_from_db()
    device.throttling_failure_timestamp -= dt.timedelta(hours=1)
    device.save(update_fields=["throttling_failure_timestamp"])


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    """``user`` with a confirmed authenticator and ten backup codes."""
    device = start_enrolment(user=user)
    codes = confirm_enrolment(user=user, device=device)
    return device, codes


def log_in(client, user) -> None:
    """The password step, through the real login page."""
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def verified_client(client, user, device):
    log_in(client, user)
    response = client.post(VERIFY, {"code": fresh_code(device)})
    assert response.status_code == 302
    return client


@pytest.fixture
def alice():
    return UserFactory(username="alice")


# --- Setting it up -------------------------------------------------------------------------


def test_security_page_for_user_without_two_factor_says_off_and_offers_set_up(client, alice):
    client.force_login(alice)
    response = client.get(reverse("accounts:two-factor"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Logins ask only for your password." in page
    assert reverse("accounts:two-factor-enrol") in page


def test_enrol_with_wrong_password_shows_field_error_and_creates_no_device(client, alice):
    client.force_login(alice)
    response = client.post(reverse("accounts:two-factor-enrol"), {"enrol-password": "guess"})
    assert response.status_code == 200
    assert response.context["enrol_form"].errors["password"] == ["That is not your password."]
    assert TOTPDevice.objects.filter(user=alice).count() == 0


def test_enrol_wrong_passwords_count_towards_the_login_lockout(client, alice, settings):
    settings.AXES_FAILURE_LIMIT = 2
    client.force_login(alice)
    url = reverse("accounts:two-factor-enrol")
    assert client.post(url, {"enrol-password": "guess"}).status_code == 200
    assert client.post(url, {"enrol-password": "guess"}).status_code == 429
    assert client.post(url, {"enrol-password": PASSWORD}).status_code == 429
    assert not TOTPDevice.objects.filter(user=alice).exists()


def test_enrol_shows_qr_and_secret_of_an_unconfirmed_device(client, alice):
    client.force_login(alice)
    response = client.post(reverse("accounts:two-factor-enrol"), {"enrol-password": PASSWORD})
    assert response["Location"] == reverse("accounts:two-factor-confirm")
    device = TOTPDevice.objects.get(user=alice)
    assert device.confirmed is False
    page = client.get(response["Location"]).content.decode()
    secret = b32encode(device.bin_key).decode()
    shown = re.search(r'id="totp-secret">([^<]*)<', page).group(1)
    assert shown.replace(" ", "") == secret
    assert '<svg viewBox="' in page
    assert 'class="qr-code"' in page


def test_enrol_with_wrong_code_shows_field_error_and_device_stays_unconfirmed(client, alice):
    client.force_login(alice)
    device = start_enrolment(user=alice)
    response = client.post(reverse("accounts:two-factor-confirm"), {"code": wrong_code(device)})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "That code is not right. Check your authenticator app (or backup code) and retry."
    ]
    assert "invalid-feedback" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    assert StaticDevice.objects.filter(user=alice).count() == 0


def test_enrol_with_right_code_confirms_shows_ten_backup_codes_once_and_verifies(client, alice):
    client.force_login(alice)
    device = start_enrolment(user=alice)
    response = client.post(reverse("accounts:two-factor-confirm"), {"code": fresh_code(device)})
    assert response["Location"] == reverse("accounts:backup-codes")
    device.refresh_from_db()
    assert device.confirmed is True
    page = client.get(reverse("accounts:backup-codes")).content.decode()
    shown = re.findall(r"<li>([a-z2-7]{8})</li>", page)
    stored = StaticToken.objects.filter(device__user=alice).values_list("token", flat=True)
    assert sorted(shown) == sorted(stored)
    assert len(shown) == 10
    # Shown once: the page forgets them.
    again = client.get(reverse("accounts:backup-codes"))
    assert again["Location"] == reverse("accounts:two-factor")
    # The session that set it up is verified: pages open without a code.
    assert client.get(reverse("home")).status_code == 200


def test_confirm_page_without_a_pending_device_goes_back_to_security_page(client, alice):
    client.force_login(alice)
    response = client.get(reverse("accounts:two-factor-confirm"))
    assert response["Location"] == reverse("accounts:two-factor")


def test_new_authenticator_replaces_old_one_only_once_confirmed(client, alice):
    old, _codes = enrol(alice)
    verified_client(client, alice, old)
    client.post(reverse("accounts:two-factor-enrol"), {"enrol-password": PASSWORD})
    new = TOTPDevice.objects.get(user=alice, confirmed=False)
    assert TOTPDevice.objects.filter(pk=old.pk, confirmed=True).exists()
    client.post(reverse("accounts:two-factor-confirm"), {"code": fresh_code(new)})
    assert list(TOTPDevice.objects.filter(user=alice).values_list("pk", "confirmed")) == [
        (new.pk, True)
    ]


# --- The code step of a login -----------------------------------------------------------------


def test_login_with_device_sends_every_page_to_the_code_page(client, alice):
    enrol(alice)
    log_in(client, alice)
    response = client.get(reverse("after-login"))
    assert response["Location"] == f"{VERIFY}?next=%2Fwelcome%2F"
    for url in (reverse("home"), reverse("accounts:two-factor"), reverse("password_change")):
        assert client.get(url)["Location"].startswith(f"{VERIFY}?next="), url
    page = client.get(VERIFY)
    assert page.status_code == 200
    # The navigation offers log-out, not links that would lead back to the code page.
    assert reverse("cities:city-list") not in page.content.decode()
    assert reverse("logout") in page.content.decode()


def test_login_without_device_needs_no_code(client, alice):
    log_in(client, alice)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(VERIFY)["Location"] == reverse("after-login")


def test_verify_with_wrong_code_shows_field_error_and_stays_unverified(client, alice):
    device, _codes = enrol(alice)
    log_in(client, alice)
    response = client.post(VERIFY, {"code": wrong_code(device), "next": "/cities/"})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert "invalid-feedback" in response.content.decode()
    assert client.get(reverse("home"))["Location"].startswith(VERIFY)


def test_verify_with_right_code_lands_on_next_with_a_new_session_key(client, alice):
    device, _codes = enrol(alice)
    log_in(client, alice)
    before = client.session.session_key
    response = client.post(VERIFY, {"code": fresh_code(device), "next": "/cities/"})
    assert response["Location"] == "/cities/"
    assert client.session.session_key != before
    assert client.get(reverse("home")).status_code == 200


def test_verify_without_next_lands_on_the_after_login_page(client, alice):
    device, _codes = enrol(alice)
    log_in(client, alice)
    response = client.post(VERIFY, {"code": fresh_code(device)})
    assert response["Location"] == reverse("after-login")


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"],
)
def test_verify_refuses_next_to_another_site(client, alice, next_url):
    device, _codes = enrol(alice)
    log_in(client, alice)
    response = client.post(VERIFY, {"code": fresh_code(device), "next": next_url})
    assert response["Location"] == reverse("after-login")


def test_verify_takes_next_as_a_url_never_as_a_view_name(client, alice):
    log_in(client, alice)
    response = client.get(VERIFY, {"next": "0"})
    assert (response.status_code, response["Location"]) == (302, "0")


def test_backup_code_works_once(client, alice):
    _device, codes = enrol(alice)
    log_in(client, alice)
    response = client.post(VERIFY, {"code": codes[0].upper()[:4] + "-" + codes[0][4:]})
    assert response.status_code == 302
    assert StaticToken.objects.filter(device__user=alice).count() == 9
    client.post(reverse("logout"))
    log_in(client, alice)
    response = client.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert client.get(reverse("home"))["Location"].startswith(VERIFY)


def test_verify_after_wrong_code_refuses_even_the_right_one_until_the_wait_is_over(
    client, alice, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device, _codes = enrol(alice)
    log_in(client, alice)
    client.post(VERIFY, {"code": wrong_code(device)})
    response = client.post(VERIFY, {"code": fresh_code(device)})
    assert response.status_code == 200
    (error,) = response.context["form"].errors["code"]
    assert re.fullmatch(
        r"Too many wrong codes\. Wait (59|60) seconds, then enter a new code\.", error
    )
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # Once the wait is over, the right code works.
    end_wait(device)
    response = client.post(VERIFY, {"code": fresh_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_unverified_user_can_log_out_and_reach_health_checks(client, alice):
    enrol(alice)
    log_in(client, alice)
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("readyz")).status_code == 200
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert client.get(VERIFY)["Location"].startswith(reverse("login"))


def test_admin_needs_the_code_from_staff_with_a_device(client):
    staff = UserFactory(username="root", is_staff=True, is_superuser=True)
    device, _codes = enrol(staff)
    log_in(client, staff)
    response = client.get(reverse("admin:index"))
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    changelist = reverse("admin:auth_user_changelist")
    assert client.get(changelist)["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": fresh_code(device)})
    assert client.get(changelist).status_code == 200


def test_admin_lists_devices_without_their_secrets_and_deletes_them(admin_client, alice):
    device, codes = enrol(alice)
    page = admin_client.get(reverse("admin:otp_totp_totpdevice_changelist")).content.decode()
    assert "alice" in page
    change = admin_client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert change.status_code == 200
    assert device.key not in change.content.decode()
    static = StaticDevice.objects.get(user=alice)
    change = admin_client.get(reverse("admin:otp_static_staticdevice_change", args=[static.pk]))
    assert codes[0] not in change.content.decode()
    admin_client.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )
    admin_client.post(
        reverse("admin:otp_static_staticdevice_delete", args=[static.pk]), {"post": "yes"}
    )
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert not StaticDevice.objects.filter(user=alice).exists()


# --- TWO_FACTOR_REQUIRED ----------------------------------------------------------------------


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def _member(role: str):
    user = UserFactory(username=f"required-{role}")
    MembershipFactory(engagement=EngagementFactory(), user=user, role=role)
    return user


@pytest.mark.usefixtures("required")
@pytest.mark.parametrize("who", ["consultant", "staff"])
def test_required_sends_consultant_and_staff_to_set_up(client, who):
    user = (
        _member(Role.CONSULTANT)
        if who == "consultant"
        else UserFactory(username="staffer", is_staff=True)
    )
    log_in(client, user)
    for url in (reverse("home"), reverse("after-login"), reverse("admin:index")):
        assert client.get(url)["Location"] == reverse("accounts:two-factor"), url
    page = client.get(reverse("accounts:two-factor")).content.decode()
    assert "Set it up to continue." in page
    assert client.get(reverse("healthz")).status_code == 200
    assert client.post(reverse("logout"))["Location"] == reverse("login")


@pytest.mark.usefixtures("required")
def test_required_lets_consultant_in_once_set_up(client):
    consultant = _member(Role.CONSULTANT)
    log_in(client, consultant)
    client.post(reverse("accounts:two-factor-enrol"), {"enrol-password": PASSWORD})
    device = TOTPDevice.objects.get(user=consultant)
    client.post(reverse("accounts:two-factor-confirm"), {"code": fresh_code(device)})
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.usefixtures("required")
@pytest.mark.parametrize("role", [Role.ANALYST, Role.CLIENT_VIEWER])
def test_required_leaves_analysts_and_viewers_alone(client, role):
    user = _member(role)
    log_in(client, user)
    assert client.get(reverse("home")).status_code == 200


def test_not_required_by_default_even_for_staff(client):
    staff = UserFactory(username="staffer", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_provider"))
    log_in(client, staff)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


# --- Backup codes and switching off ----------------------------------------------------------


def test_new_backup_codes_need_a_code_and_replace_the_old_ones(client, alice):
    device, old_codes = enrol(alice)
    verified_client(client, alice, device)
    url = reverse("accounts:backup-codes-regenerate")
    response = client.post(url, {"new-code": wrong_code(device)})
    assert response.status_code == 200
    assert "code" in response.context["regenerate_form"].errors
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old_codes)
    end_wait(device)
    response = client.post(url, {"new-code": fresh_code(device)})
    assert response["Location"] == reverse("accounts:backup-codes")
    new_codes = set(StaticToken.objects.values_list("token", flat=True))
    assert len(new_codes) == 10
    assert not new_codes & set(old_codes)


def test_disable_with_wrong_password_keeps_everything_and_spends_no_backup_code(client, alice):
    device, codes = enrol(alice)
    verified_client(client, alice, device)
    url = reverse("accounts:two-factor-disable")
    response = client.post(url, {"off-password": "guess", "off-code": codes[0]})
    assert response.status_code == 200
    assert response.context["disable_form"].errors["password"] == ["That is not your password."]
    assert TOTPDevice.objects.filter(user=alice, confirmed=True).exists()
    assert StaticToken.objects.filter(token=codes[0]).exists()


def test_disable_with_wrong_code_keeps_everything(client, alice):
    device, _codes = enrol(alice)
    verified_client(client, alice, device)
    response = client.post(
        reverse("accounts:two-factor-disable"),
        {"off-password": PASSWORD, "off-code": wrong_code(device)},
    )
    assert response.status_code == 200
    assert "code" in response.context["disable_form"].errors
    assert TOTPDevice.objects.filter(user=alice, confirmed=True).exists()


def test_disable_with_password_and_code_deletes_every_device(client, alice):
    device, _codes = enrol(alice)
    verified_client(client, alice, device)
    response = client.post(
        reverse("accounts:two-factor-disable"),
        {"off-password": PASSWORD, "off-code": fresh_code(device)},
    )
    assert response["Location"] == reverse("accounts:two-factor")
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert not StaticDevice.objects.filter(user=alice).exists()
    client.post(reverse("logout"))
    log_in(client, alice)
    assert client.get(reverse("home")).status_code == 200


def test_disable_is_refused_where_two_factor_is_required(client, settings):
    consultant = _member(Role.CONSULTANT)
    device, _codes = enrol(consultant)
    verified_client(client, consultant, device)
    settings.TWO_FACTOR_REQUIRED = True
    page = client.get(reverse("accounts:two-factor")).content.decode()
    assert "cannot be turned off" in page
    assert reverse("accounts:two-factor-disable") not in page
    response = client.post(
        reverse("accounts:two-factor-disable"),
        {"off-password": PASSWORD, "off-code": fresh_code(device)},
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=consultant, confirmed=True).exists()


@pytest.mark.parametrize(
    "name",
    ["two-factor-enrol", "two-factor-disable", "backup-codes-regenerate"],
)
def test_changes_are_post_only(client, alice, name):
    client.force_login(alice)
    assert client.get(reverse(f"accounts:{name}")).status_code == 405


@pytest.mark.parametrize(
    "name", ["two-factor", "two-factor-confirm", "two-factor-verify", "backup-codes"]
)
def test_anonymous_is_sent_to_login(client, name):
    url = reverse(f"accounts:{name}")
    assert client.get(url)["Location"] == f"{reverse('login')}?next={url}"


def test_verify_wrong_codes_count_towards_the_address_lockout(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no per-device wait: only the lockout stops guesses
    user = UserFactory()
    device, _codes = enrol(user)
    log_in(client, user)
    for _ in range(3):
        assert client.post(VERIFY, {"code": wrong_code(device)}).status_code == 200
    response = client.post(VERIFY, {"code": fresh_code(device)})
    assert response.status_code == 429
    assert b"This address is locked" in response.content
    assert client.get(VERIFY).status_code == 429
