"""Cached inputs and results, keyed per engagement by the versions of the data they read.

Keys also carry the engagement's evaluation date (:attr:`Engagement.as_of`): with no date set,
results computed yesterday are not served today (credentials may have lapsed overnight).

:func:`get_results` caches a ranking (and :func:`get_inputs` what it was computed from) under
:func:`data_version`: the engagement's own version (replaced by a write to that engagement's
rows: weights, candidates, assessments, scores, quotes…) joined with the reference version
(replaced by a write to shared data: cities, providers, the catalogue, gate definitions). A save
in one engagement therefore leaves every other engagement's cached results in place, while a
change to a city's or a provider's figures reaches every engagement that may use it.
``scorecard.signals`` decides which version a write replaces (:func:`bump_engagement_versions`,
:func:`bump_reference_version`). Two layers: Django's cache (shared between processes) and, for
inputs, a few recent entries in this process so a page that needs two rankings does not unpickle
the same inputs twice.

Inputs and results carry catalogue names (criteria, indicators, gates) and method wording in
the language active when they were built, so every key names that language too: a Spanish
page never reads a ranking cached by an English one.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable

import pandas as pd
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from scorecard.models import Decision, Engagement
from scorecard.ranking.evaluate import SMAA_SAMPLES, Results, evaluate
from scorecard.ranking.inputs import Inputs, load_inputs
from scorecard.ranking.snapshot import inputs_from_snapshot, rank_snapshot
from scorecard.ranking.verdict import has_lead_verdict, lead_verdict

REFERENCE_VERSION_KEY = "scorecard:data-version:reference"
ENGAGEMENT_VERSION_KEY = "scorecard:data-version:engagement:{}"
# Part of every key: bump it when Inputs or Results change shape, so that pickles written by
# an older release (the file and Redis caches outlive a deploy) are never read back.
FORMAT = 7  # 6: Figure.weak_source, CandidateInfo.is_fictional; 7: City.display_name in labels
CACHE_TIMEOUT = 3600


def _language() -> str:
    """Part of every key: inputs carry catalogue names and labels in the active language."""
    return get_language() or settings.LANGUAGE_CODE


def _token(key: str) -> str:
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(key, version, None):  # another process got there first
            version = cache.get(key) or version
    return version


def reference_version() -> str:
    """A token replaced whenever shared reference data changes."""
    return _token(REFERENCE_VERSION_KEY)


def engagement_version(engagement_id: int) -> str:
    """A token replaced whenever one of the engagement's own rows changes."""
    return _token(ENGAGEMENT_VERSION_KEY.format(engagement_id))


def data_version(engagement_id: int) -> str:
    """The version of everything a ranking of the engagement reads."""
    return f"{reference_version()}.{engagement_version(engagement_id)}"


def bump_reference_version() -> None:
    """Forget the reference version: every engagement's cached inputs and results go."""
    cache.delete(REFERENCE_VERSION_KEY)


def bump_engagement_versions(engagement_ids: Iterable[int]) -> None:
    """Forget these engagements' versions: only their cached inputs and results go."""
    keys = [ENGAGEMENT_VERSION_KEY.format(pk) for pk in set(engagement_ids)]
    if keys:
        cache.delete_many(keys)


def bump_data_version() -> None:
    """Make every cached input and result unreachable (all engagements)."""
    bump_reference_version()


def results_key(engagement: Engagement, name: str, *parts: object) -> str:
    """A cache key for something computed from the engagement's data (results, analyses of
    them): it changes whenever that data or the evaluation date does."""
    suffix = ":".join(str(part) for part in (*parts, engagement.as_of, _language()))
    return f"scorecard:{name}:v{FORMAT}:{engagement.pk}:{suffix}:{data_version(engagement.pk)}"


# The last few inputs this process used, so that a page needing two rankings (or a ranking
# then the scores) does not unpickle the same inputs twice. Keys carry the data version, so an
# entry is never stale; entries are read-only once built.
_recent_inputs: OrderedDict[str, Inputs] = OrderedDict()
_recent_lock = threading.Lock()
RECENT_INPUTS = 4


def get_inputs(engagement: Engagement) -> Inputs:
    """The engagement's :class:`Inputs`, from this process, the cache, or the database."""
    key = results_key(engagement, "inputs")
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


def _cached_results(key: str, compute: Callable[[], Results], *, verdict: bool) -> Results:
    """The results cached under ``key``, else ``compute()``'s, cached. With ``verdict``, their
    lead verdict is computed too and kept with them (the SMAA run is paid once per version);
    results cached without it (by a page that reads only the order) gain it then."""
    results = cache.get(key)
    changed = results is None
    if changed:
        results = compute()
    if verdict and not has_lead_verdict(results):
        lead_verdict(results)
        changed = True
    if changed:
        cache.set(key, results, CACHE_TIMEOUT)
    return results


def get_results(
    engagement: Engagement, *, method: str | None = None, verdict: bool = True
) -> Results:
    """The engagement's results with its own weights, from the cache when the data has not
    changed since they were computed. ``verdict=False``: the caller never reads the lead
    verdict (the ranking page's order by the other method), which is then not computed."""
    method = method or engagement.ranking_method
    key = results_key(engagement, "results", method)
    results = _cached_results(
        key, lambda: evaluate(get_inputs(engagement), method=method), verdict=verdict
    )
    if results._inputs is None:  # unpickled: the scores are reloaded only if read
        results._load_inputs = lambda: get_inputs(engagement)
    return results


def get_robustness(engagement: Engagement) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Weight stability and SMAA-2 rank acceptability (:data:`SMAA_SAMPLES` samples, seed 0)
    of the engagement's results, computed once per data version; None below two ranked
    candidates."""
    key = results_key(engagement, "robustness", engagement.ranking_method, SMAA_SAMPLES)
    cached = cache.get(key)
    if cached is None:
        results = get_results(engagement)
        if len(results.ranked) < 2:
            return None
        cached = (
            results.weight_stability(),
            results.rank_acceptability(n_samples=SMAA_SAMPLES, seed=0),
        )
        cache.set(key, cached, CACHE_TIMEOUT)
    return cached


def get_export(engagement: Engagement, name: str, build: Callable[[], bytes]) -> bytes:
    """An export of the engagement's results (``build()``'s bytes), built once per data
    version and language: a long sheet takes seconds to write, the same for every download."""
    key = results_key(engagement, "export", name)
    content = cache.get(key)
    if content is None:
        content = build()
        cache.set(key, content, CACHE_TIMEOUT)
    return content


def get_decision_results(
    decision: Decision, *, method: str | None = None, verdict: bool = True
) -> Results:
    """The ranking of a published decision's frozen inputs (with its own method unless
    ``method`` is given): the decision's stored results, recomputed in full for the pages
    and the report. Cached by the decision's fingerprint: frozen inputs never change.
    ``verdict`` as for :func:`get_results`."""
    method = method or decision.method
    key = f"scorecard:decision:v{FORMAT}:{decision.pk}:{decision.fingerprint}:{method}"
    results = _cached_results(
        key, lambda: rank_snapshot(decision.inputs, method=method), verdict=verdict
    )
    if results._inputs is None:  # unpickled: the scores are reloaded only if read
        results._load_inputs = lambda: inputs_from_snapshot(decision.inputs)
    return results
