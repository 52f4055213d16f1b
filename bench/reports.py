"""Benchmark: PDF reports, stage by stage, against WeasyPrint alone on the same HTML.

    python -m bench.reports            # 10 candidates, re-export, 50-candidate job
    python -m bench.reports --quick    # smaller sizes, under a minute (CI smoke)

Builds a throw-away test database (as ``bench.pages`` does) and prints:

* a 10-candidate report with a warm worker (browser started, templates loaded): the time of
  each stage (data, charts, HTML, layout) and the total, against WeasyPrint alone laying out
  the same final HTML in the same run (target: total ≤ 2× WeasyPrint alone);
* re-exporting the unchanged engagement: the chart cache hit rate and the speed-up;
* a 50-candidate report run as a background job (the task runs in this process, standing in
  for ``manage.py db_worker``; no web process is involved): time, pages, and peak memory of
  the worker and of the layout child.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def _mb(kilobytes: int) -> float:
    return kilobytes / 1024


def _report(engagement, **options):
    from scorecard.reports.build import build_report

    start = time.perf_counter()
    built = build_report(engagement, **options)
    return built, time.perf_counter() - start


@dataclass
class _Figures:
    """What the runs measured, for :func:`_print_figures`."""

    n: int
    repeats: int
    warm_up: float
    first: Any  # the last empty-cache build, its timings replaced by the medians
    first_total: float
    drawn: int
    alone_seconds: float
    second: Any
    second_total: float
    hit_rate: float
    big_n: int = 0
    report: Any = None
    job_time: float = 0.0


@contextmanager
def _throwaway_database() -> Iterator[tuple[Path, str]]:
    """Test settings (private files and chart caches in a temporary directory, tasks run in
    this process) and a test database; yields the directory and the real database name."""
    from django.conf import settings
    from django.core.files.storage import FileSystemStorage
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import setup_test_environment, teardown_test_environment

    from scorecard.models import Report
    from scorecard.reports import chart_images

    setup_test_environment()
    tmp = Path(tempfile.mkdtemp(prefix="report-bench-"))
    overrides = override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": tmp / "private", "base_url": None},
            },
        },
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        REPORT_CHART_CACHE_DIR=tmp / "warm-up",
    )
    overrides.enable()
    # The file field resolved its storage when the model was built: point it at tmp too.
    Report._meta.get_field("file").storage = FileSystemStorage(
        location=tmp / "private", base_url=None
    )
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield tmp, old_name
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        overrides.disable()
        teardown_test_environment()
        chart_images.stop_renderer()


def _measure_warm_reports(tmp: Path, size: tuple[int, int, int], repeats: int) -> _Figures:
    """The warm-up, the medians of ``repeats`` empty-cache builds against WeasyPrint alone,
    then a re-export of the unchanged engagement (the chart cache hit rate)."""
    from django.core.cache import cache
    from django.test import override_settings

    from bench.pages import build
    from scorecard.reports import chart_images
    from scorecard.reports.fetcher import static_roots
    from scorecard.reports.layout import write_pdf

    n, k, a = size
    engagement, _consultant = build(n, k, a)
    # Warm worker: browser started, plotly loaded, templates compiled (another cache dir).
    start = time.perf_counter()
    _report(engagement)
    warm_up = time.perf_counter() - start
    cache.clear()

    # The machine may be busy: medians of a few runs, each with an empty chart cache.
    runs, alone_runs = [], []
    for i in range(repeats):
        with override_settings(REPORT_CHART_CACHE_DIR=tmp / f"charts-{i}"):
            misses = chart_images.stats.misses
            runs.append(_report(engagement))
            drawn = chart_images.stats.misses - misses
            cache.clear()
        alone_runs.append(write_pdf(runs[-1][0].html, static_roots()).seconds)
    first = runs[-1][0]
    first.timings = {
        stage: statistics.median(run.timings[stage] for run, _t in runs) for stage in first.timings
    }
    first_total = statistics.median(total for _run, total in runs)
    alone_seconds = statistics.median(alone_runs)
    with override_settings(REPORT_CHART_CACHE_DIR=tmp / f"charts-{repeats - 1}"):
        hits, misses = chart_images.stats.hits, chart_images.stats.misses
        cache.clear()
        second, second_total = _report(engagement)
        hit_rate = (chart_images.stats.hits - hits) / max(
            1, chart_images.stats.hits - hits + chart_images.stats.misses - misses
        )
    return _Figures(
        n=n,
        repeats=repeats,
        warm_up=warm_up,
        first=first,
        first_total=first_total,
        drawn=drawn,
        alone_seconds=alone_seconds,
        second=second,
        second_total=second_total,
        hit_rate=hit_rate,
    )


def _measure_report_job(figures: _Figures, old_name: str, size: tuple[int, int, int]) -> None:
    """A large report run as a background job, on a fresh test database."""
    from django.core.cache import cache
    from django.db import connection

    from bench.pages import build
    from scorecard.models import Report

    connection.creation.destroy_test_db(old_name, verbosity=0)
    connection.settings_dict["NAME"] = old_name
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    big_n, big_k, big_a = size
    big, consultant = build(big_n, big_k, big_a)
    cache.clear()
    from scorecard.reports.tasks import generate_report

    report = Report.objects.create(engagement=big, requested_by=consultant)
    start = time.perf_counter()
    generate_report.enqueue(report.pk)
    figures.job_time = time.perf_counter() - start
    report.refresh_from_db()
    figures.big_n, figures.report = big_n, report


def _print_figures(f: _Figures, *, quick: bool) -> None:
    from scorecard.models import ReportStatus

    t = f.first.timings
    stages = t["data"] + t["charts"] + t["html"] + t["layout"]
    print(f"PDF report benchmark ({'quick' if quick else 'full'} run)")
    print(f"  warm-up (browser start, first charts, templates): {f.warm_up:6.2f} s")
    print(
        f"  {f.n}-candidate report, warm worker, empty chart cache ({f.first.pages} pages; "
        f"median of {f.repeats}):"
    )
    print(f"    data    {t['data']:6.2f} s")
    print(f"    charts  {t['charts']:6.2f} s  ({f.drawn} drawn in one batch)")
    print(f"    html    {t['html']:6.2f} s")
    print(f"    layout  {t['layout']:6.2f} s  (WeasyPrint in the limited child process)")
    print(f"    total   {f.first_total:6.2f} s  (stages {stages:.2f} s)")
    print(f"  WeasyPrint alone, same final HTML: {f.alone_seconds:6.2f} s")
    ratio = f.first_total / f.alone_seconds
    verdict = "met" if ratio <= 2 else "NOT met"
    print(f"  total / WeasyPrint alone: {ratio:4.2f}× (target ≤ 2×: {verdict})")
    c2 = f.second.timings["charts"]
    print(
        f"  re-export, unchanged: chart cache hit rate {f.hit_rate:.0%}; charts "
        f"{t['charts']:.2f} s → {c2:.2f} s ({t['charts'] / max(c2, 1e-6):.0f}× faster); total "
        f"{f.first_total:.2f} s → {f.second_total:.2f} s "
        f"({f.first_total / f.second_total:.2f}×); "
        f"same fingerprint: {f.first.fingerprint == f.second.fingerprint}"
    )
    worker = _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    child = _mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    report = f.report
    status = "done" if report.status == ReportStatus.DONE else f"FAILED: {report.error}"
    print(
        f"  {f.big_n}-candidate report as a job: {f.job_time:6.2f} s, {report.page_count} pages, "
        f"{status}"
    )
    print(f"    peak memory: worker {worker:.0f} MB RSS; layout child {child:.0f} MB RSS")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI smoke runs")
    args = parser.parse_args(argv)
    small, large = ((4, 10, 2), (6, 10, 2)) if args.quick else ((10, 30, 3), (50, 30, 3))
    repeats = 1 if args.quick else 3

    warnings.filterwarnings("ignore", message="No directory at")
    from bench.pages import _setup_django

    _setup_django()
    with _throwaway_database() as (tmp, old_name):
        figures = _measure_warm_reports(tmp, small, repeats)
        _measure_report_job(figures, old_name, large)
    _print_figures(figures, quick=args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
