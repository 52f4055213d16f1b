"""Template helpers of the evaluation app."""

from django import template

from scorecard.access import tab_of
from scorecard.formats import abbreviated_date as _abbreviated_date

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    """``mapping[key]`` in a template, or ``None`` when absent."""
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def current_tab(context, access) -> str | None:
    """The engagement tab to highlight for this page (``scorecard.access.tab_of``)."""
    match = getattr(context.get("request"), "resolver_match", None)
    return tab_of(match.url_name if match else None, (name for name, _label, _shown in access.tabs))


@register.filter(expects_localtime=True)
def abbreviated_date(value, with_time: str = ""):
    """``{{ date|abbreviated_date }}``: "3 Dec 2026", "3 dic 2026"
    (:func:`scorecard.formats.abbreviated_date`); ``|abbreviated_date:"time"`` adds the time."""
    return _abbreviated_date(value, with_time=bool(with_time))
