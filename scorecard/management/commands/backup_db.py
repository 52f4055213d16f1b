"""Back up the live database to a file (safe while the app is serving)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from scorecard.backup import backup, row_counts


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup or pg_dump) and print row counts."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "-o",
            "--output",
            help="Backup file (default: var/backups/scorecard-<timestamp>.sqlite3 or .dump).",
        )

    def handle(self, *args, **options) -> None:
        from django.db import connection

        suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        output = Path(options["output"] or f"var/backups/scorecard-{stamp}.{suffix}")
        try:
            backup(output)
        except (RuntimeError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        counts = row_counts()
        self.stdout.write(self.style.SUCCESS(f"Backed up to {output}"))
        self.stdout.write(f"{sum(counts.values())} rows in {len(counts)} tables.")
