"""Show a translated catalogue field, marking the English fallback.

``{{ criterion|translated:"name" }}`` prints the field in the active language. When the active
language is not English and the row has no text of its own in it (django-modeltranslation then
reads the English column), the English text is wrapped in ``<span lang="en">`` and followed by a
small "(EN)" marker, so a reader sees that the text is untranslated rather than wrong, and
screen readers pronounce it as English. A blank field stays blank in every language. Objects
whose field is not translated (or plain values) are printed as they are.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, get_language

register = template.Library()

# The language every translated field falls back to (settings.MODELTRANSLATION_DEFAULT_LANGUAGE).
FALLBACK_MARKER = "(EN)"


def is_fallback(obj: object, field: str) -> bool:
    """True when ``obj.<field>`` shows the default-language text because the active language's
    own column is empty. False for untranslated models and fields, and in the default language."""
    language = get_language()
    if language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return False
    try:
        options = translator.get_options_for_model(type(obj))
    except NotRegistered:
        return False
    if field not in options.all_fields:
        return False
    own = getattr(obj, build_localized_fieldname(field, language), None)
    return not own and bool(getattr(obj, field, None))


@register.filter
def translated(obj: object, field: str):
    """``obj.<field>`` in the active language, with the English fallback marked (see above)."""
    value = getattr(obj, field, "")
    if not is_fallback(obj, field):
        return value
    return format_html(
        '<span lang="en">{}</span> <small class="untranslated" title="{}">{}</small>',
        value,
        gettext("Not yet translated: shown in English."),
        FALLBACK_MARKER,
    )
