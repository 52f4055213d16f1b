"""The Spanish catalogue is complete: every marked string of Python, templates and static
JavaScript has a translation that is not fuzzy, and the committed .mo files say the same as
the .po files.

Strings added later fail here until they are translated: `make messages` adds them to
locale/es_MX/LC_MESSAGES/*.po, untranslated; translate them (docs/glossary-es-mx.md), run
it again to compile.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess

import pytest
from django.conf import settings
from django.core.management import call_command

from scorecard.management.commands.update_messages import (
    DOMAINS,
    IGNORE,
    LOCALES,
    MAKEMESSAGES_OPTIONS,
)
from tests.i18n.catalogue import LC_MESSAGES

pytestmark = pytest.mark.skipif(
    not shutil.which("msgcmp"), reason="gettext is not installed (make setup installs it)"
)


def _extract(tmp_path, monkeypatch) -> dict[str, object]:
    """makemessages with the project's options, into ``tmp_path/locale``: a tree of links to
    the sources, so that nothing is written next to them."""
    for entry in settings.BASE_DIR.iterdir():
        if entry.name not in IGNORE and entry.name != "locale" and not entry.name.startswith("."):
            (tmp_path / entry.name).symlink_to(entry)
    monkeypatch.chdir(tmp_path)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    for domain in DOMAINS:
        call_command(
            "makemessages",
            locale=LOCALES,
            domain=domain,
            symlinks=True,
            verbosity=0,
            **MAKEMESSAGES_OPTIONS,
        )
    return {d: tmp_path / "locale" / "es_MX" / "LC_MESSAGES" / f"{d}.po" for d in DOMAINS}


def _explain(stderr: str, fresh) -> list[str]:
    """msgcmp's complaints with the msgid each one is about (it names only a line)."""
    lines = fresh.read_text(encoding="utf-8").splitlines()
    found = []
    for line, reason in re.findall(r"\.po:(\d+): (.*)", stderr):
        start = int(line) - 1
        while start > 0 and not lines[start].startswith("msgid "):
            start -= 1
        found.append(f"{lines[start]}: {reason}")
    return found or [stderr]


def test_catalogue_every_marked_string_has_a_spanish_translation(tmp_path, monkeypatch, settings):
    extracted = _extract(tmp_path, monkeypatch)

    problems = []
    for domain, fresh in extracted.items():
        if not fresh.exists():  # nothing marked in this domain (no strings in static/js yet)
            continue
        committed = LC_MESSAGES / f"{domain}.po"
        if not committed.exists():
            problems.append(f"{committed} is missing: run `make messages`")
            continue
        # msgcmp DEF REF: every msgid of REF (what the code marks today) must be in DEF (the
        # catalogue), translated and not fuzzy.
        result = subprocess.run(
            ["msgcmp", str(committed), str(fresh)], capture_output=True, text=True, check=False
        )
        if result.returncode:
            problems += _explain(result.stderr, fresh)

    assert problems == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_catalogue_compiled_file_matches_its_po(domain, tmp_path):
    po = LC_MESSAGES / f"{domain}.po"
    if not po.exists():
        pytest.skip(f"no {domain}.po: nothing marked in this domain")
    compiled = tmp_path / f"{domain}.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(po)], check=True)

    with open(compiled, "rb") as fresh, open(LC_MESSAGES / f"{domain}.mo", "rb") as committed:
        assert (
            gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog
        ), f"{domain}.mo is older than {domain}.po: run `make messages`"
