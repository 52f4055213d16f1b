"""Load the reference fixtures and create the demo logins (for `make run`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from scorecard.management.natural_keys import cached_natural_keys
from scorecard.models import Engagement
from scorecard.services.decisions import DecisionError, publish_decision

# Reference data first, then the demo data that points at it.
FIXTURES = (
    "taxonomy",
    "sources",
    "cities",
    "criteria",
    "statutory_rates",
    "kpi_catalogue",
    "demo_providers",
    "vendor_questions",
)
# The demo engagement belongs to the demo users, so it loads after they exist.
DEMO_ENGAGEMENT_FIXTURES = ("demo_engagement", "demo_costs")

# The label of the decision the demo engagement starts with.
DEMO_DECISION_LABEL = "Shortlist for the steering committee"

# Demo logins for a local demo database only: the command refuses to run without DEBUG.
DEMO_USERS = (
    # username, password, first name, last name, is_staff/superuser
    ("admin", "demo-admin-2026", "Ana", "Admin", True),
    ("consultant", "demo-consultant-2026", "Carla", "Consultant", False),
    ("analyst", "demo-analyst-2026", "Alex", "Analyst", False),
    ("analyst2", "demo-analyst2-2026", "Bruno", "Analyst", False),
    ("client", "demo-client-2026", "Cecilia", "Client", False),
)


class Command(BaseCommand):
    help = "Load the fixtures and create demo users with known passwords (DEBUG only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-users", action="store_true", help="Load the fixtures only; create no logins."
        )

    def handle(self, *args, **options) -> None:
        if not options["no_users"] and not settings.DEBUG:
            raise CommandError(
                "Demo logins have published passwords: run this with DEBUG=true on a local "
                "database only, or pass --no-users."
            )
        with transaction.atomic(), cached_natural_keys():
            call_command("loaddata", *FIXTURES, verbosity=0)
            if not options["no_users"]:
                self._create_users()
                call_command("loaddata", *DEMO_ENGAGEMENT_FIXTURES, verbosity=0)
                self._publish_first_decision()
        loaded = FIXTURES if options["no_users"] else FIXTURES + DEMO_ENGAGEMENT_FIXTURES
        self.stdout.write(self.style.SUCCESS(f"Loaded fixtures: {', '.join(loaded)}."))
        if not options["no_users"]:
            self._print_logins()

    def _create_users(self) -> None:
        user_model = get_user_model()
        for username, password, first, last, is_admin in DEMO_USERS:
            user, _ = user_model.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            user.email = f"{username}@demo.invalid"
            user.is_staff = user.is_superuser = is_admin
            user.set_password(password)
            user.save()
            if username == "consultant":
                user.user_permissions.add(Permission.objects.get(codename="add_engagement"))

    def _publish_first_decision(self) -> None:
        """Publish the demo engagement's first decision (once), so the demo client viewer,
        who sees published decisions only, has one to see."""
        consultant = get_user_model().objects.get(username="consultant")
        engagements = Engagement.objects.filter(
            memberships__user=consultant, decisions__isnull=True
        ).distinct()
        for engagement in engagements:
            try:
                publish_decision(
                    engagement=engagement, label=DEMO_DECISION_LABEL, published_by=consultant
                )
            except DecisionError as exc:
                self.stdout.write(f"No demo decision published for {engagement}: {exc}")

    def _print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins (local demo data only):"))
        for username, password, first, last, is_admin in DEMO_USERS:
            role = "admin (Django admin, reference data)" if is_admin else username.rstrip("2")
            self.stdout.write(f"  {username:<11} {password:<22} {first} {last}, {role}")
        self.stdout.write("")
