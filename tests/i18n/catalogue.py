"""The Spanish catalogue as tests read it: its compiled messages and visible texts of a page."""

from __future__ import annotations

import gettext
import re
from functools import cache
from html.parser import HTMLParser

from django.apps import apps
from django.conf import settings
from django.db import models

LC_MESSAGES = settings.BASE_DIR / "locale" / "es_MX" / "LC_MESSAGES"


@cache
def compiled(domain: str = "django") -> dict:
    """The committed .mo's messages: ``{msgid: msgstr}``, plural forms keyed ``(msgid, n)``."""
    with open(LC_MESSAGES / f"{domain}.mo", "rb") as file:
        return dict(gettext.GNUTranslations(file)._catalog)


@cache
def untranslated_when_shown() -> frozenset[str]:
    """English texts that, shown on a Spanish page, mean a string escaped translation: every
    msgid whose Spanish differs from it (not "TOPSIS", "REPSE"), and that no Spanish
    translation happens to spell."""
    english, spanish = set(), set()
    for key, text in compiled().items():
        msgid = key[0] if isinstance(key, tuple) else key
        msgid = msgid.split("\x04")[-1]  # msgctxt\x04msgid
        spanish.add(text)
        if text != msgid and "%" not in msgid and re.search(r"[A-Za-z]{2}", msgid):
            english.add(msgid)
    return frozenset(english - spanish)


class VisibleText(HTMLParser):
    """Text nodes and the attributes people read (title, aria-label, alt, placeholder, the
    label of a submit input), whitespace collapsed; scripts, styles and identifiers (<code>, an
    option whose label is its value: a table name to import into) left out."""

    SKIPPED = ("script", "style", "code")

    READ_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skipping = 0
        self._option_value: str | None = None

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.SKIPPED:
            self._skipping += 1
        values = dict(attrs)
        if tag == "option":
            self._option_value = values.get("value")
        self.texts += [values[a] for a in self.READ_ATTRIBUTES if values.get(a)]
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.texts.append(values["value"])

    def handle_endtag(self, tag) -> None:
        if tag in self.SKIPPED and self._skipping:
            self._skipping -= 1
        if tag == "option":
            self._option_value = None

    def handle_data(self, data) -> None:
        if not self._skipping and data.strip() and data.strip() != self._option_value:
            self.texts.append(" ".join(data.split()))


def _json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _json_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _json_strings(item)]
    return []


def database_texts() -> frozenset[str]:
    """Every text stored in the database (names, codes, catalogue content): data values, which
    may happen to spell a catalogue string ("English" the language, "Annual agent attrition"
    the indicator) without being one. Translating content is the catalogue fields' job.

    JSON fields count too: a published decision keeps its inputs and results as they were
    published, in the language they were published in, and shows them unchanged."""
    texts = set()
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if fields:
            for row in model._base_manager.values_list(*fields):
                for value in row:
                    texts.update(" ".join(v.split()) for v in _json_strings(value))
    return frozenset(texts)


def visible_texts(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return [" ".join(t.split()) for t in parser.texts]
