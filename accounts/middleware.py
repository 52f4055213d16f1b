"""Session middleware of the accounts app: holds a half-logged-in user at the code page (and an
unenrolled one at the set-up page), ends idle sessions, keeps logged-in pages out of caches."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control

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


# The session key of the last request's time (whole seconds since the epoch).
LAST_SEEN = "accounts:last-seen"
# Refresh LAST_SEEN at most this often, so that a page view does not always write the session.
LAST_SEEN_EVERY = 60


def mark_seen(sender, request: HttpRequest, user, **kwargs) -> None:
    """On login (``user_logged_in``): the session starts seen now, so its first page view
    does not have to write the session."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(timezone.now().timestamp())


class IdleTimeoutMiddleware:
    """Logs out a session that has made no request for ``SESSION_IDLE_MINUTES``; the request
    then goes on as anonymous (a login page, ``next`` kept). Must come after
    ``AuthenticationMiddleware``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(timezone.now().timestamp())
            last_seen = request.session.get(LAST_SEEN, now)
            if now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
            elif now - last_seen >= LAST_SEEN_EVERY or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class PrivateCacheMiddleware:
    """Every response to a logged-in user (pages, CSV/XLSX exports, downloads) says
    ``Cache-Control: private, no-store``: a shared proxy must not keep it, nor a browser's
    back button show it after log-out. A response that already says no-store keeps its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
