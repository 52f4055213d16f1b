"""Publish an engagement's decision from the command line, as the "Publish decision" page does."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from scorecard.management.lookup import get_engagement
from scorecard.services.decisions import DecisionError, publish_decision


class Command(BaseCommand):
    help = "Freeze the engagement's inputs and ranking as its next decision; print its number."

    def add_arguments(self, parser) -> None:
        parser.add_argument("engagement", help="Engagement id or reference, e.g. 12 or ACME-2027.")
        parser.add_argument("--label", required=True, help="What the decision is, e.g. 'Board'.")

    def handle(self, *args, **options) -> None:
        engagement = get_engagement(options["engagement"])
        try:
            decision = publish_decision(
                engagement=engagement, label=options["label"], published_by=None
            )
        except DecisionError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(decision.number))
