"""What a ranking depends on, read from the database in a fixed number of queries.

:func:`load_inputs` turns an engagement's ORM rows (weights, catalogue, candidates, submitted
scores, measured figures, gate facts and the optional cost criterion) into :class:`Inputs`,
plain data the engine adapter (:mod:`scorecard.ranking.evaluate`) and the pages read. Only
*submitted* assessments count, and a calibration outcome (:class:`~scorecard.models.Consensus`)
with a score replaces the assessors' scores of its (candidate, indicator) in what is ranked.

The same inputs also come in parts, so that a save re-reads only what it changed
(:func:`scorecard.ranking.cache.get_inputs`): :func:`load_base_inputs` (everything but the
scores), :func:`load_score_rows` (the submitted scores of some candidates, in :class:`ScoreRows`)
and :func:`with_scores`, which joins them into what :func:`load_inputs` returns.

Size: the input records, the one read path and its two parts stay together, so that the
whole read and the read in parts cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from collections import ChainMap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import groupby

import numpy as np
import pandas as pd
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from scorecard.engine.assessments import SCORED, aggregate_assessments
from scorecard.models import (
    AssessmentStatus,
    Candidate,
    Consensus,
    Criterion,
    CriterionWeight,
    Engagement,
    GateWaiver,
    Indicator,
    IndicatorWeight,
    Score,
)
from scorecard.models.engagement import DEFAULT_MIN_COMPLETENESS
from scorecard.ranking.measures import (
    Figure,
    GateCheck,
    candidates_for_measures,
    gate_checks,
    measured_figures,
)
from scorecard.selectors.costs import cost_criterion

# The code of the cost criterion a ranking adds when the consultant includes cost in the score
# (CostAssumptions.include_in_score); its scores come from scorecard.selectors.costs.
COST_CRITERION = "tco"


@dataclass(frozen=True)
class CriterionInfo:
    code: str
    name: str
    weight: float  # percentage points of the total (the engagement's)


@dataclass(frozen=True)
class IndicatorInfo:
    code: str
    name: str
    criterion: str
    kind: str
    weight: float  # percentage points within its criterion
    value_function: str = ""


@dataclass(frozen=True)
class CandidateInfo:
    id: int
    label: str
    provider: str
    provider_slug: str
    city: str
    city_slug: str
    sites: tuple[str, ...]
    seats_available: int
    is_fictional: bool = False  # an invented (demo) provider, marked "fictional" where named


@dataclass(frozen=True)
class GateInfo:
    code: str
    name: str
    fact: str
    legal_basis: str


@dataclass(frozen=True)
class WaiverInfo:
    """A consultant's waiver of an unverified gate for one candidate (GateWaiver)."""

    gate: str  # gate code
    gate_name: str
    reason: str
    waived_by: str
    waived_at: dt.datetime


@dataclass(frozen=True)
class ConsensusInfo:
    """A calibration outcome: the agreed 0–5 score (``None``: the aggregate was kept)."""

    score: float | None
    reason: str
    decided_by: str
    decided_at: str  # ISO 8601


@dataclass
class Inputs:
    """Everything a ranking depends on, read from the database once."""

    engagement_id: int
    ranking_method: str
    aggregation: str
    disagreement_threshold: float
    seats: int
    criteria: list[CriterionInfo]
    indicators: list[IndicatorInfo]
    candidates: list[CandidateInfo]
    gates: list[GateInfo]
    scores: pd.DataFrame  # long: candidate, indicator, assessor, score, status (calibrated)
    assessors: dict[int, str]  # user id -> display name
    # (cand, ind, user) -> (note, confidence)
    notes: Mapping[tuple[int, str, int], tuple[str, str]]
    figures: dict[tuple[int, str], Figure]
    facts: dict[int, dict[str, GateCheck]]
    value_functions: dict[str, object] = field(default_factory=dict)
    # Cost as an extra criterion (COST_CRITERION, scorecard.selectors.costs): candidate id ->
    # 0–5, None without pricing.
    cost_scores: dict[int, float | None] = field(default_factory=dict)
    # Percentage of the total weight that must rest on known data for a candidate to rank.
    min_completeness: float = DEFAULT_MIN_COMPLETENESS
    # (candidate id, gate code) -> the waiver of that gate, when a consultant recorded one.
    waivers: dict[tuple[int, str], WaiverInfo] = field(default_factory=dict)
    # The date credentials, years operating, time-zone overlap and staleness are read at.
    as_of: dt.date = field(default_factory=dt.date.today)
    # What the assessors submitted, before calibration (same columns as ``scores``): pages that
    # show each assessor's answer and the disagreement read this. (A factory, not a default:
    # a default would be a class attribute, and :meth:`__getattr__` would never be asked.)
    assessor_scores: pd.DataFrame | None = field(default_factory=lambda: None)
    consensus: dict[tuple[int, str], ConsensusInfo] = field(default_factory=dict)

    def __getattr__(self, name: str):
        """``scores`` and ``assessor_scores`` of inputs made by :func:`with_scores`, built on
        first read from the parts they keep (only asked for attributes not found)."""
        kept = self.__dict__.get("_score_parts")
        if name not in ("scores", "assessor_scores") or kept is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        submitted = scores_frame(kept.parts)
        self.__dict__.setdefault("assessor_scores", submitted)
        self.__dict__.setdefault("scores", calibrate(submitted, kept.consensus))
        return self.__dict__[name]

    @property
    def n_scores(self) -> int:
        """The number of rows of :attr:`scores`, without building them."""
        kept = self.__dict__.get("_score_parts")
        return sum(len(part) for part in kept.parts) if kept is not None else len(self.scores)

    @property
    def scores_key(self) -> object:
        """What :attr:`scores` are made from, compared by identity (never by an id that a new
        object could reuse): the parts kept by :func:`with_scores`, else the frame."""
        return self.__dict__.get("_score_parts") or self.scores

    @property
    def criterion_weights(self) -> dict[str, float]:
        return {c.code: c.weight for c in self.criteria}

    @property
    def candidate_by_id(self) -> dict[int, CandidateInfo]:
        return {c.id: c for c in self.candidates}


def _catalogue(
    engagement: Engagement,
) -> tuple[list[CriterionInfo], list[IndicatorInfo], list[Indicator], dict[str, object]]:
    """Criteria and indicators with the engagement's weights (three queries), the indicator
    rows, and the value functions of the measured ones."""
    criterion_weights = dict(
        CriterionWeight.objects.filter(engagement=engagement).values_list(
            "criterion__code", "weight"
        )
    )
    indicator_weights = dict(
        IndicatorWeight.objects.filter(engagement=engagement).values_list(
            "indicator__code", "weight"
        )
    )
    criteria_qs = list(Criterion.objects.prefetch_related("indicators"))
    criteria = [
        CriterionInfo(c.code, c.name, float(criterion_weights.get(c.code, c.default_weight)))
        for c in criteria_qs
    ]
    criterion_codes = {c.pk: c.code for c in criteria_qs}
    indicator_rows = [i for c in criteria_qs for i in c.indicators.all()]
    indicators = [
        IndicatorInfo(
            code=i.code,
            name=i.name,
            criterion=criterion_codes[i.criterion_id],
            kind=i.kind,
            weight=float(indicator_weights.get(i.code, i.default_weight)),
            value_function=i.describe_value_function(),
        )
        for i in indicator_rows
    ]
    value_functions = {i.code: i.get_value_function() for i in indicator_rows if i.is_measured}
    return criteria, indicators, indicator_rows, value_functions


def _candidate_info(candidate: Candidate) -> CandidateInfo:
    sites = candidate.sites.all()
    return CandidateInfo(
        id=candidate.pk,
        label=candidate.label,
        provider=candidate.provider.display_name,
        provider_slug=candidate.provider.slug,
        city=candidate.primary_site.city.display_name,
        city_slug=candidate.primary_site.city.slug,
        sites=tuple(f"{s.name} ({s.city.display_name})" for s in sites),
        seats_available=sum(s.seats_available for s in sites),
        is_fictional=candidate.provider.is_fictional,
    )


SCORE_COLUMNS = ["candidate", "indicator", "assessor", "score", "status"]


def _submitted(engagement: Engagement):
    """The engagement's submitted scores, in the one order every reader shares."""
    return (
        Score.objects.filter(
            assessment__candidate__engagement=engagement,
            assessment__status=AssessmentStatus.SUBMITTED,
        )
        # One order whatever the database returns rows in (PostgreSQL: as last written), so
        # assessors are listed, and a decision's snapshot and fingerprint come out, the same.
        .order_by("assessment__candidate_id", "indicator__code", "assessment__assessor_id")
    )


def _submitted_scores(
    engagement: Engagement,
) -> tuple[pd.DataFrame, dict[int, str], dict[tuple[int, str, int], tuple[str, str]]]:
    """Submitted scores as a long frame, assessors' display names and notes (one query)."""
    score_rows = list(
        _submitted(engagement).values_list(
            "assessment__candidate_id",
            "indicator__code",
            "assessment__assessor_id",
            "assessment__assessor__first_name",
            "assessment__assessor__last_name",
            "assessment__assessor__username",
            "status",
            "value",
            "note",
            "confidence",
        )
    )
    assessors: dict[int, str] = {}
    notes: dict[tuple[int, str, int], tuple[str, str]] = {}
    records = []
    for cand, code, user, first, last, username, raw_status, value, note, confidence in score_rows:
        ind, status = sys.intern(code), sys.intern(raw_status)  # see _score_rows
        assessors[user] = f"{first} {last}".strip() or username
        notes[(cand, ind, user)] = (note, confidence)
        records.append(
            (cand, ind, user, float(value) if value is not None else float("nan"), status)
        )
    scores = pd.DataFrame.from_records(records, columns=SCORE_COLUMNS)
    return scores, assessors, notes


@dataclass(frozen=True)
class ScoreRows:
    """The submitted scores of some candidates, as columns in load order (candidate id,
    indicator code, assessor id): the part of :attr:`Inputs.scores` and :attr:`Inputs.notes`
    that a write to those candidates' assessments replaces."""

    candidates: np.ndarray  # int64
    indicators: np.ndarray  # object: indicator codes
    assessors: np.ndarray  # int64: user ids
    scores: np.ndarray  # float64, NaN when not scored
    statuses: np.ndarray  # object: ScoreStatus values
    notes: dict[tuple[int, str, int], tuple[str, str]]

    def __len__(self) -> int:
        return len(self.candidates)


def _score_rows(rows: list[tuple]) -> ScoreRows:
    """:class:`ScoreRows` of ``(candidate, indicator, assessor, status, value, note,
    confidence)`` tuples.

    Indicator codes and statuses are interned: the database driver returns a new string for
    every row, and 75,000 copies of 30 codes make every frame built from them (and every
    pickle of it, which writes each distinct object) several times slower (stop 24: pickling
    a 500-candidate scores frame took 36 ms with a string per row, 7 ms with one per code).
    """
    columns = list(zip(*rows, strict=True)) if rows else [()] * 7
    candidates, codes, users, raw_statuses, values, texts, confidences = columns
    codes = [sys.intern(code) for code in codes]
    indicators = np.empty(len(rows), dtype=object)
    indicators[:] = codes
    statuses = np.empty(len(rows), dtype=object)
    statuses[:] = [sys.intern(status) for status in raw_statuses]
    return ScoreRows(
        candidates=np.array(candidates, dtype=np.int64),
        indicators=indicators,
        assessors=np.array(users, dtype=np.int64),
        scores=np.array(
            [float("nan") if value is None else float(value) for value in values], dtype=float
        ),
        statuses=statuses,
        notes=dict(
            zip(
                zip(candidates, codes, users, strict=True),
                zip(texts, confidences, strict=True),
                strict=True,
            )
        ),
    )


def load_score_rows(
    engagement: Engagement, groups: dict[object, Iterable[int]]
) -> dict[object, ScoreRows]:
    """The submitted scores of each group of the engagement's candidates (``groups``: a name ->
    candidate ids), every group read in one query; a group without scores gets empty rows."""
    wanted = {cid: name for name, ids in groups.items() for cid in ids}
    rows = _submitted(engagement).filter(assessment__candidate_id__in=list(wanted))
    by_group: dict[object, list[tuple]] = {name: [] for name in groups}
    values = rows.values_list(
        "assessment__candidate_id",
        "indicator__code",
        "assessment__assessor_id",
        "status",
        "value",
        "note",
        "confidence",
    )
    for cid, candidate_rows in groupby(values, key=lambda row: row[0]):
        by_group[wanted[cid]].extend(candidate_rows)
    return {name: _score_rows(found) for name, found in by_group.items()}


def _assessor_names(user_ids: Iterable[int]) -> dict[int, str]:
    """Display names of the given users (one query), as :func:`_submitted_scores` gives them."""
    users = get_user_model().objects.filter(pk__in=list(user_ids))
    return {
        pk: f"{first} {last}".strip() or username
        for pk, first, last, username in users.values_list(
            "pk", "first_name", "last_name", "username"
        )
    }


def scores_frame(parts: list[ScoreRows]) -> pd.DataFrame:
    """The submitted scores of ``parts`` as one long frame (:data:`SCORE_COLUMNS`), ordered by
    candidate id, each candidate's rows in their load order (indicator code, assessor)."""
    if not any(len(part) for part in parts):
        return pd.DataFrame.from_records([], columns=SCORE_COLUMNS)
    columns = {
        name: np.concatenate([getattr(part, field) for part in parts])
        for name, field in zip(
            SCORE_COLUMNS,
            ("candidates", "indicators", "assessors", "scores", "statuses"),
            strict=True,
        )
    }
    order = _load_order(columns["candidate"])
    return pd.DataFrame({name: values[order] for name, values in columns.items()})


def _load_order(candidates: np.ndarray) -> np.ndarray:
    """The order of :func:`scores_frame`'s rows, given the parts' candidate columns joined: the
    parts come in any grouping, and a stable sort on the candidate keeps each candidate's rows
    in their load order."""
    return np.argsort(candidates, kind="stable")


def aggregated_part(
    part: ScoreRows,
    consensus: dict[tuple[int, str], ConsensusInfo],
    aggregation: str,
    disagreement_threshold: float,
) -> pd.DataFrame:
    """The assessors' aggregate (:func:`~scorecard.engine.aggregate_assessments`) of the
    calibrated scores of ``part``: exactly the rows of the whole inputs' aggregate that belong
    to ``part``'s candidates, since a (candidate, indicator) is aggregated from its own rows
    only. :func:`combined_aggregates` joins the parts back."""
    return aggregate_assessments(
        calibrate(scores_frame([part]), consensus),
        aggregation=aggregation,
        disagreement_threshold=disagreement_threshold,
    )


def combined_aggregates(pieces: list[pd.DataFrame]) -> pd.DataFrame | None:
    """The :func:`aggregated_part` of every part as one frame, equal to the aggregate of all
    the parts' scores at once (rows by candidate id, then first appearance); None without
    scores."""
    pieces = [piece for piece in pieces if len(piece)]
    if not pieces:
        return None
    frame = pd.concat(pieces, ignore_index=True)
    order = np.argsort(frame["candidate"].to_numpy(dtype=np.int64), kind="stable")
    return frame.take(order).reset_index(drop=True)


def with_scores(base: Inputs, parts: list[ScoreRows]) -> Inputs:
    """``base`` (from :func:`load_base_inputs`) with the submitted scores of ``parts`` (every
    candidate's once, whatever their grouping), their assessors' names read now and the
    calibration outcomes read now: equal to what :func:`load_inputs` reads."""
    # The parts' notes read through, not copied: their candidates (so keys) never overlap.
    notes = ChainMap(*(part.notes for part in parts))
    ordered = [int(user) for user in pd.unique(_assessors_in_order(parts))]
    names = _assessor_names(ordered) if ordered else {}
    consensus = _consensus(base.engagement_id)
    inputs = dataclasses.replace(
        base, consensus=consensus, assessors={user: names[user] for user in ordered}, notes=notes
    )
    # The scores frames are built when first read (Inputs.__getattr__): a ranking reads the
    # aggregate of the parts (kept by the cache), not the 75,000 rows of 500 candidates.
    del inputs.__dict__["scores"], inputs.__dict__["assessor_scores"]
    inputs.__dict__["_score_parts"] = ScoreParts(tuple(parts), consensus)
    return inputs


@dataclass(frozen=True, eq=False)
class ScoreParts:
    """What :func:`with_scores` builds :attr:`Inputs.scores` from when they are first read."""

    parts: tuple[ScoreRows, ...]
    consensus: dict[tuple[int, str], ConsensusInfo]


def _assessors_in_order(parts: list[ScoreRows]) -> np.ndarray:
    """The assessor column of :func:`scores_frame` of ``parts``, without the other columns."""
    if not parts:
        return np.array([], dtype=np.int64)
    candidates = np.concatenate([part.candidates for part in parts])
    return np.concatenate([part.assessors for part in parts])[_load_order(candidates)]


def _waivers(engagement: Engagement) -> dict[tuple[int, str], WaiverInfo]:
    """The engagement's gate waivers (one query)."""
    rows = GateWaiver.objects.filter(engagement=engagement).select_related("gate", "waived_by")
    return {
        (w.candidate_id, w.gate.code): WaiverInfo(
            gate=w.gate.code,
            gate_name=w.gate.name,
            reason=w.reason,
            waived_by=(w.waived_by.get_full_name() or w.waived_by.username) if w.waived_by else "",
            waived_at=w.waived_at,
        )
        for w in rows
    }


def _consensus(engagement: Engagement | int) -> dict[tuple[int, str], ConsensusInfo]:
    """Calibration outcomes by (candidate id, indicator code) (one query); ``engagement`` may
    be given by its id."""
    return {
        (c.candidate_id, c.indicator.code): ConsensusInfo(
            score=None if c.score is None else float(c.score),
            reason=c.reason,
            decided_by=(c.decided_by.get_full_name() or c.decided_by.username)
            if c.decided_by
            else "",
            decided_at=c.decided_at.isoformat(),
        )
        for c in Consensus.objects.filter(candidate__engagement=engagement).select_related(
            "indicator", "decided_by"
        )
    }


def calibrate(
    scores: pd.DataFrame, consensus: dict[tuple[int, str], ConsensusInfo]
) -> pd.DataFrame:
    """``scores`` with every scored answer of a (candidate, indicator) that has a consensus
    score set to it, so the assessors' aggregate (mean or median) is the consensus; N/A and
    unknown answers and kept aggregates stay as they are."""
    agreed = {key: c.score for key, c in consensus.items() if c.score is not None}
    if not agreed or scores.empty:
        return scores
    # Only the scored answers of candidates with an agreed score are looked up: at 500
    # candidates, a lookup for each of the 75,000 rows took longer than the whole ranking.
    candidates = {candidate for candidate, _code in agreed}
    theirs = scores[scores["candidate"].isin(candidates)]
    scored = theirs[theirs["status"] == SCORED]
    keys = zip(scored["candidate"], scored["indicator"], strict=True)
    override = pd.Series([agreed.get(key) for key in keys], index=scored.index, dtype=float)
    calibrated = scores.copy()
    replace = override.index[override.notna()]
    calibrated.loc[replace, "score"] = override[replace]
    return calibrated


def load_base_inputs(engagement: Engagement) -> Inputs:
    """Everything the ranking of ``engagement`` depends on but the assessors' scores and the
    calibration outcomes (empty in what this returns; :func:`with_scores` adds them)."""
    criteria, indicators, indicator_rows, value_functions = _catalogue(engagement)
    candidate_rows = list(candidates_for_measures(engagement))
    cost = cost_criterion(engagement)
    if cost is not None:
        criteria.append(CriterionInfo(COST_CRITERION, _("Cost (TCO)"), cost[0]))
    gate_rows = list(engagement.gates.all())
    facts = gate_checks(engagement, candidate_rows, {g.fact for g in gate_rows})
    figures = measured_figures(engagement, candidate_rows, indicator_rows)
    return Inputs(
        engagement_id=engagement.pk,
        ranking_method=engagement.ranking_method,
        aggregation=engagement.aggregation,
        disagreement_threshold=float(engagement.disagreement_threshold),
        seats=engagement.peak_seats,
        criteria=criteria,
        indicators=indicators,
        candidates=[_candidate_info(c) for c in candidate_rows],
        gates=[GateInfo(g.code, g.name, g.fact, g.legal_basis) for g in gate_rows],
        scores=pd.DataFrame.from_records([], columns=SCORE_COLUMNS),
        assessors={},
        notes={},
        figures=figures,
        facts=facts,
        value_functions=value_functions,
        cost_scores=cost[1] if cost is not None else {},
        min_completeness=float(engagement.min_completeness),
        waivers=_waivers(engagement),
        as_of=engagement.as_of,
    )


def load_inputs(engagement: Engagement) -> Inputs:
    """Read everything the ranking of ``engagement`` depends on (a fixed number of queries,
    whatever the number of candidates, indicators and assessors)."""
    submitted, assessors, notes = _submitted_scores(engagement)
    consensus = _consensus(engagement)
    return dataclasses.replace(
        load_base_inputs(engagement),
        scores=calibrate(submitted, consensus),
        assessor_scores=submitted,
        consensus=consensus,
        assessors=assessors,
        notes=notes,
    )
