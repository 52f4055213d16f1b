"""Collect the marked strings into the Spanish catalogues and compile them (`make messages`).

``makemessages`` for Python and templates (``django.po``) and for static JavaScript
(``djangojs.po``), then ``compilemessages``. The options live here once: the catalogue test
(tests/i18n/test_catalogue.py) extracts with the same ones into a temporary directory.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

LOCALES = ["es_MX"]
DOMAINS = ["django", "djangojs"]
# Folders whose strings no user reads: tests, benchmarks, build scripts, vendored files.
IGNORE = [".venv", "var", "tests", "bench", "vendor-build", "static/vendor", "node_modules"]
# Locations by file only (no line numbers), so a .po diff shows changed strings, not moved ones.
MAKEMESSAGES_OPTIONS = {"ignore_patterns": IGNORE, "no_obsolete": True, "add_location": "file"}


class Command(BaseCommand):
    help = "Update locale/es_MX/LC_MESSAGES/django.po and djangojs.po, then compile them."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-compile", action="store_true", help="Only update the .po files.")

    def handle(self, *args, **options) -> None:
        for domain in DOMAINS:
            call_command(
                "makemessages", locale=LOCALES, domain=domain, verbosity=0, **MAKEMESSAGES_OPTIONS
            )
        if not options["no_compile"]:
            call_command("compilemessages", locale=LOCALES, ignore_patterns=IGNORE, verbosity=0)
        self.stdout.write("Catalogues updated: locale/es_MX/LC_MESSAGES/")
