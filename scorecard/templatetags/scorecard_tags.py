"""Template helpers of the evaluation app."""

from django import template

from scorecard.access import tab_of

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
