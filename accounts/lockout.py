"""The address tier of the login lockout.

django-axes locks a username + address pair after ``AXES_FAILURE_LIMIT`` failures. Password
spraying (a few guesses at each of many usernames from one address) never reaches that limit for
any one pair, so this second tier refuses every login and every two-factor code from an address
with ``LOGIN_ADDRESS_FAILURE_LIMIT`` failures or more within axes' cool-off, whatever the
usernames. It counts axes' own records (``AccessAttempt``): nothing is counted twice, a
successful login resets its pair as before, and ``manage.py axes_reset`` clears both tiers.
"""

from __future__ import annotations

from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def client_address(request: HttpRequest) -> str:
    """The address axes records for ``request`` (it honours ``PROXY_COUNT``)."""
    return getattr(request, "axes_ip_address", None) or get_client_ip_address(request)


def address_failures(address: str, request: HttpRequest | None = None) -> int:
    """Failed logins and two-factor codes from ``address`` within the cool-off, any username."""
    since = timezone.now() - get_cool_off(request)
    found = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
    return found.aggregate(total=Sum("failures_since_start"))["total"] or 0


def address_locked(request: HttpRequest) -> bool:
    if not settings.AXES_ENABLED:
        return False
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    return address_failures(client_address(request), request) >= limit


def codes_locked(request: HttpRequest, user) -> bool:
    """Whether two-factor codes from this request are refused: its address is locked, or the
    pair of ``user`` and its address is (wrong codes count as failed logins)."""
    from axes.handlers.proxy import AxesProxyHandler

    if address_locked(request):
        request.address_locked = True
        return True
    return settings.AXES_ENABLED and AxesProxyHandler.is_locked(
        request, {"username": user.get_username()}
    )


def record_code_failure(request: HttpRequest, user) -> None:
    """Count a wrong two-factor code as a failed login of ``user`` from this address (both
    tiers: the pair's and the address's)."""
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )


class AddressLockoutBackend:
    """First in ``AUTHENTICATION_BACKENDS``: refuses any login from a locked address. The
    refusal is axes' lockout page (429), which says the address is locked."""

    def authenticate(self, request: HttpRequest | None, **credentials) -> None:
        if request is not None and address_locked(request):
            request.axes_locked_out = True
            request.address_locked = True
            raise PermissionDenied
        return None  # no get_user(): it never logs anybody in, so sessions never name it
