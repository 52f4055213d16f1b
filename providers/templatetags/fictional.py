"""The one "fictional" mark shown next to an invented provider's or issuer's name.

Demo providers (:attr:`providers.models.Provider.is_fictional`) and the certifiers that issued
their invented credentials (:attr:`providers.models.Credential.issuer_is_fictional`) are made up;
pages and the report mark them with this filter so that no reader takes them for real firms.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


def is_fictional(value: object) -> bool:
    """True for ``True`` or an object whose ``is_fictional`` is true; anything else is real."""
    if isinstance(value, bool):
        return value
    return bool(getattr(value, "is_fictional", False))


@register.filter
def fictional_mark(value: object, style: str = "") -> str:
    """A small "fictional" badge when ``value`` is fictional (else ""); ``style`` "pdf" gives
    the report's plain "(fictional)"."""
    if not is_fictional(value):
        return ""
    if style == "pdf":
        return format_html(' <span class="fictional">({})</span>', _("fictional"))
    return format_html(
        ' <span class="badge text-bg-info" title="{}">{}</span>',
        _("Invented for the demo: not a real firm."),
        _("fictional"),
    )
