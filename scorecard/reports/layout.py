"""Lay out the report's HTML into a PDF with WeasyPrint, under a time and a memory limit.

This is the one place that calls WeasyPrint. The layout runs in a child process so that a
report too large for the limits costs that child, never the worker (or a web process): the
child's address space is capped with ``RLIMIT_AS`` at what it already maps plus
``REPORT_MEMORY_MB``, and the parent kills it after ``REPORT_TIMEOUT_SECONDS``. Either way the
caller gets a :class:`LayoutError` with a message a consultant can act on.

The child is never forked from the caller. A worker or web process runs other threads (the
chart renderer's Chromium driver, database drivers); a child forked from it inherits every lock
those threads held at that instant, with nobody left to release them, and can hang on one until
its timeout. Children come instead from multiprocessing's *forkserver*: a process started with
a fresh interpreter, single-threaded, that imports WeasyPrint and lays out one small page once
(:mod:`scorecard.reports.layout_server`), so every child forked from it starts warm and clean.
"""

from __future__ import annotations

import errno
import faulthandler
import json
import multiprocessing
import os
import resource
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _


class LayoutError(Exception):
    """The PDF could not be laid out within the limits (the message says why)."""


@dataclass
class LayoutResult:
    pdf: bytes
    pages: int
    seconds: float


def write_pdf(html: str, roots: list[Path]) -> LayoutResult:
    """Lay out ``html`` in this process, fetching only files under ``roots`` (no limits:
    callers want :func:`layout_pdf`; the benchmark times this)."""
    from weasyprint import HTML

    from scorecard.reports.fetcher import StaticOnlyFetcher

    start = time.perf_counter()
    document = HTML(string=html, url_fetcher=StaticOnlyFetcher(roots), base_url=None).render()
    # No attachments, whatever the HTML says; uncompressed=False keeps the file small.
    pdf = document.write_pdf(attachments=[])
    return LayoutResult(pdf=pdf, pages=len(document.pages), seconds=time.perf_counter() - start)


_warm = {"done": False}
# Read by scorecard.reports.layout_server while the forkserver starts: what to warm up with.
WARM_UP_ENV = "SCORECARD_LAYOUT_WARM_UP"
_server_lock = threading.Lock()


def warm_up(roots: list[Path], stylesheet: str) -> None:
    """Lay out one small page in this process, once: fonts found and loaded, stylesheet
    parsed, text shaped. Children forked afterwards inherit all of it instead of paying it on
    every report (several seconds on a busy machine). Runs in the layout forkserver."""
    if _warm["done"]:
        return
    sample = (
        f'<link rel="stylesheet" href="{stylesheet}"><h1>Warm</h1><h2>up</h2>'
        "<p>Text <strong>bold</strong> <em>italic</em> <code>mono</code> ✓ ✗ — “é”</p>"
        "<table class='data'><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr>"
        "</tbody></table>"
    )
    write_pdf(sample, roots)
    _warm["done"] = True


def _address_space(field: str = "VmSize") -> int:
    """Bytes of address space this process maps now (``VmSize``) or at most ever (``VmPeak``),
    0 if unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _layout_context(roots: list[Path], stylesheet: str):
    """The forkserver context, its server running (started on first use with the warm-up
    settings in its environment; restarted the same way if it has died)."""
    from multiprocessing import forkserver

    context = multiprocessing.get_context("forkserver")
    with _server_lock:
        context.set_forkserver_preload(["scorecard.reports.layout_server"])
        warm = {"roots": [str(root) for root in roots], "stylesheet": stylesheet}
        # Only the server's start reads it: later children of this process do not inherit it.
        os.environ[WARM_UP_ENV] = json.dumps(warm)
        try:
            forkserver.ensure_running()
        finally:
            os.environ.pop(WARM_UP_ENV, None)
    return context


# How close to the cap the address space must have come for a failure to count as the cap's.
CAP_HEADROOM_BYTES = 64 * 1024 * 1024


def ran_out_of_memory(exc: BaseException, limit: int) -> bool:
    """Whether ``exc`` is the memory cap ``limit`` (bytes of address space, 0: none) striking.

    Python raises ``MemoryError``, but a C library (Pango, cairo, Pillow, lxml) that cannot
    allocate often returns an error its binding reports otherwise: ``SystemError: error return
    without exception set``, ``OSError`` with ``ENOMEM``, or a message saying so. Any failure
    after the address space came within :data:`CAP_HEADROOM_BYTES` of the cap counts too.
    """
    if isinstance(exc, MemoryError):
        return True
    if not limit:
        return False
    if isinstance(exc, SystemError) or getattr(exc, "errno", None) == errno.ENOMEM:
        return True
    text = str(exc).lower()
    if "out of memory" in text or "cannot allocate" in text:
        return True
    return _address_space("VmPeak") >= limit - CAP_HEADROOM_BYTES


def _child(html: str, roots: list[Path], out: str, memory_bytes: int, niceness: int, conn) -> None:
    # A C library that cannot allocate may crash the child; the parent reports it, so the
    # fault handler's traceback would only be noise.
    faulthandler.disable()
    limit = 0
    try:
        # The forkserver may have started before the caller lowered its priority (a report
        # worker does, per job): the child takes the caller's.
        if os.getpriority(os.PRIO_PROCESS, 0) < niceness:
            os.setpriority(os.PRIO_PROCESS, 0, niceness)
        if memory_bytes:
            limit = _address_space() + memory_bytes
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        result = write_pdf(html, roots)
        Path(out).write_bytes(result.pdf)
        conn.send(("ok", result.pages, result.seconds))
    except BaseException as exc:  # reported to the parent, which stores it on the report
        if ran_out_of_memory(exc, limit):
            conn.send(("memory", 0, 0.0))
        else:
            conn.send(("error", f"{type(exc).__name__}: {exc}"[:500], 0.0))
    finally:
        conn.close()


def layout_pdf(
    html: str, roots: list[Path], *, timeout: float, memory_mb: int, stylesheet: str = ""
) -> LayoutResult:
    """Lay out ``html`` in a child process limited to ``timeout`` seconds and ``memory_mb``
    extra megabytes. Raises :class:`LayoutError` when it does not fit. ``stylesheet`` (a URL
    the fetcher serves) is what the forkserver warms up with, so the child starts warm."""
    context = _layout_context(roots, stylesheet)
    niceness = os.getpriority(os.PRIO_PROCESS, 0)
    parent_conn, child_conn = context.Pipe(duplex=False)
    with tempfile.TemporaryDirectory(prefix="report-") as tmp:
        out = os.path.join(tmp, "report.pdf")
        process = context.Process(
            target=_child,
            args=(html, roots, out, memory_mb * 1024 * 1024, niceness, child_conn),
            daemon=True,
        )
        start = time.perf_counter()
        process.start()
        child_conn.close()
        message = None
        if parent_conn.poll(timeout):
            try:
                message = parent_conn.recv()
            except EOFError:  # the child died without a word (killed by the kernel)
                message = None
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
        elapsed = time.perf_counter() - start
        if message is None:
            if elapsed >= timeout:
                raise LayoutError(
                    _(
                        "The report took longer than %(seconds)s seconds to lay out. Choose "
                        "fewer sections, or ask an administrator to raise REPORT_TIMEOUT_SECONDS."
                    )
                    % {"seconds": int(timeout)}
                )
            raise LayoutError(
                _(
                    "The layout process stopped (exit code %(code)s), most likely because the "
                    "report needs more than the %(mb)s MB allowed. Choose fewer sections, or "
                    "ask an administrator to raise REPORT_MEMORY_MB."
                )
                % {"code": process.exitcode, "mb": memory_mb}
            )
        kind, detail, seconds = message
        if kind == "memory":
            raise LayoutError(
                _(
                    "The report needs more memory than the %(mb)s MB allowed. Choose fewer "
                    "sections, or ask an administrator to raise REPORT_MEMORY_MB."
                )
                % {"mb": memory_mb}
            )
        if kind == "error":
            raise LayoutError(_("The PDF could not be laid out: %(error)s") % {"error": detail})
        return LayoutResult(pdf=Path(out).read_bytes(), pages=int(detail), seconds=seconds)
