"""The interface language: the header's switch, the user's remembered choice, applied at login.

Order of precedence: the choice remembered on the user's :class:`~accounts.models.Profile`
(copied into the session at login), then the language cookie the switch sets (anonymous
visitors too), then the browser's ``Accept-Language`` (Django's ``LocaleMiddleware``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import LANGUAGE_QUERY_PARAMETER
from django.views.i18n import set_language as django_set_language

from accounts.models import Profile

# The session key holding the logged-in user's language (from their profile or the switch).
SESSION_KEY = "accounts:language"


def _supported(code: str | None) -> str | None:
    return code if code in dict(settings.LANGUAGES) else None


def language_of(user) -> str:
    """The language to write to ``user`` in when no request says it (e-mails): the one
    remembered on their profile, else the site's ``LANGUAGE_CODE``."""
    remembered = Profile.objects.filter(user=user).values_list("language", flat=True).first()
    return _supported(remembered) or settings.LANGUAGE_CODE


def apply_profile_language(sender, request: HttpRequest, user, **kwargs) -> None:
    """On login (``user_logged_in``): the language remembered on the profile, if any, rules
    this session."""
    if request is None or not hasattr(request, "session"):
        return
    language = _supported(
        Profile.objects.filter(user=user).values_list("language", flat=True).first()
    )
    if language:
        request.session[SESSION_KEY] = language


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language`` (cookie, safe ``next`` redirect), and for a logged-in user the
    choice is remembered on their profile and applied to this session at once."""
    response = django_set_language(request)
    language = _supported(request.POST.get(LANGUAGE_QUERY_PARAMETER))
    if language and request.user.is_authenticated:
        Profile.objects.update_or_create(user=request.user, defaults={"language": language})
        request.session[SESSION_KEY] = language
    return response


class UserLanguageMiddleware:
    """Activates the session's language (see :data:`SESSION_KEY`) over what the cookie or the
    browser asked for, and keeps the cookie in step so the choice outlives the session.
    Must come right after ``LocaleMiddleware``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = _supported(request.session.get(SESSION_KEY))
        if language and language != request.LANGUAGE_CODE:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
