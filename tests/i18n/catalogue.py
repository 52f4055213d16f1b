"""The Spanish catalogue as tests read it: its compiled messages and visible texts of a page."""

from __future__ import annotations

import gettext
import re
from functools import cache
from html.parser import HTMLParser

from django.conf import settings

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
    label of a submit input), whitespace collapsed; scripts and styles left out."""

    READ_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "style"):
            self._skipping += 1
        values = dict(attrs)
        self.texts += [values[a] for a in self.READ_ATTRIBUTES if values.get(a)]
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.texts.append(values["value"])

    def handle_endtag(self, tag) -> None:
        if tag in ("script", "style") and self._skipping:
            self._skipping -= 1

    def handle_data(self, data) -> None:
        if not self._skipping and data.strip():
            self.texts.append(" ".join(data.split()))


def visible_texts(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return [" ".join(t.split()) for t in parser.texts]
