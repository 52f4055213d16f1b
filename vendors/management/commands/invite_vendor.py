"""``manage.py invite_vendor <engagement id|reference> <candidate id> --email ADDRESS [--days N]``:
create an invitation, e-mail it and print its link (scripted RFIs, checks)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.utils import timezone

from scorecard.models import Candidate, Engagement
from vendors.forms import MAX_DEADLINE_DAYS, end_of_day
from vendors.services import invite_vendor


class Command(BaseCommand):
    help = (
        "Invite a candidate's provider to answer the engagement's questionnaire; prints the link."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("engagement", help="engagement id or reference")
        parser.add_argument("candidate", type=int, help="candidate id in that engagement")
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="", help="contact name (default: the address)")
        parser.add_argument("--days", type=int, default=settings.VENDOR_DEFAULT_DAYS)
        parser.add_argument("--language", default=settings.LANGUAGE_CODE)
        parser.add_argument("--blind", action="store_true", help="hide the client's name")

    def handle(self, *args, **options) -> None:
        key = options["engagement"]
        lookup = {"pk": int(key)} if key.isdigit() else {"reference": key}
        engagement = Engagement.objects.filter(**lookup).first()
        if engagement is None:
            raise CommandError(f"No engagement {key!r}.")
        candidate = Candidate.objects.filter(engagement=engagement, pk=options["candidate"]).first()
        if candidate is None:
            raise CommandError(f"No candidate {options['candidate']} in {engagement.reference}.")
        try:
            validate_email(options["email"])
        except ValidationError as exc:
            raise CommandError(f"Not an e-mail address: {options['email']!r}") from exc
        if not 1 <= options["days"] <= MAX_DEADLINE_DAYS:
            raise CommandError(f"--days must be between 1 and {MAX_DEADLINE_DAYS}.")
        if options["language"] not in dict(settings.LANGUAGES):
            raise CommandError(f"--language must be one of {', '.join(dict(settings.LANGUAGES))}.")
        deadline = end_of_day(timezone.localdate() + dt.timedelta(days=options["days"]))
        _invitation, link = invite_vendor(
            candidate=candidate,
            contact_name=options["name"] or options["email"],
            email=options["email"],
            language=options["language"],
            deadline=deadline,
            blind=options["blind"],
            user=None,
            base_url=settings.SITE_URL,
        )
        self.stdout.write(link)
