"""Benchmark: issue 17's table, each page as a ratio to a minimal logged-in page.

    python -m bench.table                      # 7, 50, 200 and 500 candidates; report to 200
    python -m bench.table --sizes 7,50         # some sizes only
    python -m bench.table --quick              # a small smoke run (CI)

For each size, a throw-away test database gets one engagement of that many candidates × 30
indicators × 5 assessors (``bench.pages.build``) and one other engagement, then each page is
requested through the test client (in this process, no web server) and the median time of a few
requests is printed with its ratio to the minimal page (home), requested before each of them
(so both medians come from the same minutes of a busy machine):

* ranking dashboard, robustness, scores XLSX and engagement overview, warm (the results cache
  filled by a first request);
* the dashboard after a save in this engagement (the first computation after a write): a
  score's note saved before every request, or a score changed to a value it never had (every
  request then ranks numbers never ranked before); and after a save in another engagement;
* the PDF report (a background job run in this process) up to ``--report-max`` candidates.

Targets (issue 17): warm pages within 3× at 200 candidates and 5× at 500; the first computation
after a save within 10×.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from dataclasses import dataclass, field


@dataclass
class Row:
    """One size's medians in milliseconds, by page, and the report's outcome."""

    n: int
    ms: dict[str, float] = field(default_factory=dict)
    # By page: the median of the minimal page requested beside it (its ratio's denominator).
    minimal: dict[str, float] = field(default_factory=dict)
    report: str = "—"


PAGES = (
    ("dashboard", "ranking dashboard"),
    ("robustness", "robustness"),
    ("xlsx", "scores XLSX export"),
    ("saved_here", "dashboard after a note saved here"),
    ("scored_here", "dashboard after a score changed here"),
    ("saved_elsewhere", "dashboard after a save elsewhere"),
    ("overview", "engagement overview"),
)


def _median_ms(client, url: str, repeats: int, before=None, minimal: str | None = None):
    """Median milliseconds of GET ``url`` over ``repeats`` requests (``before()`` run ahead of
    each, untimed). With ``minimal``: that page is requested before each one too, and the
    median of those is returned as well, so a ratio compares requests made side by side
    (a shared, busy machine drifts over a run of several minutes)."""
    times, minimal_times = [], []
    for _ in range(repeats):
        if minimal is not None:
            start = time.perf_counter()
            client.get(minimal)
            minimal_times.append((time.perf_counter() - start) * 1000)
        if before is not None:
            before()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    if minimal is None:
        return statistics.median(times)
    return statistics.median(times), statistics.median(minimal_times)


def _report(engagement, consultant) -> str:
    from scorecard.models import Report, ReportStatus
    from scorecard.reports.tasks import generate_report

    report = Report.objects.create(engagement=engagement, requested_by=consultant)
    start = time.perf_counter()
    generate_report.enqueue(report.pk)
    seconds = time.perf_counter() - start
    report.refresh_from_db()
    if report.status == ReportStatus.DONE:
        return f"{seconds:.1f} s, {report.page_count} pages"
    return f"{seconds:.1f} s, failed: {report.error[:80]}"


def measure_size(n: int, repeats: int, *, with_report: bool, quick: bool) -> Row:
    """Fill a fresh database with ``n`` candidates and time every page of the table."""
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from bench.pages import build
    from scorecard.models import Engagement, Score

    call_command("flush", interactive=False, verbosity=0)
    engagement, consultant = build(n, 10 if quick else 30, 2 if quick else 5)
    other = Engagement.objects.create(name="Other", client_name="Other Inc.", seats=10)
    scores = Score.objects.filter(assessment__candidate__engagement=engagement).order_by("pk")
    score = scores.first()
    # A different score each time (mostly of different candidates), moved to a value it never had:
    # every request ranks numbers never ranked before, so nothing computed earlier is reused.
    pks = list(scores.values_list("pk", flat=True))
    step = max(1, len(pks) // (repeats + 1))
    changed = iter(Score.objects.filter(pk__in=pks[::step]).order_by("pk"))
    client = Client()
    client.force_login(consultant)
    pk = {"pk": engagement.pk}
    urls = {
        "minimal": reverse("home"),
        "dashboard": reverse("scorecard:results", kwargs=pk),
        "robustness": reverse("scorecard:results-robustness", kwargs=pk),
        "xlsx": reverse("scorecard:export-scores", kwargs=pk) + "?format=xlsx",
        "overview": reverse("scorecard:engagement-detail", kwargs=pk),
    }
    row = Row(n)
    client.get(urls["minimal"])
    row.ms["minimal"] = _median_ms(client, urls["minimal"], 5 * repeats)
    for name, url in urls.items():
        if name != "minimal":
            client.get(url)  # warm up: templates, imports, the results cache
            row.ms[name], row.minimal[name] = _median_ms(
                client, url, repeats, minimal=urls["minimal"]
            )

    def save_here() -> None:
        score.note = f"Revised {time.perf_counter()}"
        score.save()

    def score_here() -> None:
        changed_score = next(changed)
        changed_score.value = (changed_score.value + 1) % 6
        changed_score.save()

    def save_elsewhere() -> None:
        other.seats += 1
        other.save()

    for name, before in (
        ("saved_here", save_here),
        ("scored_here", score_here),
        ("saved_elsewhere", save_elsewhere),
    ):
        row.ms[name], row.minimal[name] = _median_ms(
            client, urls["dashboard"], repeats, before, minimal=urls["minimal"]
        )
    if with_report:
        row.report = _report(engagement, consultant)
    return row


def print_table(rows: list[Row]) -> None:
    sizes = " | ".join(f"{row.n} candidates" for row in rows)
    print(f"| page | {sizes} |")
    print("|---|" + "---|" * len(rows))
    minimal = " | ".join(f"{row.ms['minimal']:.1f} ms" for row in rows)
    print(f"| minimal logged-in page (home) | {minimal} |")
    for key, label in PAGES:
        cells = " | ".join(
            f"{row.ms[key] / row.minimal[key]:.1f}× ({row.ms[key]:,.0f} ms)" for row in rows
        )
        print(f"| {label} | {cells} |")
    print("| PDF report (job) | " + " | ".join(row.report for row in rows) + " |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI smoke runs")
    parser.add_argument("--sizes", default="7,50,200,500", help="numbers of candidates")
    parser.add_argument("--report-max", type=int, default=200, help="largest report size")
    args = parser.parse_args(argv)
    sizes = [4, 8] if args.quick else [int(size) for size in args.sizes.split(",")]

    warnings.filterwarnings("ignore", message="No directory at")
    from bench.pages import _setup_django

    _setup_django()
    from bench.reports import _throwaway_database

    rows = []
    with _throwaway_database():
        for n in sizes:
            repeats = 3 if args.quick else 7
            rows.append(
                measure_size(n, repeats, with_report=n <= args.report_max, quick=args.quick)
            )
            print(f"  measured {n} candidates", file=sys.stderr, flush=True)
    print("Pages as a ratio to the minimal logged-in page (median, warm unless said otherwise)")
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
