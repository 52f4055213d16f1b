"""A user's own preferences, kept beside Django's ``User`` (one row per user, made on demand)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def language_choices() -> list[tuple[str, str]]:
    """The interface languages (``settings.LANGUAGES``); read when forms and admin need them,
    so the migration does not freeze the list."""
    return list(settings.LANGUAGES)


class Profile(models.Model):
    """Preferences of one user. ``language`` is a code of ``settings.LANGUAGES``, applied at
    every login; blank means "follow the browser" (its ``Accept-Language``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    language = models.CharField(_("language"), max_length=10, choices=language_choices, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)
