"""Holds a half-logged-in user at the code page, and an unenrolled one at the set-up page."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.services import has_two_factor, two_factor_required_for

# Pages a user who still owes a code may open (besides those open to anyone).
VERIFY_PAGES = frozenset({"logout", "accounts:two-factor-verify"})
# And those a user whose role requires two-factor may open before setting it up.
ENROL_PAGES = VERIFY_PAGES | {
    "accounts:two-factor",
    "accounts:two-factor-enrol",
    "accounts:two-factor-confirm",
    "accounts:backup-codes",
}


class TwoFactorMiddleware:
    """After a password login, a user with a confirmed device is authenticated but not verified
    (django-otp's ``OTPMiddleware`` says which device, if any, verified the session): every
    page sends them to the code page until they enter a code. With ``TWO_FACTOR_REQUIRED``, a
    user it applies to who has no device is sent to the set-up page instead.

    Must come after ``OTPMiddleware`` and ``LoginRequiredMiddleware``. Views open to anyone
    (``@login_not_required``: login, password reset, health checks) stay open.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not getattr(view_func, "login_required", True):
            return None
        page = request.resolver_match.view_name
        if page in VERIFY_PAGES:
            return None
        if has_two_factor(user):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('accounts:two-factor-verify')}?{query}")
        if page not in ENROL_PAGES and two_factor_required_for(user):
            return HttpResponseRedirect(reverse("accounts:two-factor"))
        return None
