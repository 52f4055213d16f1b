"""Cached inputs and results, keyed by a data version that every write replaces.

Keys also carry the engagement's evaluation date (:attr:`Engagement.as_of`): with no date set,
results computed yesterday are not served today (credentials may have lapsed overnight).

:func:`get_results` caches a ranking (and :func:`get_inputs` what it was computed from) under
:func:`data_version`, a token that every write to the reference data or to an engagement
replaces (:func:`bump_data_version`, called from ``scorecard.signals``), so a dashboard does not
recompute on every view and never shows a ranking older than the data. Two layers: Django's
cache (shared between processes) and, for inputs, a few recent entries in this process so a
page that needs two rankings does not unpickle the same inputs twice.

Inputs and results carry catalogue names (criteria, indicators, gates) and method wording in
the language active when they were built, so every key names that language too: a Spanish
page never reads a ranking cached by an English one.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict

from django.core.cache import cache
from django.utils.translation import get_language

from scorecard.models import Decision, Engagement
from scorecard.ranking.evaluate import Results, evaluate
from scorecard.ranking.inputs import Inputs, load_inputs
from scorecard.ranking.snapshot import inputs_from_snapshot, rank_snapshot
from scorecard.ranking.verdict import lead_verdict

VERSION_KEY = "scorecard:data-version"
# Part of every key: bump it when Inputs or Results change shape, so that pickles written by
# an older release (the file and Redis caches outlive a deploy) are never read back.
FORMAT = 4
CACHE_TIMEOUT = 3600


def data_version() -> str:
    """A token replaced whenever reference or engagement data changes."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, None):  # another process got there first
            version = cache.get(VERSION_KEY) or version
    return version


def bump_data_version() -> None:
    """Forget the current data version: every cached input and result becomes unreachable."""
    cache.delete(VERSION_KEY)


# The last few inputs this process used, so that a page needing two rankings (or a ranking
# then the scores) does not unpickle the same inputs twice. Keys carry the data version, so an
# entry is never stale; entries are read-only once built.
_recent_inputs: OrderedDict[str, Inputs] = OrderedDict()
_recent_lock = threading.Lock()
RECENT_INPUTS = 4


def get_inputs(engagement: Engagement) -> Inputs:
    """The engagement's :class:`Inputs`, from this process, the cache, or the database."""
    key = (
        f"scorecard:inputs:v{FORMAT}:{engagement.pk}:{engagement.as_of}:{get_language()}:"
        f"{data_version()}"
    )
    with _recent_lock:
        inputs = _recent_inputs.get(key)
    if inputs is None:
        inputs = cache.get(key)
        if inputs is None:
            inputs = load_inputs(engagement)
            cache.set(key, inputs, CACHE_TIMEOUT)
        with _recent_lock:
            _recent_inputs[key] = inputs
            while len(_recent_inputs) > RECENT_INPUTS:
                _recent_inputs.popitem(last=False)
    return inputs


def get_results(engagement: Engagement, *, method: str | None = None) -> Results:
    """The engagement's results with its own weights, from the cache when the data has not
    changed since they were computed."""
    method = method or engagement.ranking_method
    key = (
        f"scorecard:results:v{FORMAT}:{engagement.pk}:{method}:{engagement.as_of}:"
        f"{get_language()}:{data_version()}"
    )
    results = cache.get(key)
    if results is None:
        results = evaluate(get_inputs(engagement), method=method)
        lead_verdict(results)  # kept on the results: the SMAA run is paid once per version
        cache.set(key, results, CACHE_TIMEOUT)
    else:
        results._load_inputs = lambda: get_inputs(engagement)
    return results


def get_decision_results(decision: Decision, *, method: str | None = None) -> Results:
    """The ranking of a published decision's frozen inputs (with its own method unless
    ``method`` is given): the decision's stored results, recomputed in full for the pages
    and the report. Cached by the decision's fingerprint: frozen inputs never change."""
    method = method or decision.method
    key = f"scorecard:decision:v{FORMAT}:{decision.pk}:{decision.fingerprint}:{method}"
    results = cache.get(key)
    if results is None:
        results = rank_snapshot(decision.inputs, method=method)
        cache.set(key, results, CACHE_TIMEOUT)
    else:
        results._load_inputs = lambda: inputs_from_snapshot(decision.inputs)
    return results
