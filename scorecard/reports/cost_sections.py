"""Builders of the cost, compliance, risk and governance sections (registered in ``sections``).

They read what the web pages read (:mod:`scorecard.selectors.costs` and ``risks``, through the
cached properties of :class:`~scorecard.reports.context.ReportData`), so the report and the Costs,
Compliance & risks and Governance tabs show the same figures.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from scorecard import charts
from scorecard.domain.sustainability import Verdict
from scorecard.domain.tco import Scenario
from scorecard.domain.value import efficient_frontier
from scorecard.formats import short_date
from scorecard.reports.context import ReportChart, ReportData, severity_label

# Checklist tables: this many candidates side by side fit the A4 text block.
CHECKLIST_COLUMNS = 4


def verdict_label(verdict: str | None) -> str:
    return {
        Verdict.COVERS: _("covers the statutory cost"),
        Verdict.TIGHT: _("tight: depends on unquantified items"),
        Verdict.BELOW: _("below the statutory floor"),
        Verdict.NOT_APPLICABLE: _("not applicable (per transaction)"),
    }.get(verdict, "—")


def _money(value: Decimal | None, places: int = 0) -> str:
    if value is None:
        return "—"
    return number_format(value, places, force_grouping=True)


def _totals(data: ReportData) -> dict[int, float | None]:
    return {row.candidate.id: row.total for row in data.results.rows}


def value_points(data: ReportData) -> tuple[list[tuple[str, float, float]], list[str]]:
    """(label, TCO, total score) of every candidate with both, as the Costs page plots them."""
    totals = _totals(data)
    points = [
        (row.candidate.label, float(row.tco.base.total), totals[row.candidate.pk])
        for row in data.costs.priced
        if totals.get(row.candidate.pk) is not None
    ]
    return points, efficient_frontier({label: (cost, score) for label, cost, score in points})


def worked_explanation(data: ReportData) -> str:
    """One paragraph: how the recommended candidate's TCO is made up (empty without one)."""
    winner = data.results.winner
    cost = data.cost_by_candidate.get(winner.candidate.id) if winner else None
    assumptions = data.costs.assumptions
    if cost is None or not cost.has_pricing or assumptions is None:
        return ""
    quote, result = cost.quote, cost.tco
    parts = result.components
    currency = quote.currency
    text = _(
        "%(candidate)s quotes %(currency)s %(price)s %(basis)s for %(quantity)s units. Over "
        "%(years)s year(s) from %(start)s, month by month, that is %(currency)s %(labour)s of "
        "labour (grown by the 40-hour-week reform and wage inflation), %(currency)s "
        "%(overtime)s of overtime, %(currency)s %(technology)s of technology, %(currency)s "
        "%(continuity)s of continuity and security, %(currency)s %(governance)s of your own "
        "governance effort and %(currency)s %(one_off)s of one-off fees: USD %(total)s at "
        "%(fx)s MXN per USD (rate of %(fx_date)s)."
    ) % {
        "candidate": winner.candidate.label,
        "currency": currency,
        "price": _money(quote.price, 2),
        "basis": quote.get_basis_display(),
        "quantity": _money(quote.quantity, 0),
        "years": assumptions.horizon_years,
        "start": date_format(assumptions.first_month(), "YEAR_MONTH_FORMAT"),
        "labour": _money(parts.get("labour")),
        "overtime": _money(parts.get("overtime")),
        "technology": _money(parts.get("technology")),
        "continuity": _money(parts.get("continuity")),
        "governance": _money(parts.get("governance")),
        "one_off": _money(parts.get("one_off")),
        "total": _money(result.base.total),
        "fx": _money(assumptions.fx_rate, 4),
        "fx_date": short_date(assumptions.fx_date),
    }
    stronger = result.scenarios[Scenario.PESO_STRONGER].total
    weaker = result.scenarios[Scenario.PESO_WEAKER].total
    text += " " + _(
        "With the peso %(shock)s%% stronger it would be USD %(stronger)s; %(shock)s%% weaker, "
        "USD %(weaker)s."
    ) % {
        "shock": _money(assumptions.fx_shock_pct, 1),
        "stronger": _money(stronger),
        "weaker": _money(weaker),
    }
    if result.productive_hours:
        text += " " + _(
            "Divided by %(hours)s productive hours, that is USD %(rate)s per productive hour."
        ) % {
            "hours": _money(result.productive_hours),
            "rate": _money(result.base.per_productive_hour, 2),
        }
    if result.resolved_contacts:
        text += " " + _(
            "Divided by %(resolved)s contacts resolved the first time, USD %(rate)s per "
            "resolved contact."
        ) % {
            "resolved": _money(result.resolved_contacts),
            "rate": _money(result.base.per_resolved_contact, 2),
        }
    text += " " + _("Statutory test: %(verdict)s.") % {"verdict": verdict_label(cost.verdict)}
    return text


def build_costs(data: ReportData) -> dict:
    totals = _totals(data)
    points, frontier = value_points(data)
    rows = [
        {
            "label": row.candidate.label,
            "cost": row,
            "verdict": verdict_label(row.verdict) if row.has_pricing else "",
            "total": totals.get(row.candidate.pk),
        }
        for row in data.costs.rows
    ]
    plotted = {label for label, _cost, _score in points}
    return {
        "assumptions": data.costs.assumptions,
        "rows": rows,
        "unpriced": [row["label"] for row in rows if not row["cost"].quote],
        "not_plotted": [
            row["label"] for row in rows if row["cost"].has_pricing and row["label"] not in plotted
        ],
        "value": ReportChart(charts.value_chart(points, frontier)) if points else None,
        "explanation": worked_explanation(data),
        "winner": data.results.winner,
    }


def build_compliance(data: ReportData) -> dict:
    overview = data.compliance
    rows = overview.rows
    groups = []
    for start in range(0, len(rows), CHECKLIST_COLUMNS):
        chunk = rows[start : start + CHECKLIST_COLUMNS]
        groups.append(
            {
                "candidates": [row.candidate.label for row in chunk],
                "items": [
                    (label, basis, [row.checklist[k] for row in chunk])
                    for k, (_code, label, basis) in enumerate(overview.items)
                ],
            }
        )
    flags = [
        {
            "candidate": row.candidate.label,
            "flags": [(severity_label(f.severity), f.severity, f) for f in row.flags],
        }
        for row in rows
    ]
    return {"groups": groups, "flags": flags}


def build_register(data: ReportData) -> dict:
    return {
        "entries": [(severity_label(e.severity), e) for e in data.risk_register],
        "consultant": sum(1 for e in data.risk_register if not e.automatic),
    }


def build_governance(data: ReportData) -> dict:
    plan, kpis = data.governance
    return {"plan": plan, "kpis": kpis}


def compliance_summary(data: ReportData, candidate_id: int) -> dict | None:
    """Counts of a candidate's checklist statuses, for its profile."""
    row = data.compliance_by_candidate.get(candidate_id)
    if row is None:
        return None
    counts: dict[str, int] = {}
    for entry in row.checklist:
        counts[entry.status] = counts.get(entry.status, 0) + 1
    return {
        "met": counts.get("met", 0),
        "not_met": counts.get("not_met", 0),
        "unknown": counts.get("unknown", 0),
        "not_applicable": counts.get("not_applicable", 0),
        "missing": [e.label for e in row.checklist if e.status == "not_met"],
        "flags": [(severity_label(f.severity), f) for f in row.flags],
    }


def fingerprint_costs(data: ReportData) -> dict:
    """Every cost, compliance, risk and governance input (raw rows) and what was derived."""
    from scorecard.models import ComplianceCheck, CostAssumptions, Quote

    engagement = data.engagement
    assumptions = data.costs.assumptions
    quotes = sorted(
        (
            sorted((k, str(v)) for k, v in row.items() if k not in ("id", "updated_at"))
            for row in Quote.objects.filter(candidate__engagement=engagement).values()
        ),
        key=str,
    )
    checks = sorted(
        (
            c.candidate_id,
            c.item,
            c.status,
            c.evidence,
            str(c.issued_on or ""),
            str(c.expires_on or ""),
        )
        for c in ComplianceCheck.objects.filter(candidate__engagement=engagement)
    )
    plan, kpis = data.governance
    return {
        "assumptions": [str(getattr(assumptions, name)) for name in CostAssumptions.INPUT_FIELDS]
        if assumptions
        else None,
        "quotes": quotes,
        "checks": checks,
        "rates": sorted(
            (
                r.code,
                r.from_year,
                r.zone,
                str(r.value),
                str(r.low),
                str(r.high),
                r.unit,
                r.legal_basis,
                str(r.as_of),
                r.source.title if r.source_id else "",
            )
            for r in data.statutory_rates
        ),
        "register": [
            (
                e.severity,
                e.title,
                e.reason,
                e.candidate,
                e.likelihood,
                e.impact,
                e.owner,
                e.mitigation,
                e.status,
            )
            for e in data.risk_register
        ],
        "checklist": [
            (row.candidate.pk, e.item, e.status, e.note, e.derived_from, str(e.expires_on or ""))
            for row in data.compliance.rows
            for e in row.checklist
        ],
        "governance": [
            plan.reporting_cadence,
            plan.escalation_path,
            plan.audit_rights,
            plan.audit_cadence,
            [(k.name, k.target, k.unit, k.measurement, k.order) for k in kpis],
        ]
        if plan
        else None,
    }
