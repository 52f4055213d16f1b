"""Render the web pages' plotly figures to SVG for the PDF, with one long-lived Chromium.

kaleido 1.x drives a Chromium through its "sync server": a thread holding one browser with a
page of plotly.js loaded. It is started the first time a process renders a chart (a worker
pays the browser start once, never per report or per request) and stops when the process
exits. A report's charts go to the browser in one batch; every SVG is cached on disk under a
hash of its figure and size, so re-exporting an unchanged engagement renders nothing.

Without a usable Chromium (not installed, or it fails), :func:`render_svgs` returns ``None``
for every figure and the report shows each chart's data table with a note instead.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from scorecard.charts import CHART_WIDTH

logger = logging.getLogger(__name__)

RENDER_TIMEOUT = 60  # seconds for one figure
TABS = 2  # browser tabs rendering in parallel
RETRY_AFTER = 300  # seconds before trying a browser that failed again

_lock = threading.Lock()
_state: dict = {"started": False, "failed": "", "failed_at": 0.0}


@dataclass
class CacheStats:
    """Chart cache hits and misses in this process (for the benchmark)."""

    hits: int = 0
    misses: int = 0

    @property
    def hit_rate(self) -> float:
        total = self.hits + self.misses
        return self.hits / total if total else 0.0


stats = CacheStats()


def browser_path() -> str:
    """The Chromium kaleido will use: ``BROWSER_PATH`` if set, else ``CHROMIUM_PATH``."""
    return os.environ.get("BROWSER_PATH") or settings.CHROMIUM_PATH


def browser_problem() -> str:
    """Why charts cannot be drawn (empty when they can, as far as can be told cheaply)."""
    if _state["failed"] and time.monotonic() - _state["failed_at"] < RETRY_AFTER:
        return _state["failed"]
    path = browser_path()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)) and not shutil.which(path):
        return f"no Chromium at {path} (set CHROMIUM_PATH, or install Debian's chromium)"
    return ""


def figure_key(figure: dict, width: int, height: int) -> str:
    """A hash of what the SVG depends on: the figure, its size, and the renderer versions."""
    import kaleido
    import plotly

    payload = json.dumps(
        [
            figure,
            width,
            height,
            kaleido.__version__ if hasattr(kaleido, "__version__") else "",
            plotly.__version__,
        ],
        sort_keys=True,
        default=str,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _cache_dir() -> Path:
    path = Path(settings.REPORT_CHART_CACHE_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _ensure_server() -> None:
    import kaleido

    if _state["started"]:
        return
    # kaleido (choreographer) finds the browser through BROWSER_PATH.
    os.environ["BROWSER_PATH"] = browser_path()
    # mathjax=False: the default loads MathJax from a CDN, and charts have no formulas.
    kaleido.start_sync_server(n=TABS, mathjax=False, timeout=RENDER_TIMEOUT, silence_warnings=True)
    _state["started"] = True


def stop_renderer() -> None:
    """Stop the browser (tests and the benchmark; workers keep it until they exit)."""
    with _lock:
        stop_renderer_unlocked()


def stop_renderer_unlocked() -> None:
    import kaleido

    if _state["started"]:
        kaleido.stop_sync_server(silence_warnings=True)
        _state["started"] = False


def mark_unavailable(reason: str) -> None:
    _state["failed"], _state["failed_at"] = reason, time.monotonic()


def _size(figure: dict) -> tuple[int, int]:
    height = figure.get("layout", {}).get("height") or 400
    return CHART_WIDTH, int(height)


def render_svgs(figures: list[dict]) -> list[str | None]:
    """SVG text for each figure (``None`` where it could not be drawn), cached by figure hash.

    Figures missing from the cache are sent to the browser in one batch.
    """
    if browser_problem():
        return [None] * len(figures)
    cache = _cache_dir()
    keys = [figure_key(f, *_size(f)) for f in figures]
    svgs: list[str | None] = []
    missing: dict[str, dict] = {}
    for key, figure in zip(keys, figures, strict=True):
        path = cache / f"{key}.svg"
        if path.exists():
            stats.hits += 1
            svgs.append(path.read_text(encoding="utf-8"))
        else:
            stats.misses += 1
            svgs.append(None)
            missing[key] = figure
    if missing:
        _render_batch(missing, cache)
        svgs = [
            svg if svg is not None else _read(cache / f"{key}.svg")
            for svg, key in zip(svgs, keys, strict=True)
        ]
    return svgs


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


def _render_batch(missing: dict[str, dict], cache: Path) -> None:
    import kaleido

    with _lock, tempfile.TemporaryDirectory(prefix="charts-") as tmp:
        specs = []
        for key, figure in missing.items():
            width, height = _size(figure)
            specs.append(
                {
                    "fig": figure,
                    "path": os.path.join(tmp, f"{key}.svg"),
                    "opts": {"format": "svg", "width": width, "height": height},
                }
            )
        try:
            _ensure_server()
            errors = kaleido.write_fig_from_object_sync(specs, cancel_on_error=False)
        except Exception as exc:  # the browser would not start or died: no charts this process
            logger.warning("Chart rendering unavailable: %s", exc)
            mark_unavailable(f"Chromium failed: {exc}"[:300])
            stop_renderer_unlocked()
            return
        for error in errors or ():
            logger.warning("A chart failed to render: %s", error)
        for key in missing:
            rendered = Path(tmp) / f"{key}.svg"
            if rendered.exists() and rendered.stat().st_size:
                # Write then rename: a reader never sees half a file.
                partial = cache / f"{key}.svg.part"
                shutil.copyfile(rendered, partial)
                partial.replace(cache / f"{key}.svg")
