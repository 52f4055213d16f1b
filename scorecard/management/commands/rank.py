"""Rank an engagement's candidates from the command line, as the dashboard does."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from scorecard.exports import ranking_json, ranking_table
from scorecard.management.lookup import get_engagement
from scorecard.models import RankingMethod
from scorecard.ranking.cache import get_decision_results, get_results
from scorecard.selectors.decisions import get_decision
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
        parser.add_argument(
            "--decision",
            type=int,
            help="Print published decision N's frozen ranking instead of the live one.",
        )

    def handle(self, *args, **options) -> None:
        engagement = get_engagement(options["engagement"])
        if options["decision"] is not None:
            self._decision(engagement, options)
            return
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

    def _decision(self, engagement, options) -> None:
        """Decision N's ranking, re-ranked from its frozen inputs, in the live ranking's
        formats (JSON: the live shape with the decision's number)."""
        decision = get_decision(engagement, options["decision"])
        if decision is None:
            raise CommandError(f"{engagement.reference} has no decision {options['decision']}.")
        results = get_decision_results(decision, method=options["method"])
        fmt = options["format"]
        if fmt == "json":
            payload = {
                "engagement": engagement.reference,
                "decision": decision.number,
                **ranking_json(results),
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        elif fmt == "csv":
            headers, rows = ranking_table(results)
            self.stdout.write(build_csv(headers, rows).decode("utf-8-sig"), ending="")
        else:
            self.stdout.write(f"#{decision.number} {decision.label} — as of {decision.as_of}")
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
