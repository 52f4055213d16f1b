"""Two-factor authentication: who must use it, how a code is checked, and every change to a
user's devices.

A user's second factor is a confirmed ``TOTPDevice`` (an authenticator app) and a
``StaticDevice`` holding one-time backup codes (django-otp). Codes are checked through the
devices themselves, so django-otp's throttling applies: after each wrong code a device refuses
every code, right or wrong, for twice as long as after the previous one (1 s, 2 s, 4 s, …).
"""

from __future__ import annotations

import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import device_classes, devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from scorecard.models import Membership, Role

BACKUP_CODE_COUNT = 10


def two_factor_required_for(user) -> bool:
    """Whether ``TWO_FACTOR_REQUIRED`` applies to ``user``: staff, superusers and consultants of
    any engagement. Always false while the setting is off. At most one query."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role=Role.CONSULTANT).exists()


def has_two_factor(user) -> bool:
    """Whether ``user`` has a confirmed device of any kind (authenticator, backup codes): their
    logins then need a code. One query (a UNION over the device tables), as the middleware
    asks on every request of a user whose session no device has verified."""
    if not user.is_authenticated:
        return False
    first, *others = (
        model.objects.filter(user_id=user.pk, confirmed=True).values("pk")
        for model in device_classes()
    )
    return first.union(*others).exists()


def get_authenticator(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def get_pending_authenticator(user) -> TOTPDevice | None:
    """The authenticator being set up (created, its first code not yet entered), or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def count_backup_codes(user) -> int:
    """How many unused backup codes ``user`` has left."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalise_code(code: str) -> str:
    """A code as typed, without the spaces and dashes people copy along, in lower case (backup
    codes are lower-case base32)."""
    return "".join(code.split()).replace("-", "").lower()


def verify_code(*, user, code: str, pending: TOTPDevice | None = None) -> Device:
    """The device of ``user`` that accepts ``code``, marked as used.

    With ``pending``, only that (unconfirmed) authenticator is tried. Otherwise a code of
    digits is tried on the user's confirmed authenticators, anything else on their backup
    codes (each works once: a matching backup code is deleted).

    Raises ``ValidationError`` (code ``throttled``) while the device is refusing codes after
    wrong ones, with the wait in seconds, or (code ``invalid``) for a wrong code. The failure
    count is saved before the error is raised, whatever transaction the caller is in.
    """
    code = normalise_code(code)
    locked_until = None
    with transaction.atomic():
        if pending is not None:
            devices = TOTPDevice.objects.filter(pk=pending.pk, user=user, confirmed=False)
        elif code.isdigit():
            devices = TOTPDevice.objects.filter(user=user, confirmed=True)
        else:
            devices = StaticDevice.objects.filter(user=user, confirmed=True)
        for device in devices.select_for_update().order_by("pk"):
            allowed, details = device.verify_is_allowed()
            if not allowed:
                until = (details or {}).get("locked_until") or timezone.now()
                locked_until = max(locked_until or until, until)
                continue
            if device.verify_token(code):
                return device
    if locked_until is not None:
        seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
        raise ValidationError(
            ngettext(
                "Too many wrong codes. Wait %(seconds)d second, then enter a new code.",
                "Too many wrong codes. Wait %(seconds)d seconds, then enter a new code.",
                seconds,
            )
            % {"seconds": seconds},
            code="throttled",
        )
    raise ValidationError(
        _("That code is not right. Check your authenticator app (or backup code) and retry."),
        code="invalid",
    )


@transaction.atomic
def start_enrolment(*, user) -> TOTPDevice:
    """A new, unconfirmed authenticator for ``user`` with a fresh secret; one left over from an
    earlier attempt is discarded. A confirmed authenticator keeps working until the new one is
    confirmed."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


@transaction.atomic
def confirm_enrolment(*, user, device: TOTPDevice) -> list[str]:
    """Make ``device`` (whose first code was right) the user's authenticator, replacing any
    earlier one, and issue a new set of backup codes, which are returned (shown once)."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return regenerate_backup_codes(user=user)


@transaction.atomic
def regenerate_backup_codes(*, user) -> list[str]:
    """Replace the user's backup codes with ``BACKUP_CODE_COUNT`` new ones, returned in plain
    text (shown once; every earlier code stops working)."""
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=_("Backup codes"), confirmed=True)
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    device.token_set.all().delete()
    codes: set[str] = set()
    while len(codes) < BACKUP_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return sorted(codes)


@transaction.atomic
def disable_two_factor(*, user) -> None:
    """Delete every device of ``user`` (authenticators, backup codes, unconfirmed ones): their
    logins need only the password again."""
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
