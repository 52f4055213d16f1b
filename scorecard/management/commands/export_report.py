"""Write an engagement's PDF report from the command line (no queue, no web process)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scorecard.models import Engagement, ReportLanguage


class Command(BaseCommand):
    help = "Build the PDF due-diligence report of an engagement (id or reference)."

    def add_arguments(self, parser) -> None:
        from scorecard.reports.sections import all_sections

        parser.add_argument("engagement", help="Engagement id or reference, e.g. AURORA-CARE-2027")
        parser.add_argument("-o", "--output", required=True, help="Where to write the PDF.")
        parser.add_argument(
            "--sections",
            nargs="+",
            choices=[s.key for s in all_sections()],
            help="Sections to include (default: all).",
        )
        parser.add_argument("--commentary", default="", help="Executive commentary text.")
        parser.add_argument(
            "--decision",
            type=int,
            help="Number of a published decision to report (its frozen inputs); default: the "
            "live draft.",
        )
        parser.add_argument(
            "--language",
            choices=ReportLanguage.values,
            help="en, es-mx, or both (English with a bilingual executive summary); "
            "default: the engagement's report language.",
        )

    def handle(self, *args, **options) -> None:
        from scorecard.reports.build import build_report
        from scorecard.reports.layout import LayoutError

        key = options["engagement"]
        engagements = Engagement.objects.all()
        engagement = (
            engagements.filter(pk=int(key)).first() if key.isdigit() else None
        ) or engagements.filter(reference__iexact=key).first()
        if engagement is None:
            raise CommandError(f"No engagement with id or reference {key!r}.")
        decision = None
        if options["decision"] is not None:
            decision = engagement.decisions.filter(number=options["decision"]).first()
            if decision is None:
                raise CommandError(f"No decision {options['decision']} of {engagement.reference}.")
        try:
            built = build_report(
                engagement,
                sections=options["sections"],
                commentary=options["commentary"],
                data_pack=True,
                deck=True,
                language=options["language"] or engagement.report_language,
                decision=decision,
            )
        except LayoutError as exc:
            raise CommandError(str(exc)) from exc
        output = Path(options["output"])
        output.write_bytes(built.pdf)
        # The data pack beside the PDF: same name, .xlsx.
        output.with_suffix(".xlsx").write_bytes(built.data_pack)
        if built.deck:
            output.with_suffix(".pptx").write_bytes(built.deck)
        timings = ", ".join(f"{k} {v:.2f} s" for k, v in built.timings.items())
        self.stdout.write(
            f"Wrote {output} and {output.with_suffix('.xlsx').name}: {built.pages} pages, "
            "fingerprint "
            f"{built.fingerprint[:12]} ({timings})"
            + ("" if built.charts_drawn else "; charts shown as tables (no browser)")
        )
