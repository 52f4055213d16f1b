"""Template helpers of the PDF report."""

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def css_string(value) -> SafeString:
    """``value`` as a CSS string literal (quoted, with quotes, backslashes and line breaks
    escaped), for running headers and footers set in a ``<style>`` block."""
    text = str(value)
    escaped = "".join(
        f"\\{ord(ch):x} " if ch in '"\\<>&\n\r' or ord(ch) < 32 else ch for ch in text
    )
    return mark_safe(f'"{escaped}"')


@register.filter
def percent(value, digits: int = 0) -> str:
    """A share (0–1) as a percentage: ``0.873|percent`` → ``87%``."""
    if value is None:
        return "—"
    return f"{float(value) * 100:.{int(digits)}f}%"


@register.filter
def points(value, digits: int = 1) -> str:
    """A number with ``digits`` decimals, or an em dash for no data."""
    if value is None:
        return "—"
    return f"{float(value):.{int(digits)}f}"


@register.filter
def bar_width(score) -> str:
    """A 0–5 score as a CSS width percentage (0 for no data)."""
    if score is None:
        return "0%"
    return f"{max(0.0, min(5.0, float(score))) * 20:.1f}%"
