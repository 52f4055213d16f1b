"""Remind assessors of draft assessments due within two days (run daily from cron or the
worker). Idempotent: each assessment gets one reminder per due date, however often this runs."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from scorecard.notifications import REMINDER_DAYS, send_due_reminders


class Command(BaseCommand):
    help = f"E-mail assessors whose draft assessment is due within {REMINDER_DAYS} days."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--today", help="Evaluate as of this date (YYYY-MM-DD) instead of today."
        )

    def handle(self, *args, **options) -> None:
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today must be a date, YYYY-MM-DD.") from None
        sent = send_due_reminders(today)
        self.stdout.write(f"{sent} reminder(s) sent.")
