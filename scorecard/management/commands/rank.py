"""Rank an engagement's candidates from the command line, as the dashboard does."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from scorecard.exports import ranking_json, ranking_table
from scorecard.models import Engagement, RankingMethod
from scorecard.ranking.cache import get_results
from scorecard.spreadsheets import build_csv


class Command(BaseCommand):
    help = "Print the ranking of an engagement (submitted assessments only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("engagement", help="Engagement id or reference, e.g. 12 or ACME-2027.")
        parser.add_argument(
            "--method",
            choices=RankingMethod.values,
            help="Ranking method (default: the engagement's).",
        )
        parser.add_argument("--format", choices=("table", "csv", "json"), default="table")

    def handle(self, *args, **options) -> None:
        key = options["engagement"]
        lookup = {"pk": int(key)} if key.isdigit() else {"reference": key}
        try:
            engagement = Engagement.objects.get(**lookup)
        except Engagement.DoesNotExist:
            raise CommandError(f"No engagement {key!r}.") from None
        results = get_results(engagement, method=options["method"])
        headers, rows = ranking_table(results)
        fmt = options["format"]
        if fmt == "csv":
            self.stdout.write(f"# as of {results.as_of.isoformat()}")
            self.stdout.write(build_csv(headers, rows).decode("utf-8-sig"), ending="")
        elif fmt == "json":
            self.stdout.write(
                json.dumps(
                    {"engagement": engagement.reference, **ranking_json(results)},
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            self._table(engagement, results)

    def _table(self, engagement, results) -> None:
        self.stdout.write(
            f"{engagement} — {RankingMethod(results.method).label} — "
            f"as of {results.as_of.isoformat()}"
        )
        width = max((len(row.candidate.label) for row in results.rows), default=10)
        self.stdout.write(f"{'Rank':>4}  {'Candidate':<{width}}  {'Total':>6}  {'Complete':>8}")
        for row in results.ranked:
            self.stdout.write(
                f"{row.rank:>4}  {row.candidate.label:<{width}}  {row.total:>6.1f}  "
                f"{row.completeness:>8.0%}"
            )
        for row in results.insufficient:
            missing = ", ".join(gap.name for gap in row.missing)
            self.stdout.write(
                f"{'—':>4}  {row.candidate.label:<{width}}  {'':>6}  {row.completeness:>8.0%}  "
                f"insufficient evidence; missing: {missing}"
            )
        for row in results.excluded:
            self.stdout.write(
                f"{'—':>4}  {row.candidate.label:<{width}}  disqualified: "
                + "; ".join(row.disqualified)
            )
