"""Restore the database from a backup made by ``backup_db`` (replaces all data)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scorecard.backup import restore, row_counts


class Command(BaseCommand):
    help = "Replace the database's contents with a backup file, then print row counts."

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup", help="A file written by `manage.py backup_db`.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation (scripts)."
        )

    def handle(self, *args, **options) -> None:
        source = Path(options["backup"])
        if not options["yes"]:
            answer = input(f"Replace ALL data in this database with {source}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            restore(source)
        except (RuntimeError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        counts = row_counts()
        self.stdout.write(self.style.SUCCESS(f"Restored from {source}"))
        self.stdout.write(f"{sum(counts.values())} rows in {len(counts)} tables.")
