"""Two-factor pages: the account's security page, setting up an authenticator app, backup
codes, switching it off, and the code page every login with a device goes through."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice

from accounts import lockout, services
from accounts.forms import CodeForm, DisableForm, PasswordForm

# Where freshly issued backup codes wait, for one display, between the POST and the GET.
NEW_CODES_SESSION_KEY = "two_factor_new_backup_codes"


def _mark_verified(request: HttpRequest, device: Device) -> None:
    """The session has passed the second factor with ``device``; a new session key, like at
    login, so an identifier seen before the code was entered is worth nothing after it."""
    request.session.cycle_key()
    otp_login(request, device)


def _qr_svg(text: str) -> SafeString:
    """``text`` as a QR code in inline SVG: no size (CSS sizes it), no style attribute (the
    Content-Security-Policy forbids inline styles), white quiet zone for dark themes."""
    svg = segno.make(text, error="m").svg_inline(
        scale=4, omitsize=True, dark="#000", light="#fff", svgclass="qr-code", lineclass=None
    )
    # segno's own markup, of an otpauth:// URL we built: nothing a user typed.
    return mark_safe(svg)


def _render_security(request: HttpRequest, **forms) -> HttpResponse:
    user = request.user
    authenticator = services.get_authenticator(user)
    enabled = services.has_two_factor(user)
    context = {
        "enabled": enabled,
        "required": services.two_factor_required_for(user),
        "authenticator": authenticator,
        "backup_codes_left": services.count_backup_codes(user) if enabled else 0,
        "enrol_form": forms.get("enrol_form") or PasswordForm(request=request, prefix="enrol"),
        "regenerate_form": forms.get("regenerate_form") or CodeForm(user=user, prefix="new"),
        "disable_form": forms.get("disable_form") or DisableForm(request=request, prefix="off"),
    }
    return render(request, "accounts/two_factor.html", context)


@never_cache
def two_factor(request: HttpRequest) -> HttpResponse:
    """The account's security page: is two-factor on, and the forms that change it."""
    return _render_security(request)


@never_cache
@require_POST
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Start setting up an authenticator app (password first): a new secret, then the QR."""
    form = PasswordForm(request.POST, request=request, prefix="enrol")
    if not form.is_valid():
        return _render_security(request, enrol_form=form)
    services.start_enrolment(user=request.user)
    return redirect("accounts:two-factor-confirm")


@never_cache
def two_factor_confirm(request: HttpRequest) -> HttpResponse:
    """The QR code and secret of the authenticator being set up; its first right code
    confirms it, issues backup codes and verifies this session."""
    device = services.get_pending_authenticator(request.user)
    if device is None:
        messages.info(request, _("Start by confirming your password."))
        return redirect("accounts:two-factor")
    form = CodeForm(request.POST or None, user=request.user, pending=device)
    if request.method == "POST":
        with transaction.atomic():
            if form.is_valid():
                codes = services.confirm_enrolment(user=request.user, device=form.device)
                _mark_verified(request, form.device)
                request.session[NEW_CODES_SESSION_KEY] = codes
                messages.success(request, _("Two-factor authentication is on."))
                return redirect("accounts:backup-codes")
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_confirm.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
    )


@never_cache
def backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes, shown once: the session forgets them as this page is rendered."""
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:two-factor")
    return render(request, "accounts/backup_codes.html", {"codes": codes})


@never_cache
@require_POST
def backup_codes_regenerate(request: HttpRequest) -> HttpResponse:
    """New backup codes for a current code; every earlier backup code stops working."""
    if not services.has_two_factor(request.user):
        return redirect("accounts:two-factor")
    form = CodeForm(request.POST, user=request.user, prefix="new")
    with transaction.atomic():
        if not form.is_valid():
            return _render_security(request, regenerate_form=form)
        request.session[NEW_CODES_SESSION_KEY] = services.regenerate_backup_codes(user=request.user)
    return redirect("accounts:backup-codes")


@never_cache
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    """Switch two-factor off: password and a current code. Refused (403) where
    TWO_FACTOR_REQUIRED applies to the user: they may only replace their authenticator."""
    if services.two_factor_required_for(request.user):
        raise PermissionDenied(
            _("Your account must use two-factor authentication; it cannot be switched off.")
        )
    if not services.has_two_factor(request.user):
        return redirect("accounts:two-factor")
    form = DisableForm(request.POST, request=request, prefix="off")
    with transaction.atomic():
        if not form.is_valid():
            return _render_security(request, disable_form=form)
        services.disable_two_factor(user=request.user)
    messages.success(request, _("Two-factor authentication is off."))
    return redirect("accounts:two-factor")


def _next_url(request: HttpRequest) -> str:
    """The ``next`` page if it is on this site, else where a login lands. Always a URL, never
    taken for a view name (``redirect("0")`` would try to reverse one)."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@never_cache
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second login step: a code from the authenticator app or a backup code. Users with
    nothing to verify (no device, or already verified) go straight on."""
    next_url = _next_url(request)
    if request.user.is_verified() or not services.has_two_factor(request.user):
        return HttpResponseRedirect(next_url)
    if lockout.codes_locked(request, request.user):
        return render(request, "registration/lockout.html", status=429)
    form = CodeForm(request.POST or None, user=request.user)
    if request.method == "POST" and not form.is_valid():
        lockout.record_code_failure(request, request.user)
    if request.method == "POST" and form.is_valid():
        _mark_verified(request, form.device)
        if isinstance(form.device, StaticDevice):
            left = services.count_backup_codes(request.user)
            messages.warning(
                request,
                ngettext(
                    "You used a backup code; %(left)d is left. Make new ones on your "
                    "two-factor page.",
                    "You used a backup code; %(left)d are left. Make new ones on your "
                    "two-factor page.",
                    left,
                )
                % {"left": left},
            )
        return HttpResponseRedirect(next_url)
    return render(
        request,
        "accounts/two_factor_verify.html",
        # The navigation shows no links that would only lead back here.
        {"form": form, "next": next_url, "two_factor_pending": True},
    )
