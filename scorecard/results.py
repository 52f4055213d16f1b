"""Engagement results: ORM rows → the decision engine → plain data for pages, exports, report.

:func:`load_inputs` reads everything a ranking depends on in a fixed number of queries
(whatever the number of candidates, indicators and assessors); :func:`evaluate` runs the
engine on those inputs, with the engagement's weights or with what-if weights; and
:func:`get_results` caches both under a data version that every write to the reference data or
to an engagement replaces (see ``scorecard.signals``), so a dashboard does not recompute on
every view and never shows a ranking older than the data.

Only *submitted* assessments count. A gate whose fact has no data does not disqualify: it is
reported as unverified next to the candidate, on every page and in the report.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field

import pandas as pd
from django.core.cache import cache
from django.utils.translation import gettext as _

from scorecard import engine
from scorecard.costs.selectors import COST_CRITERION, cost_criterion
from scorecard.measures import (
    Figure,
    GateCheck,
    candidates_for_measures,
    gate_checks,
    measured_figures,
)
from scorecard.models import (
    AssessmentStatus,
    Criterion,
    CriterionWeight,
    Engagement,
    IndicatorWeight,
    RankingMethod,
    Score,
)
from scorecard.models.catalogue import GATE_FACT_OPERATORS, GateOperator

VERSION_KEY = "scorecard:data-version"
# Part of every key: bump it when Inputs or Results change shape, so that pickles written by
# an older release (the file and Redis caches outlive a deploy) are never read back.
FORMAT = 2
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
    cache.delete(VERSION_KEY)


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


@dataclass(frozen=True)
class GateInfo:
    code: str
    name: str
    fact: str
    legal_basis: str


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
    scores: pd.DataFrame  # long: candidate, indicator, assessor, score, status
    assessors: dict[int, str]  # user id -> display name
    notes: dict[tuple[int, str, int], tuple[str, str]]  # (cand, ind, user) -> (note, confidence)
    figures: dict[tuple[int, str], Figure]
    facts: dict[int, dict[str, GateCheck]]
    value_functions: dict[str, object] = field(default_factory=dict)
    # Cost as an extra criterion (scorecard.costs): candidate id -> 0–5, None without pricing.
    cost_scores: dict[int, float | None] = field(default_factory=dict)

    @property
    def criterion_weights(self) -> dict[str, float]:
        return {c.code: c.weight for c in self.criteria}

    @property
    def candidate_by_id(self) -> dict[int, CandidateInfo]:
        return {c.id: c for c in self.candidates}


@dataclass
class RankingRow:
    candidate: CandidateInfo
    rank: int | None
    total: float | None
    completeness: float
    contributions: dict[str, float]  # criterion code -> points of the total
    criterion_scores: dict[str, float | None]  # criterion code -> 0–5 (None: no data)
    disqualified: list[str]
    unverified: list[str]


class Results:
    """A ranking of an engagement's candidates, and what it was computed from.

    ``inputs`` is not pickled with the results: pages that only show the ranking never pay
    for unpickling every score; pages that need the scores reload them from their own cache
    entry on first access.
    """

    def __init__(self, inputs, method, weights, result, ranked, excluded) -> None:
        self._inputs: Inputs | None = inputs
        self._load_inputs = None
        self.engagement_id = inputs.engagement_id
        self.criteria: list[CriterionInfo] = inputs.criteria
        self.n_assessors = len(inputs.assessors)
        self.disagreement_threshold = inputs.disagreement_threshold
        self.method: str = method
        self.weights: dict[str, float] = weights  # criterion code -> percentage points
        # The engine's full result, for this process only (not pickled: the cache keeps what
        # pages show, and the decision matrix the sensitivity analyses need).
        self.result = result  # scorecard.engine.EngagementResult (None without candidates)
        self.decision_matrix = result.decision_matrix if result is not None else None
        self.engine_weights = result.weights if result is not None else None
        self.ranked: list[RankingRow] = ranked
        self.excluded: list[RankingRow] = excluded

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_inputs"] = None
        state["_load_inputs"] = None
        state["result"] = None
        return state

    def _sensitivity_matrix(self):
        if self.decision_matrix is None or len(self.decision_matrix) < 1:
            raise ValueError("no eligible candidates to analyse")
        # Criteria without data count as 0, as in the totals.
        return self.decision_matrix.fillna(0.0)

    @property
    def _normalization(self) -> str:
        return "none" if self.method == RankingMethod.WEIGHTED_SUM else "vector"

    def weight_stability(self):
        """How far each criterion weight can move before the leader changes (exact)."""
        return engine.weight_stability(
            self._sensitivity_matrix(),
            self.engine_weights,
            method=self.method,
            normalization=self._normalization,
        )

    def rank_acceptability(self, n_samples: int = 10_000, seed: int | None = 0):
        """SMAA-2 rank acceptability around the agreed weights."""
        return engine.rank_acceptability(
            self._sensitivity_matrix(),
            self.engine_weights,
            method=self.method,
            n_samples=n_samples,
            seed=seed,
            normalization=self._normalization,
        )

    @property
    def inputs(self) -> Inputs:
        if self._inputs is None:
            if self._load_inputs is None:
                raise RuntimeError("Results were unpickled without a way to reload inputs.")
            self._inputs = self._load_inputs()
        return self._inputs

    @property
    def winner(self) -> RankingRow | None:
        return self.ranked[0] if self.ranked else None

    @property
    def rows(self) -> list[RankingRow]:
        return [*self.ranked, *self.excluded]


def load_inputs(engagement: Engagement) -> Inputs:
    """Read everything the ranking of ``engagement`` depends on (a fixed number of queries)."""
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

    candidate_rows = list(candidates_for_measures(engagement))
    candidates = [
        CandidateInfo(
            id=c.pk,
            label=c.label,
            provider=c.provider.trade_name,
            provider_slug=c.provider.slug,
            city=c.primary_site.city.name,
            city_slug=c.primary_site.city.slug,
            sites=tuple(f"{s.name} ({s.city.name})" for s in c.sites.all()),
            seats_available=sum(s.seats_available for s in c.sites.all()),
        )
        for c in candidate_rows
    ]
    cost = cost_criterion(engagement)
    if cost is not None:
        criteria.append(CriterionInfo(COST_CRITERION, _("Cost (TCO)"), cost[0]))
    gate_rows = list(engagement.gates.all())
    gates = [GateInfo(g.code, g.name, g.fact, g.legal_basis) for g in gate_rows]
    facts = gate_checks(engagement, candidate_rows, {g.fact for g in gate_rows})
    figures = measured_figures(engagement, candidate_rows, indicator_rows)

    score_rows = list(
        Score.objects.filter(
            assessment__candidate__engagement=engagement,
            assessment__status=AssessmentStatus.SUBMITTED,
        ).values_list(
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
    for cand, ind, user, first, last, username, status, value, note, confidence in score_rows:
        assessors[user] = f"{first} {last}".strip() or username
        notes[(cand, ind, user)] = (note, confidence)
        records.append(
            (cand, ind, user, float(value) if value is not None else float("nan"), status)
        )
    scores = pd.DataFrame.from_records(
        records, columns=["candidate", "indicator", "assessor", "score", "status"]
    )
    return Inputs(
        engagement_id=engagement.pk,
        ranking_method=engagement.ranking_method,
        aggregation=engagement.aggregation,
        disagreement_threshold=float(engagement.disagreement_threshold),
        seats=engagement.seats,
        criteria=criteria,
        indicators=indicators,
        candidates=candidates,
        gates=gates,
        scores=scores,
        assessors=assessors,
        notes=notes,
        figures=figures,
        facts=facts,
        value_functions=value_functions,
        cost_scores=cost[1] if cost is not None else {},
    )


def _engine_gates(inputs: Inputs) -> tuple[list, dict[int, dict[str, object]]]:
    gates = []
    for gate in inputs.gates:
        operator = GATE_FACT_OPERATORS[gate.fact]
        if operator == GateOperator.AT_LEAST:
            gates.append(engine.Gate(gate.code, gate.name, gate.fact, ">=", inputs.seats))
        else:  # true/false facts, and "contains all" computed as a true/false fact
            gates.append(engine.Gate(gate.code, gate.name, gate.fact, "is_true", None))
    facts = {
        cand: {fact: check.value for fact, check in checks.items()}
        for cand, checks in inputs.facts.items()
    }
    return gates, facts


def _gate_reasons(inputs: Inputs, candidate_id: int, codes: list[str]) -> list[str]:
    checks = inputs.facts.get(candidate_id, {})
    by_code = {g.code: g for g in inputs.gates}
    reasons = []
    for code in codes:
        gate = by_code.get(code)
        if gate is None:
            continue
        check = checks.get(gate.fact)
        shown = check.shown if check else _("no data")
        reasons.append(f"{gate.name}: {shown}")
    return reasons


def _failed_gate_codes(inputs: Inputs, candidate_id: int, *, unknown: bool) -> list[str]:
    checks = inputs.facts.get(candidate_id, {})
    codes = []
    for gate in inputs.gates:
        check = checks.get(gate.fact)
        value = check.value if check else None
        if unknown:
            if value is None:
                codes.append(gate.code)
            continue
        if value is None:
            continue
        operator = GATE_FACT_OPERATORS[gate.fact]
        passed = value >= inputs.seats if operator == GateOperator.AT_LEAST else bool(value)
        if not passed:
            codes.append(gate.code)
    return codes


def evaluate(
    inputs: Inputs, *, method: str | None = None, criterion_weights: dict[str, float] | None = None
) -> Results:
    """Rank ``inputs`` with ``method`` (the engagement's by default) and ``criterion_weights``
    (percentage points; the engagement's by default)."""
    method = method or inputs.ranking_method
    if method not in RankingMethod.values:
        raise ValueError(f"Unknown ranking method {method!r}")
    weights = dict(criterion_weights or inputs.criterion_weights)
    if not inputs.candidates:
        return Results(inputs, method, weights, result=None, ranked=[], excluded=[])
    specs = [
        engine.IndicatorSpec(
            code=i.code,
            criterion=i.criterion,
            weight=i.weight,
            kind=i.kind,
            value_function=inputs.value_functions.get(i.code),
            name=i.name,
        )
        for i in inputs.indicators
        if i.weight > 0 and weights.get(i.criterion, 0) >= 0
    ]
    measured = {key: figure.value for key, figure in inputs.figures.items()}
    gates, facts = _engine_gates(inputs)
    extra = None
    if COST_CRITERION in weights:
        extra = pd.DataFrame(
            {COST_CRITERION: [inputs.cost_scores.get(c.id) for c in inputs.candidates]},
            index=[c.id for c in inputs.candidates],
            dtype=float,
        )
    result = engine.evaluate_engagement(
        candidates=[c.id for c in inputs.candidates],
        indicators=specs,
        criterion_weights=weights,
        assessor_scores=inputs.scores,
        measured=measured,
        extra_criterion_scores=extra,
        gates=gates,
        facts=facts,
        method=method,
        aggregation=inputs.aggregation,
        disagreement_threshold=inputs.disagreement_threshold,
    )
    ranked, excluded = [], []
    contributions = result.contributions.to_dict("index")
    criterion_scores = result.criterion_scores.to_dict("index")
    for candidate in inputs.candidates:
        cid = candidate.id
        failed = _failed_gate_codes(inputs, cid, unknown=False)
        row = RankingRow(
            candidate=candidate,
            rank=int(result.ranks[cid]) if cid in result.ranks.index else None,
            total=_float(result.totals.get(cid)),
            completeness=float(result.completeness.get(cid, 0.0)),
            contributions={
                code: _float(value) or 0.0 for code, value in contributions.get(cid, {}).items()
            },
            criterion_scores={
                code: _float(value) for code, value in criterion_scores.get(cid, {}).items()
            },
            disqualified=_gate_reasons(inputs, cid, failed),
            unverified=_gate_reasons(inputs, cid, _failed_gate_codes(inputs, cid, unknown=True)),
        )
        (ranked if row.rank is not None else excluded).append(row)
    ranked.sort(key=lambda r: (r.rank, -(r.total or 0), r.candidate.label))
    excluded.sort(key=lambda r: r.candidate.label)
    return Results(
        inputs=inputs,
        method=method,
        weights=weights,
        result=result,
        ranked=ranked,
        excluded=excluded,
    )


def _float(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if value != value else value  # NaN -> None


# The last few inputs this process used, so that a page needing two rankings (or a ranking
# then the scores) does not unpickle the same inputs twice. Keys carry the data version, so an
# entry is never stale; entries are read-only once built.
_recent_inputs: OrderedDict[str, Inputs] = OrderedDict()
_recent_lock = threading.Lock()
RECENT_INPUTS = 4


def get_inputs(engagement: Engagement) -> Inputs:
    key = f"scorecard:inputs:v{FORMAT}:{engagement.pk}:{data_version()}"
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
    key = f"scorecard:results:v{FORMAT}:{engagement.pk}:{method}:{data_version()}"
    results = cache.get(key)
    if results is None:
        results = evaluate(get_inputs(engagement), method=method)
        cache.set(key, results, CACHE_TIMEOUT)
    else:
        results._load_inputs = lambda: get_inputs(engagement)
    return results
