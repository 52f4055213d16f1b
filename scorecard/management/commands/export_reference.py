"""Export reference data as an XLSX workbook (one sheet per table) or CSV files."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from scorecard.stewardship.exporter import export_csv, export_xlsx
from scorecard.stewardship.resources import RESOURCES, RESOURCES_BY_NAME


class Command(BaseCommand):
    help = "Export reference data: OUTPUT is a .xlsx file, or a directory for CSV files."

    def add_arguments(self, parser) -> None:
        parser.add_argument("output", type=Path)
        parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
        parser.add_argument(
            "--table",
            action="append",
            choices=list(RESOURCES_BY_NAME),
            help="Export only this table (repeatable); default: all, in dependency order.",
        )

    def handle(self, *args, **options) -> None:
        names = set(options["table"] or RESOURCES_BY_NAME)
        resources = [r for r in RESOURCES if r.name in names]
        output: Path = options["output"]
        if options["format"] == "xlsx":
            if output.suffix.lower() != ".xlsx":
                raise CommandError(_("An XLSX export needs an output file ending in .xlsx."))
            output.write_bytes(export_xlsx(resources))
            self.stdout.write(
                _("Wrote %(path)s (%(n)d sheets).") % {"path": output, "n": len(resources)}
            )
            return
        output.mkdir(parents=True, exist_ok=True)
        for resource in resources:
            (output / f"{resource.name}.csv").write_bytes(export_csv(resource))
        self.stdout.write(
            _("Wrote %(n)d CSV files to %(path)s.") % {"n": len(resources), "path": output}
        )
