"""Preview a reference-data file, then apply it on confirmation (or with --yes); or roll back
an import a stopped worker left half-applied (--roll-back ID)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from scorecard.models import ImportRecord
from scorecard.stewardship.importer import ImportResult, import_file
from scorecard.stewardship.permissions import can_import_reference_data
from scorecard.stewardship.writer import NothingToRollBack, stop_and_roll_back


class Command(BaseCommand):
    help = (
        "Import cities, providers, sites, credentials or the criteria catalogue from a CSV or "
        "XLSX file. Shows a preview first; writes only after confirmation, all or nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, nargs="?")
        parser.add_argument(
            "--table", help="Table a CSV holds (default: the file name, e.g. sites.csv)."
        )
        parser.add_argument("--user", help="Username recorded as the importer (an admin).")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--dry-run", action="store_true", help="Preview only.")
        group.add_argument("--yes", action="store_true", help="Apply without asking.")
        group.add_argument(
            "--roll-back",
            type=int,
            metavar="ID",
            help=(
                "Undo what import ID wrote before its worker stopped (it stays 'applying' "
                "and blocks other imports); only when no worker is applying it any more."
            ),
        )

    def handle(self, *args, **options) -> None:
        if options["roll_back"] is not None:
            self._roll_back(options["roll_back"])
            return
        path: Path | None = options["file"]
        if path is None:
            raise CommandError(_("Name the file to import."))
        if not path.is_file():
            raise CommandError(_("%(path)s is not a file.") % {"path": path})
        user = self._user(options["user"])
        data = path.read_bytes()
        preview = import_file(
            name=path.name, data=data, resource=options["table"], user=user, via="command"
        )
        self._report(preview)
        if options["dry_run"]:
            return
        if not preview.total("new") and not preview.total("changed"):
            self.stdout.write(_("Nothing to change."))
            return
        if not options["yes"]:
            answer = input(_("Apply these changes? [y/N] ")).strip().lower()
            if answer not in ("y", "yes", _("y"), _("yes")):
                self.stdout.write(_("Nothing written."))
                return
        applied = import_file(
            name=path.name,
            data=data,
            resource=options["table"],
            user=user,
            apply=True,
            expected_changes=preview.changes_digest,
            via="command",
        )
        if not applied.applied:
            self._report(applied)
            raise CommandError(_("Nothing written."))
        self.stdout.write(
            self.style.SUCCESS(
                _("Applied: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.")
                % {
                    "new": applied.total("new"),
                    "changed": applied.total("changed"),
                    "unchanged": applied.total("unchanged"),
                }
            )
        )

    def _roll_back(self, record_id: int) -> None:
        try:
            record = ImportRecord.objects.get(pk=record_id)
        except ImportRecord.DoesNotExist:
            raise CommandError(_("No import %(id)s.") % {"id": record_id}) from None
        try:
            undone = stop_and_roll_back(record, note=_("Rolled back from the command line."))
        except NothingToRollBack:
            raise CommandError(
                _("Import %(id)s has nothing to roll back.") % {"id": record_id}
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Import %(id)s rolled back (%(n)d chunk undone).",
                    "Import %(id)s rolled back (%(n)d chunks undone).",
                    undone,
                )
                % {"id": record_id, "n": undone}
            )
        )

    def _user(self, username: str | None):
        if not username:
            return None
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(_("No user %(name)s.") % {"name": username}) from None
        if not can_import_reference_data(user):
            raise CommandError(_("%(name)s may not import reference data.") % {"name": username})
        return user

    def _report(self, result: ImportResult) -> None:
        if result.refused:
            raise CommandError(result.refused)
        for table in result.tables:
            self.stdout.write(
                _("%(table)s: %(new)d new, %(changed)d changed, %(unchanged)d unchanged")
                % {
                    "table": table.resource.name,
                    "new": table.count_new,
                    "changed": table.count_changed,
                    "unchanged": table.count_unchanged,
                }
            )
            for row in table.changes[:50]:
                self.stdout.write(
                    "  "
                    + _("row %(row)s %(status)s: %(key)s")
                    % {"row": row.row, "status": row.status, "key": row.key}
                )
                for column, old, new in row.diffs:
                    self.stdout.write(f"      {column}: {old!r} → {new!r}")
        if result.error_count:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(_("%(n)d error(s): nothing written.") % {"n": result.error_count})
