"""Limits, the no-browser fallback, the system check and the command line."""

from __future__ import annotations

import io
import multiprocessing
import os
import subprocess
import sys
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from scorecard.models import Report, ReportStatus
from scorecard.reports import chart_images, layout
from scorecard.reports.build import build_report
from scorecard.reports.checks import check_chart_browser
from scorecard.reports.fetcher import static_roots
from scorecard.reports.layout import LayoutError, layout_pdf
from scorecard.reports.tasks import generate_report

BIG_HTML = "<table>" + "<tr><td>cell</td><td>another cell</td></tr>" * 20_000 + "</table>"


def test_layout_over_the_memory_limit_fails_with_a_clear_message():
    # One megabyte above what the child maps fails within the first rows of the table; the
    # timeout is far beyond that even on a loaded machine (a child there took over 60 s to
    # start and fail beside two suites and six other test runs), so only the memory limit
    # can answer.
    with pytest.raises(LayoutError, match="REPORT_MEMORY_MB"):
        layout_pdf(BIG_HTML, static_roots(), timeout=900, memory_mb=1)


def test_layout_child_does_not_inherit_locks_held_by_the_callers_threads(monkeypatch):
    # A worker runs other threads (the chart renderer's Chromium driver, database drivers). A
    # child forked from it would inherit a lock one of them held at that instant, with no thread
    # left to release it, and hang until its timeout. Here a thread of the caller holds a lock
    # that the caller's own copy of the layout would take: the child must not be that copy.
    held, taken, release = threading.Lock(), threading.Event(), threading.Event()

    def hold():
        with held:
            taken.set()
            release.wait()

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    taken.wait()
    original = layout.write_pdf

    def write_pdf_behind_the_lock(html, roots):
        with held:
            return original(html, roots)

    monkeypatch.setattr(layout, "write_pdf", write_pdf_behind_the_lock)
    try:
        result = layout_pdf("<p>Hello</p>", static_roots(), timeout=300, memory_mb=2048)
    finally:
        release.set()
        holder.join()
    assert result.pdf.startswith(b"%PDF")
    assert result.pages == 1


def test_layout_over_the_time_limit_fails_with_a_clear_message():
    with pytest.raises(LayoutError, match="longer than 1 seconds"):
        layout_pdf(BIG_HTML, static_roots(), timeout=1, memory_mb=2048)


def test_generate_report_too_large_stores_the_reason(scored, settings):
    # One megabyte fails at once; the timeout is far beyond what even a loaded machine needs
    # to get there, so only the memory limit can answer (30 s raced it under load).
    settings.REPORT_MEMORY_MB = 1
    settings.REPORT_TIMEOUT_SECONDS = 900
    report = Report.objects.create(
        engagement=scored.engagement,
        sections=["summary"],
        commentary="A paragraph of commentary, again.\n\n" * 20_000,  # hundreds of pages
    )

    generate_report.enqueue(report.pk)

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "REPORT_MEMORY_MB" in report.error
    assert not report.file


@pytest.fixture
def no_browser(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")


def test_report_without_a_browser_shows_chart_data_as_tables(scored, no_browser):
    built = build_report(scored.engagement, sections=["results"])
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(built.pdf)).pages)
    assert built.charts_drawn is False
    assert "could not be drawn on this server" in text
    assert "Rank 1 (%)" in text  # the acceptability chart's table


def test_system_check_warns_without_a_browser(no_browser):
    warnings = check_chart_browser(None)
    assert [w.id for w in warnings] == ["scorecard.W001"]
    assert "/nonexistent/chromium" in warnings[0].msg


def test_system_check_quiet_with_a_browser(monkeypatch, settings):
    monkeypatch.setenv("BROWSER_PATH", "/bin/sh")  # any executable will do for the check
    assert check_chart_browser(None) == []


def test_chart_cache_second_render_hits(scored, settings):
    from scorecard import charts
    from scorecard.ranking.cache import get_results

    if chart_images.browser_problem():
        pytest.skip(chart_images.browser_problem())
    figure = charts.ranking_chart(get_results(scored.engagement)).figure
    hits = chart_images.stats.hits
    first = chart_images.render_svgs([figure])
    second = chart_images.render_svgs([figure])
    assert first == second
    assert first[0].startswith("<svg")
    assert chart_images.stats.hits == hits + 1


def test_export_report_command_writes_the_pdf(scored, tmp_path):
    out = tmp_path / "report.pdf"
    stdout = io.StringIO()
    call_command(
        "export_report",
        scored.engagement.reference,
        "-o",
        str(out),
        "--sections",
        "summary",
        stdout=stdout,
    )
    assert out.read_bytes().startswith(b"%PDF")
    assert "pages, fingerprint" in stdout.getvalue()


@pytest.mark.django_db
def test_export_report_command_unknown_engagement():
    with pytest.raises(CommandError, match="No engagement"):
        call_command("export_report", "NOPE", "-o", "/tmp/never.pdf")


def test_a_worker_yields_the_cpu_to_web_requests_but_a_web_request_does_not(tmp_path):
    """A report job run by a worker lowers that worker's CPU priority (and its children's);
    run at once inside a web request (the immediate backend), it leaves the priority alone."""
    script = (
        "import os, django\n"
        "django.setup()\n"
        "from scorecard.reports.tasks import generate_report\n"
        "try:\n"
        "    generate_report.call(0)\n"
        "except Exception:\n"
        "    pass  # no report 0: the priority is set before the report is read\n"
        "print(os.getpriority(os.PRIO_PROCESS, 0))\n"
    )
    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "scorecard.settings",
        "ALLOW_INSECURE_SECRET_KEY": "true",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "REPORT_NICENESS": "7",
    }
    base.pop("DATABASE_URL", None)
    niceness = {}
    for backend in ("database.DatabaseBackend", "immediate.ImmediateBackend"):
        result = subprocess.run(
            [sys.executable, "-c", script],
            env={**base, "TASKS_BACKEND": f"django_tasks.backends.{backend}"},
            capture_output=True,
            text=True,
            check=True,
        )
        niceness[backend] = int(result.stdout.split()[-1])
    start = os.getpriority(os.PRIO_PROCESS, 0)
    assert niceness["database.DatabaseBackend"] == max(start, 7)
    assert niceness["immediate.ImmediateBackend"] == start


@pytest.mark.parametrize(
    "exc",
    [
        MemoryError(),
        SystemError("error return without exception set"),
        OSError(12, "Cannot allocate memory"),
        RuntimeError("cairo: out of memory"),
    ],
)
def test_a_c_library_failing_to_allocate_under_the_cap_is_the_memory_message(exc, monkeypatch):
    # Pango or Pillow under RLIMIT_AS often fail with SystemError rather than MemoryError: the
    # consultant must read the memory message, not "SystemError: error return…".
    monkeypatch.setattr(layout.resource, "setrlimit", lambda *args: None)  # not this process
    monkeypatch.setattr(layout.faulthandler, "disable", lambda: None)

    def fail(html, roots):
        raise exc

    monkeypatch.setattr(layout, "write_pdf", fail)
    receive, send = multiprocessing.Pipe(duplex=False)

    layout._child("<p>x</p>", static_roots(), "/nonexistent.pdf", 8 * 1024 * 1024, 0, send)

    assert receive.recv() == ("memory", 0, 0.0)


def test_other_failures_far_from_the_cap_keep_their_own_message(monkeypatch):
    monkeypatch.setattr(layout.resource, "setrlimit", lambda *args: None)
    monkeypatch.setattr(layout.faulthandler, "disable", lambda: None)
    monkeypatch.setattr(layout, "write_pdf", lambda html, roots: 1 / 0)
    receive, send = multiprocessing.Pipe(duplex=False)

    layout._child("<p>x</p>", static_roots(), "/nonexistent.pdf", 1024**4, 0, send)

    assert receive.recv() == ("error", "ZeroDivisionError: division by zero", 0.0)
    assert not layout.ran_out_of_memory(SystemError("x"), 0)  # no cap, no claim about memory


def test_export_report_command_unknown_decision(scored):
    with pytest.raises(CommandError, match="No decision 7"):
        call_command(
            "export_report", scored.engagement.reference, "--decision", "7", "-o", "/tmp/never.pdf"
        )
