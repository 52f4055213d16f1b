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
:func:`bump_scores_versions`, :func:`bump_reference_version`). Two layers: Django's cache (shared
between processes) and, for inputs, a few recent entries in this process so a page that needs two
rankings does not unpickle the same inputs twice.

Inputs are kept in parts, so the first ranking after a save re-reads only what the save changed:
everything but the scores (:func:`~scorecard.ranking.inputs.load_base_inputs`) under the
engagement's *base* version, which a score or an assessment written leaves in place, and the
submitted scores in :data:`SCORE_BUCKETS` buckets of candidates (by id), each under its own
version, which a write to one of its candidates' assessments or scores replaces. A save of one
analyst's scores re-reads one bucket; calibration outcomes and assessors' names are read anew
every time (one small query each).

Inputs and results carry catalogue names (criteria, indicators, gates) and method wording in
the language active when they were built, so every key names that language too: a Spanish
page never reads a ranking cached by an English one.

Size: the versions, the keys and the parts they name are one scheme; split, a key could name
a version another module forgot to bump.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable

import pandas as pd
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from scorecard.models import Decision, Engagement
from scorecard.ranking.evaluate import (
    SMAA_SAMPLES,
    Results,
    evaluate,
    keep_aggregated,
)
from scorecard.ranking.inputs import (
    Inputs,
    ScoreRows,
    aggregated_part,
    combined_aggregates,
    load_base_inputs,
    load_score_rows,
    with_scores,
)
from scorecard.ranking.snapshot import inputs_from_snapshot, rank_snapshot
from scorecard.ranking.verdict import has_lead_verdict, lead_verdict

REFERENCE_VERSION_KEY = "scorecard:data-version:reference"
ENGAGEMENT_VERSION_KEY = "scorecard:data-version:engagement:{}"
BASE_VERSION_KEY = "scorecard:data-version:engagement-base:{}"
SCORES_VERSION_KEY = "scorecard:data-version:scores:{}:{}"  # engagement id, bucket
# How many parts an engagement's scores are cached in: a save re-reads about 1/SCORE_BUCKETS of
# them, and every rebuild reads this many versions (one get_many).
SCORE_BUCKETS = 32
# Part of every key: bump it when Inputs or Results change shape, so that pickles written by
# an older release (the file and Redis caches outlive a deploy) are never read back.
# 6: Figure.weak_source, CandidateInfo.is_fictional; 7: labels carry the mark;
# 8: City.display_name in labels
FORMAT = 8
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


def base_version(engagement_id: int) -> str:
    """A token replaced whenever one of the engagement's own rows changes, but for the
    assessors' scores and the calibration outcomes."""
    return _token(BASE_VERSION_KEY.format(engagement_id))


def data_version(engagement_id: int) -> str:
    """The version of everything a ranking of the engagement reads."""
    return f"{reference_version()}.{engagement_version(engagement_id)}"


def bump_reference_version() -> None:
    """Forget the reference version: every engagement's cached inputs and results go."""
    cache.delete(REFERENCE_VERSION_KEY)


def bump_engagement_versions(engagement_ids: Iterable[int], *, inputs: bool = True) -> None:
    """Forget these engagements' versions: only their cached inputs and results go.
    ``inputs=False``: a write to rows that the inputs read anew every time they are built
    (or never read): their results go, the parts of their inputs stay."""
    versions = (ENGAGEMENT_VERSION_KEY, BASE_VERSION_KEY) if inputs else (ENGAGEMENT_VERSION_KEY,)
    keys = [key.format(pk) for pk in set(engagement_ids) for key in versions]
    if keys:
        cache.delete_many(keys)


def score_bucket(candidate_id: int) -> int:
    """The bucket of the cached scores that holds ``candidate_id``'s."""
    return candidate_id % SCORE_BUCKETS


def bump_scores_versions(candidates: Iterable[tuple[int, int]]) -> None:
    """A write to the assessments or scores of these (engagement id, candidate id): their
    engagements' results go, and of their inputs only the scores of those candidates' buckets
    (everything else is kept, under the base version)."""
    keys = {
        key
        for engagement_id, candidate_id in candidates
        for key in (
            ENGAGEMENT_VERSION_KEY.format(engagement_id),
            SCORES_VERSION_KEY.format(engagement_id, score_bucket(candidate_id)),
        )
    }
    if keys:
        cache.delete_many(list(keys))


def bump_data_version() -> None:
    """Make every cached input and result unreachable (all engagements)."""
    bump_reference_version()


def results_key(engagement: Engagement, name: str, *parts: object) -> str:
    """A cache key for something computed from the engagement's data (results, analyses of
    them): it changes whenever that data or the evaluation date does."""
    return results_key_at(engagement, name, data_version(engagement.pk), *parts)


def results_key_without_scores(engagement: Engagement, name: str, *parts: object) -> str:
    """:func:`results_key` for something that reads none of the assessors' scores or
    calibration outcomes (costs, risks, providers): a save of scores leaves it in place."""
    version = f"{reference_version()}.{base_version(engagement.pk)}"
    return results_key_at(engagement, name, version, *parts)


def results_key_at(engagement: Engagement, name: str, version: str, *parts: object) -> str:
    """:func:`results_key` with the data ``version`` given (a part of the data's)."""
    suffix = ":".join(str(part) for part in (*parts, engagement.as_of, _language()))
    return f"scorecard:{name}:v{FORMAT}:{engagement.pk}:{suffix}:{version}"


# The last few inputs this process used, so that a page needing two rankings (or a ranking
# then the scores) does not unpickle the same inputs twice, and the parts they were built from
# (base inputs, score buckets), so that a rebuild after a save unpickles only what changed. Keys
# carry the data version, so an entry is never stale; entries are read-only once built.
_recent_inputs: OrderedDict[tuple, tuple[str, Inputs]] = OrderedDict()
_recent_parts: OrderedDict[tuple, tuple[str, object]] = OrderedDict()
# The assessors' aggregate of each bucket, under its rows' key (see _aggregated_buckets).
_recent_aggregates: OrderedDict[tuple, tuple[tuple, pd.DataFrame]] = OrderedDict()
_recent_lock = threading.Lock()
RECENT_INPUTS = 4


def _keep_recent(store: OrderedDict, slot: tuple, key: str, value, size: int) -> None:
    """Keep ``value`` under ``key`` in ``slot`` of ``store``, replacing what the slot held
    (an older version of the same part), the least recently used slots going first."""
    with _recent_lock:
        store[slot] = (key, value)
        store.move_to_end(slot)
        while len(store) > size:
            store.popitem(last=False)


def _find_recent(store: OrderedDict, slot: tuple, key: str):
    """What ``slot`` of ``store`` holds under ``key`` (None: nothing, or another version)."""
    with _recent_lock:
        kept = store.get(slot)
        if kept is None or kept[0] != key:
            return None
        store.move_to_end(slot)
        return kept[1]


PARTS = RECENT_INPUTS * (SCORE_BUCKETS + 1)  # of _recent_parts: a base and buckets each


def _base_inputs(engagement: Engagement, reference: str) -> Inputs:
    """The engagement's inputs but the scores, under its base version."""
    key = results_key_at(engagement, "inputs-base", f"{reference}.{base_version(engagement.pk)}")
    slot = (engagement.pk, "base", _language())
    base = _find_recent(_recent_parts, slot, key)
    if base is None:
        base = cache.get(key)
        if base is None:
            base = load_base_inputs(engagement)
            cache.set(key, base, CACHE_TIMEOUT)
        _keep_recent(_recent_parts, slot, key, base, PARTS)
    return base


def _score_buckets(
    engagement: Engagement, base: Inputs, reference: str
) -> dict[int, tuple[str, ScoreRows]]:
    """The submitted scores of the engagement's candidates, a bucket at a time (bucket -> its
    key and rows): from this process, the cache, else one query for every bucket missing."""
    members: dict[int, list[int]] = {}
    for candidate in base.candidates:
        members.setdefault(score_bucket(candidate.id), []).append(candidate.id)
    version_keys = {b: SCORES_VERSION_KEY.format(engagement.pk, b) for b in members}
    versions = cache.get_many(list(version_keys.values()))
    # A bucket's rows are those of its candidates when read: its key names them.
    keys = {
        b: f"scorecard:score-rows:v{FORMAT}:{engagement.pk}:{b}:"
        + hashlib.sha1(repr(members[b]).encode()).hexdigest()[:16]
        + f":{reference}.{versions.get(key) or _token(key)}"
        for b, key in version_keys.items()
    }
    found = {b: _find_recent(_recent_parts, (engagement.pk, b), key) for b, key in keys.items()}
    missing = [b for b, rows in found.items() if rows is None]
    if missing:
        shared = cache.get_many([keys[b] for b in missing])
        found.update({b: shared[keys[b]] for b in missing if keys[b] in shared})
    missing = {b: members[b] for b, rows in found.items() if rows is None}
    if missing:
        loaded = load_score_rows(engagement, missing)
        cache.set_many({keys[b]: rows for b, rows in loaded.items()}, CACHE_TIMEOUT)
        found.update(loaded)
    for b, key in keys.items():
        _keep_recent(_recent_parts, (engagement.pk, b), key, found[b], PARTS)
    return {b: (keys[b], found[b]) for b in sorted(found)}


def _aggregated_buckets(
    engagement: Engagement, inputs: Inputs, buckets: dict[int, tuple[str, ScoreRows]]
) -> pd.DataFrame | None:
    """The assessors' aggregate of ``inputs``' scores, joined from one per bucket: a bucket's
    is kept in this process under its rows' key, the aggregation settings and the agreed
    scores of its candidates, so after a save only the saved candidates' bucket is
    aggregated again."""
    agreed: dict[int, list[tuple]] = {}
    for (cid, code), outcome in inputs.consensus.items():
        if outcome.score is not None:
            agreed.setdefault(score_bucket(cid), []).append((cid, code, outcome.score))
    settings_key = (inputs.aggregation, inputs.disagreement_threshold)
    pieces = []
    for b, (rows_key, rows) in buckets.items():
        key = (rows_key, settings_key, tuple(sorted(agreed.get(b, ()))))
        piece = _find_recent(_recent_aggregates, (engagement.pk, b), key)
        if piece is None:
            piece = aggregated_part(rows, inputs.consensus, *settings_key)
            _keep_recent(_recent_aggregates, (engagement.pk, b), key, piece, PARTS)
        pieces.append(piece)
    return combined_aggregates(pieces)


def get_inputs(engagement: Engagement) -> Inputs:
    """The engagement's :class:`Inputs`: from this process, else built from their parts (each
    from this process, the cache, or the database); equal to
    :func:`~scorecard.ranking.inputs.load_inputs`'s."""
    reference = reference_version()
    key = results_key(engagement, "inputs")
    inputs = _find_recent(_recent_inputs, (key,), key)
    if inputs is None:
        base = _base_inputs(engagement, reference)
        buckets = _score_buckets(engagement, base, reference)
        inputs = with_scores(base, [rows for _key, rows in buckets.values()])
        if inputs.n_scores:
            # Scores the engine refuses are left to evaluate(), which aggregates them and says why.
            with contextlib.suppress(ValueError):
                keep_aggregated(inputs, _aggregated_buckets(engagement, inputs, buckets))
        _keep_recent(_recent_inputs, (key,), key, inputs, RECENT_INPUTS)
    return inputs


def _verdict_key(results: Results) -> str:
    """A key for the lead verdict of ``results`` made of everything it reads: the method, the
    ranked candidates (ids and labels, in order), the decision matrix and the weights (with
    the SMAA sample count and the language of its wording). A save that changes none of them
    (a note, evidence, a draft's scores) finds the verdict already computed."""
    matrix, weights = results.decision_matrix, results.engine_weights
    digest = hashlib.sha256()
    named = [(row.candidate.id, row.candidate.label) for row in results.ranked]
    labels = (list(matrix.index), list(matrix.columns), list(weights.index))
    digest.update(repr((results.method, SMAA_SAMPLES, named, labels, _language())).encode())
    digest.update(matrix.to_numpy(dtype=float).tobytes())
    digest.update(weights.to_numpy(dtype=float).tobytes())
    return f"scorecard:lead-verdict:v{FORMAT}:{digest.hexdigest()}"


def _keep_lead_verdict(results: Results) -> None:
    """Compute the lead verdict of ``results`` (kept on them), or take the one computed for
    the same numbers (:func:`_verdict_key`)."""
    key = _verdict_key(results)
    verdict = cache.get(key)
    if verdict is None:
        cache.set(key, lead_verdict(results), CACHE_TIMEOUT)
    else:
        results._lead_verdict = verdict


# Likewise the last few results this process used: at 500 candidates unpickling one ranking
# from Django's cache took longer than rendering its page, and the ranking page reads two.
_recent_results: OrderedDict[tuple, tuple[str, Results]] = OrderedDict()
RECENT_RESULTS = 4


def _cached_results(key: str, compute: Callable[[], Results]) -> Results:
    """The results cached under ``key`` (in this process or Django's cache), else
    ``compute()``'s, cached. Their lead verdict is computed too and kept with them (the SMAA
    run is paid once per version)."""
    results = _find_recent(_recent_results, (key,), key)
    if results is not None and has_lead_verdict(results):
        return results
    results = cache.get(key)
    changed = results is None
    if changed:
        results = compute()
    if not has_lead_verdict(results):
        _keep_lead_verdict(results)
        changed = True
    if changed:
        cache.set(key, results, CACHE_TIMEOUT)
    _keep_recent(_recent_results, (key,), key, results, RECENT_RESULTS)
    return results


def get_results(engagement: Engagement, *, method: str | None = None) -> Results:
    """The engagement's results with its own weights, and their lead verdict, from the cache
    when the data has not changed since they were computed."""
    method = method or engagement.ranking_method
    key = results_key(engagement, "results", method)
    results = _cached_results(key, lambda: evaluate(get_inputs(engagement), method=method))
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


def get_decision_results(decision: Decision, *, method: str | None = None) -> Results:
    """The ranking of a published decision's frozen inputs (with its own method unless
    ``method`` is given): the decision's stored results, recomputed in full for the pages
    and the report. Cached by the decision's fingerprint: frozen inputs never change."""
    method = method or decision.method
    key = f"scorecard:decision:v{FORMAT}:{decision.pk}:{decision.fingerprint}:{method}"
    results = _cached_results(key, lambda: rank_snapshot(decision.inputs, method=method))
    if results._inputs is None:  # unpickled: the scores are reloaded only if read
        results._load_inputs = lambda: inputs_from_snapshot(decision.inputs)
    return results
