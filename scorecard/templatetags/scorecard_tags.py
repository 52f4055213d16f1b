"""Template helpers of the evaluation app."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    """``mapping[key]`` in a template, or ``None`` when absent."""
    return mapping.get(key) if mapping else None
