"""A published decision's scope, costs, checklist and risk register, read back from its
snapshot (:mod:`scorecard.ranking.snapshot` wrote them), in the shapes the report's sections
read live from the engagement (:mod:`scorecard.selectors.costs` and ``risks``), so a decision's
report shows what was decided, whatever has been edited since.

Decisions published before the snapshot kept a part (format 1 lacks the scope, the statutory
rates and wage zones, and the compliance record) get ``None`` for that part: the report then
shows it live and says so (:data:`LIVE_PARTS`).
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from scorecard.domain import statutory, tco
from scorecard.domain.flags import Flag
from scorecard.models import (
    LEGAL_BASIS,
    ComplianceItem,
    CostAssumptions,
    Engagement,
    Quote,
    RiskStatus,
)
from scorecard.selectors.compliance import ChecklistEntry
from scorecard.selectors.costs import CostOverview, priced_cost
from scorecard.selectors.risks import CandidateRisk, RiskOverview

# What a report of an older decision shows live, named in its notice.
LIVE_PARTS = {
    "scope": _("the seat plan and go-live date"),
    "costs": _("the quotes, cost assumptions and statutory rates"),
    "compliance": _("the compliance checklist and the risk register"),
}


@dataclass(frozen=True)
class FrozenCandidate:
    """A candidate as a decision named it (the report reads ``pk``/``id`` and ``label``)."""

    id: int
    label: str

    @property
    def pk(self) -> int:
        return self.id


def _candidates(snapshot: dict[str, Any]) -> dict[int, FrozenCandidate]:
    """The decision's candidates in the cost pages' order (provider, then city)."""
    ordered = sorted(snapshot["candidates"], key=lambda c: (c["provider"], c["city"], c["id"]))
    return {c["id"]: FrozenCandidate(c["id"], c["label"]) for c in ordered}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def scoped_engagement(engagement: Engagement, snapshot: dict[str, Any]) -> Engagement | None:
    """``engagement`` (an unsaved copy) with the decision's seat plan and go-live date, or
    ``None`` when the snapshot did not keep them. Its ``seat_plan``, ``peak_seats`` and
    ``seat_plan_in_words`` follow the one seat rule."""
    scope = snapshot.get("scope")
    if scope is None:
        return None
    scoped = copy.copy(engagement)
    scoped.seats = scope["seats"]
    scoped.target_seats = scope["target_seats"]
    scoped.target_seats_month = scope["target_seats_month"]
    scoped.go_live = _date(scope["go_live"])
    return scoped


def _model(model, row: dict[str, Any]):
    """An unsaved ``model`` instance of a snapshot row (field values read back from text)."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    return model(**{k: fields[k].to_python(v) for k, v in row.items() if k in fields})


def frozen_costs(snapshot: dict[str, Any], scoped: Engagement | None) -> CostOverview | None:
    """The decision's cost overview (every candidate's TCO and statutory test, worked out from
    its quotes, assumptions, rates, zones and seat plan), or ``None`` when it lacks them."""
    costs = snapshot.get("costs") or {}
    if scoped is None or "rates" not in costs or "zones" not in costs:
        return None
    assumptions = None
    if costs.get("assumptions") is not None:
        assumptions = _model(CostAssumptions, costs["assumptions"])
        assumptions.engagement = scoped
    pure = assumptions.to_assumptions() if assumptions else None
    table = tco.StatutoryTable(
        statutory.Rate(
            **row
            | {
                "value": _decimal(row["value"]),
                "low": _decimal(row["low"]),
                "high": _decimal(row["high"]),
                "as_of": _date(row["as_of"]),
            }
        )
        for row in costs["rates"]
    )
    quotes = {
        q["candidate"]: _model(Quote, q | {"candidate_id": q["candidate"]}) for q in costs["quotes"]
    }
    zones = {z["candidate"]: z["zone"] for z in costs["zones"]}
    rows = [
        priced_cost(candidate, quotes.get(candidate.id), zones.get(candidate.id, ""), pure, table)
        for candidate in _candidates(snapshot).values()
    ]
    return CostOverview(assumptions, rows)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def frozen_compliance(snapshot: dict[str, Any]) -> RiskOverview | None:
    """The decision's checklist and red flags of every candidate in the report's language (its
    consultant risks are in :func:`frozen_register`), or ``None`` when it lacks them."""
    record = snapshot.get("compliance")
    if record is None:
        return None
    by_language = record["candidates"]
    rows = by_language.get(get_language()) or by_language.get("en") or []
    candidates = _candidates(snapshot)
    items = [ComplianceItem(code) for code in record["items"]]
    overview_rows = []
    for row in rows:
        candidate = candidates.get(row["candidate"])
        if candidate is None:
            continue
        checklist = [
            ChecklistEntry(
                item=entry["item"],
                label=ComplianceItem(entry["item"]).label,
                legal_basis=LEGAL_BASIS[ComplianceItem(entry["item"])],
                status=entry["status"],
                note=entry["note"],
                derived_from=entry["derived_from"],
                expires_on=_date(entry["expires_on"]),
                updated_by=entry["updated_by"],
            )
            for entry in row["checklist"]
        ]
        flags = [FrozenFlag.of(flag) for flag in row["flags"]]
        overview_rows.append(CandidateRisk(candidate=candidate, flags=flags, checklist=checklist))
    return RiskOverview(
        rows=overview_rows,
        risks=[],
        items=[(item.value, item.label, LEGAL_BASIS[item]) for item in items],
    )


@dataclass(frozen=True)
class FrozenFlag(Flag):
    """A red flag as published, with the team's review of it then."""

    review_status: str = RiskStatus.OPEN
    owner: str = ""
    mitigation: str = ""

    @classmethod
    def of(cls, row: dict[str, Any]) -> FrozenFlag:
        return cls(**row)


def frozen_register(snapshot: dict[str, Any], overview: RiskOverview, entry_type) -> list:
    """The decision's risk register rows, unsorted: its consultant risks and the red flags of
    ``overview`` (:func:`frozen_compliance` of ``snapshot``) with the team's reviews then
    (``entry_type``: the report's ``RegisterEntry``)."""
    labels = {c.id: c.label for c in _candidates(snapshot).values()}
    entries = [
        entry_type(
            severity=risk["severity"],
            title=risk["title"],
            reason=risk["description"],
            candidate=labels.get(risk["candidate"], "") if risk["candidate"] else "",
            candidate_id=risk["candidate"],
            automatic=False,
            likelihood=risk["likelihood"],
            impact=risk["impact"],
            owner=risk["owner"],
            mitigation=risk["mitigation"],
            status=str(RiskStatus(risk["status"]).label),
            closed=risk["status"] == RiskStatus.CLOSED,
        )
        for risk in snapshot["compliance"]["risks"]
    ]
    for row in overview.rows:
        entries += [
            entry_type(
                severity=flag.severity,
                title=flag.title,
                reason=flag.reason,
                candidate=row.candidate.label,
                candidate_id=row.candidate.id,
                automatic=True,
                owner=flag.owner,
                mitigation=flag.mitigation,
                status=str(RiskStatus(flag.review_status).label),
                closed=flag.review_status == RiskStatus.CLOSED,
            )
            for flag in row.flags
        ]
    return entries
