"""Imported by the report layout's forkserver as it starts (multiprocessing's preload).

The forkserver is a fresh, single-threaded interpreter; every layout child is forked from it
(see :mod:`scorecard.reports.layout`). Importing this module there loads WeasyPrint and, when
the starting process passed its static roots and stylesheet in ``WARM_UP_ENV``, lays out one
small page, so that fonts, the stylesheet and text shaping are ready in every child. Importing
it anywhere else only imports WeasyPrint.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import weasyprint  # noqa: F401 - loaded once in the server, inherited by every child

from scorecard.reports.layout import WARM_UP_ENV, warm_up


def _warm_up_from_environment() -> None:
    settings = os.environ.get(WARM_UP_ENV)
    if not settings:
        return
    warm = json.loads(settings)
    if not warm.get("stylesheet"):
        return
    # Only a head start: if it fails, each child lays out cold and reports its own error.
    with contextlib.suppress(Exception):
        warm_up([Path(root) for root in warm["roots"]], warm["stylesheet"])


_warm_up_from_environment()
