"""Engine inputs and results as JSON, for published decisions.

:func:`snapshot_inputs` writes an :class:`~scorecard.ranking.inputs.Inputs` (plus the as-of
date, the AHP judgements, the cost record, the scope and the compliance record: what a
decision's report shows beside the ranking, :mod:`scorecard.reports.frozen`) as a JSON-ready
dict; :func:`inputs_from_snapshot`
reads it back into the same ``Inputs``, so :func:`scorecard.ranking.evaluate.evaluate` ranks a
decision's frozen inputs exactly as it ranked the live ones when the decision was published,
whatever has changed in the database or the calendar since. :func:`snapshot_results` is the
stored ranking, and the shape of ``manage.py rank --decision N --format json``.

Floats survive JSON unchanged (Python writes the shortest text that reads back to the same
float); NaN (an unknown score) is written as ``null``.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
from django.core.serializers.json import DjangoJSONEncoder

from scorecard.domain.decisions import SNAPSHOT_FORMAT
from scorecard.engine import ValueFunction
from scorecard.models import Engagement, PairwiseJudgement, Quote
from scorecard.ranking.evaluate import Results, evaluate
from scorecard.ranking.inputs import (
    CandidateInfo,
    ConsensusInfo,
    CriterionInfo,
    GateInfo,
    IndicatorInfo,
    Inputs,
    WaiverInfo,
)
from scorecard.ranking.measures import Figure, GateCheck
from scorecard.selectors.costs import get_assumptions, statutory_rates

_ENCODER = DjangoJSONEncoder()


def _plain(value: Any) -> Any:
    """A model field value as JSON (decimals and dates as text, like Django's serialiser)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return _ENCODER.default(value)


def _number(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def cost_record(engagement: Engagement) -> dict[str, Any]:
    """The cost assumptions, quotes, statutory rates and each candidate's wage zone as they
    stand: what the report's TCOs and statutory tests are worked out from (the cost scores
    the ranking used are frozen in ``cost_scores``)."""
    assumptions = get_assumptions(engagement)
    quotes = Quote.objects.filter(candidate__engagement=engagement).order_by("candidate_id")
    skip = {"id", "candidate", "updated_at"}
    zones = engagement.candidates.values_list("pk", "primary_site__city__wage_zone")
    return {
        "rates": sorted(
            ({k: _plain(v) for k, v in vars(rate.to_rate()).items()} for rate in statutory_rates()),
            key=lambda r: (r["code"], r["from_year"], r["zone"]),
        ),
        "zones": [{"candidate": pk, "zone": zone} for pk, zone in sorted(zones)],
        "assumptions": (
            {f: _plain(getattr(assumptions, f)) for f in assumptions.INPUT_FIELDS}
            if assumptions is not None
            else None
        ),
        "quotes": [
            {"candidate": q.candidate_id}
            | {
                f.attname: _plain(getattr(q, f.attname))
                for f in Quote._meta.concrete_fields
                if f.name not in skip
            }
            for q in quotes
        ],
    }


def scope_record(engagement: Engagement) -> dict[str, Any]:
    """The scope as it stands: the seat plan (go-live seats, target and its month) and the
    go-live date (what the report's seat table, TCO months and conditions read)."""
    return {
        "seats": engagement.seats,
        "target_seats": engagement.target_seats,
        "target_seats_month": engagement.target_seats_month,
        "go_live": _plain(engagement.go_live),
    }


def judgement_record(engagement: Engagement) -> list[dict[str, Any]]:
    """The AHP pairwise judgements the weights came from (empty with direct weights)."""
    rows = PairwiseJudgement.objects.filter(engagement=engagement).values_list(
        "row__code", "column__code", "value"
    )
    return [{"row": r, "column": c, "value": str(v)} for r, c, v in sorted(rows)]


def _consultant_rulings(inputs: Inputs) -> dict[str, list[dict[str, Any]]]:
    """The gate waivers and calibration outcomes the consultants recorded."""
    return {
        "waivers": [
            {"candidate": cand, "gate": code}
            | vars(waiver)
            | {"waived_at": waiver.waived_at.isoformat()}
            for (cand, code), waiver in sorted(inputs.waivers.items())
        ],
        "consensus": [
            {"candidate": cand, "indicator": ind} | vars(info)
            for (cand, ind), info in sorted(inputs.consensus.items())
        ],
    }


def snapshot_inputs(
    inputs: Inputs,
    *,
    as_of: dt.date,
    judgements: list[dict[str, Any]],
    costs: dict[str, Any],
    scope: dict[str, Any] | None = None,
    compliance: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """``inputs`` as a JSON-ready dict (see the module docstring); ``scope`` and
    ``compliance`` (:func:`scope_record`, :func:`compliance_record`) are added when given."""
    scores = [
        {
            "candidate": int(row.candidate),
            "indicator": row.indicator,
            "assessor": int(row.assessor),
            "score": _number(row.score),
            "status": row.status,
        }
        for row in inputs.scores.itertuples(index=False)
    ]
    snapshot = {
        "format": SNAPSHOT_FORMAT,
        "engagement": inputs.engagement_id,
        "as_of": as_of.isoformat(),
        "settings": {
            "ranking_method": inputs.ranking_method,
            "aggregation": inputs.aggregation,
            "disagreement_threshold": inputs.disagreement_threshold,
            "seats": inputs.seats,
            "min_completeness": inputs.min_completeness,
        },
        "criteria": [vars(c) for c in inputs.criteria],
        "indicators": [
            vars(i)
            | {
                "function": (
                    inputs.value_functions[i.code].to_dict()
                    if inputs.value_functions.get(i.code) is not None
                    else None
                )
            }
            for i in inputs.indicators
        ],
        "judgements": judgements,
        "candidates": [vars(c) | {"sites": list(c.sites)} for c in inputs.candidates],
        "gates": [vars(g) for g in inputs.gates],
        "facts": [
            {"candidate": cand, "fact": fact, "value": check.value, "shown": check.shown}
            for cand, checks in sorted(inputs.facts.items())
            for fact, check in sorted(checks.items())
        ],
        "scores": scores,
        "assessors": {str(user): name for user, name in sorted(inputs.assessors.items())},
        "notes": [
            {
                "candidate": cand,
                "indicator": ind,
                "assessor": user,
                "note": note,
                "confidence": confidence,
            }
            for (cand, ind, user), (note, confidence) in sorted(inputs.notes.items())
        ],
        "figures": [
            {"candidate": cand, "indicator": ind}
            | vars(figure)
            | {"as_of": figure.as_of.isoformat() if figure.as_of else None}
            for (cand, ind), figure in sorted(inputs.figures.items())
        ],
        "cost_scores": [
            {"candidate": cand, "score": _number(score)}
            for cand, score in sorted(inputs.cost_scores.items())
        ],
        "costs": costs,
    }
    extra = {"scope": scope, "compliance": compliance}
    return (
        snapshot | {k: v for k, v in extra.items() if v is not None} | _consultant_rulings(inputs)
    )


def _figure(row: dict[str, Any]) -> Figure:
    fields = {k: v for k, v in row.items() if k not in ("candidate", "indicator")}
    as_of = fields.pop("as_of")
    return Figure(**fields, as_of=dt.date.fromisoformat(as_of) if as_of else None)


def _waiver(row: dict[str, Any]) -> WaiverInfo:
    fields = {k: v for k, v in row.items() if k != "candidate"}
    return WaiverInfo(**fields | {"waived_at": dt.datetime.fromisoformat(row["waived_at"])})


def inputs_from_snapshot(snapshot: dict[str, Any]) -> Inputs:
    """The :class:`Inputs` written by :func:`snapshot_inputs` (the engine sees the same)."""
    settings = snapshot["settings"]
    scores = pd.DataFrame.from_records(
        [
            (
                s["candidate"],
                s["indicator"],
                s["assessor"],
                float("nan") if s["score"] is None else s["score"],
                s["status"],
            )
            for s in snapshot["scores"]
        ],
        columns=["candidate", "indicator", "assessor", "score", "status"],
    )
    facts: dict[int, dict[str, GateCheck]] = {}
    for row in snapshot["facts"]:
        facts.setdefault(row["candidate"], {})[row["fact"]] = GateCheck(row["value"], row["shown"])
    indicator_fields = set(IndicatorInfo.__dataclass_fields__)
    return Inputs(
        engagement_id=snapshot["engagement"],
        ranking_method=settings["ranking_method"],
        aggregation=settings["aggregation"],
        disagreement_threshold=settings["disagreement_threshold"],
        seats=settings["seats"],
        criteria=[CriterionInfo(**c) for c in snapshot["criteria"]],
        indicators=[
            IndicatorInfo(**{k: v for k, v in i.items() if k in indicator_fields})
            for i in snapshot["indicators"]
        ],
        candidates=[
            CandidateInfo(**(c | {"sites": tuple(c["sites"])})) for c in snapshot["candidates"]
        ],
        gates=[GateInfo(**g) for g in snapshot["gates"]],
        scores=scores,
        assessors={int(user): name for user, name in snapshot["assessors"].items()},
        notes={
            (n["candidate"], n["indicator"], n["assessor"]): (n["note"], n["confidence"])
            for n in snapshot["notes"]
        },
        figures={(f["candidate"], f["indicator"]): _figure(f) for f in snapshot["figures"]},
        facts=facts,
        value_functions={
            i["code"]: ValueFunction.from_dict(i["function"])
            for i in snapshot["indicators"]
            if i.get("function")
        },
        cost_scores={c["candidate"]: c["score"] for c in snapshot["cost_scores"]},
        min_completeness=settings["min_completeness"],
        waivers={(w["candidate"], w["gate"]): _waiver(w) for w in snapshot["waivers"]},
        consensus={
            (c["candidate"], c["indicator"]): ConsensusInfo(
                **{k: v for k, v in c.items() if k not in ("candidate", "indicator")}
            )
            for c in snapshot["consensus"]
        },
        as_of=dt.date.fromisoformat(snapshot["as_of"]),
    )


def snapshot_results(results: Results, *, as_of: dt.date | str) -> dict[str, Any]:
    """The ranking of ``results`` as JSON: ``{"as_of", "method", "candidates": [...]}``, each
    candidate with its ``status``, ``rank`` (``null`` unless ranked), ``score`` (points of
    100), ``completeness`` (0–1) and ``reasons``, ranked ones first."""
    return {
        "as_of": as_of if isinstance(as_of, str) else as_of.isoformat(),
        "method": results.method,
        "candidates": [
            {
                "id": row.candidate.id,
                "label": row.candidate.label,
                "status": row.status,
                "rank": row.rank,
                "score": row.total,
                "completeness": row.completeness,
                "reasons": [*row.disqualified, *(gap.name for gap in row.missing), *row.unverified],
                "missing": [gap.name for gap in row.missing],
                "waived": [waiver.gate_name for waiver in row.waivers],
                "disqualified": row.disqualified,
                "unverified": row.unverified,
                "criterion_scores": row.criterion_scores,
                "contributions": row.contributions,
            }
            for row in results.rows
        ],
    }


def evaluation_date(engagement: Engagement) -> dt.date:
    """The date the live inputs are evaluated at: the engagement's evaluation date."""
    return engagement.as_of


def rank_snapshot(snapshot: dict[str, Any], *, method: str | None = None) -> Results:
    """Rank frozen inputs (with the decision's method unless ``method`` is given)."""
    return evaluate(inputs_from_snapshot(snapshot), method=method)
