"""The vendor session: after a link is opened, the session holds the invitation's id (never
the token) and nothing else identifies the visitor. No user is logged in, so every page
outside the portal sees an anonymous visitor: a login redirect, or a 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_cache_control

from vendors.models import Invitation
from vendors.selectors import invitation_by_id

SESSION_KEY = "vendors:invitation"
# Whole seconds since the epoch of the vendor session's last request: a vendor session idle for
# SESSION_IDLE_MINUTES ends, as a user's does (accounts.middleware.IdleTimeoutMiddleware only
# sees users). The link opens a new one.
LAST_SEEN_KEY = "vendors:last-seen"


def bind(request: HttpRequest, invitation: Invitation) -> None:
    """Start a fresh vendor session for ``invitation`` (a staff login in the same browser
    ends: a vendor session is never also a user's)."""
    if request.user.is_authenticated:
        logout(request)
    request.session.cycle_key()
    request.session[SESSION_KEY] = invitation.pk
    request.session[LAST_SEEN_KEY] = int(timezone.now().timestamp())


def _idle(request: HttpRequest) -> bool:
    """Whether the vendor session sat idle too long; else marks it seen now."""
    now = int(timezone.now().timestamp())
    if now - request.session.get(LAST_SEEN_KEY, 0) > settings.SESSION_IDLE_MINUTES * 60:
        return True
    request.session[LAST_SEEN_KEY] = now
    return False


def forget_on_login(sender, request: HttpRequest, user, **kwargs) -> None:
    """On a user's login (``user_logged_in``): the browser stops being a vendor's."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)


def link_refused(request: HttpRequest, reason: str, status: int = 403) -> HttpResponse:
    return render(request, "vendors/link_invalid.html", {"reason": reason}, status=status)


def vendor_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Open to visitors with a live vendor session only; passes the invitation. A revoked or
    expired invitation ends the session and answers the clear 'link no longer works' page."""

    @login_not_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        invitation_id = request.session.get(SESSION_KEY)
        invitation = invitation_by_id(invitation_id) if isinstance(invitation_id, int) else None
        if invitation is None:
            return link_refused(request, "none")
        if _idle(request):
            request.session.flush()
            return link_refused(request, "idle")
        if not invitation.link_works():
            request.session.flush()
            return link_refused(request, "revoked" if invitation.revoked_at else "expired")
        with translation.override(invitation.language):
            response = view(request, invitation, *args, **kwargs)
            response.headers.setdefault("Content-Language", invitation.language)
        # A vendor is anonymous to PrivateCacheMiddleware: say private, no-store here.
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response

    return wrapper
