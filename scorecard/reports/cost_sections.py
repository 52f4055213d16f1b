"""Builders of the cost, compliance, risk and governance sections (registered in ``sections``).

They read what the web pages read (:mod:`scorecard.selectors.costs` and ``risks``, through the
cached properties of :class:`~scorecard.reports.context.ReportData`), so the report and the Costs,
Compliance & risks and Governance tabs show the same figures.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from scorecard import charts
from scorecard.domain.sustainability import Verdict
from scorecard.domain.tco import REPORTING_CURRENCY, Scenario
from scorecard.domain.weights import round_percentages
from scorecard.formats import short_date
from scorecard.reports.context import RegisterEntry, ReportChart, ReportData, severity_label
from scorecard.reports.decision import fx_carrier
from scorecard.selectors import costs as cost_selectors

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
    """``value`` rounded half up to ``places``, as the tables' ``floatformat`` rounds it
    (Django's ``number_format`` cuts the digits off instead: 36,059,121.50 read 36,059,121
    in the text beside 36,059,122 in the table)."""
    if value is None:
        return "—"
    unit = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(unit, rounding=ROUND_HALF_UP)
    return number_format(rounded, places, force_grouping=True)


def shown_parts(parts: dict[str, Decimal], total: Decimal) -> dict[str, Decimal]:
    """``parts`` (non-negative, adding up to ``total``) in whole units that add up to
    ``total`` rounded half up, by the report's one rounding rule (largest remainder,
    :func:`scorecard.domain.weights.round_percentages`), so the printed parts sum to the
    printed total."""
    whole = int(Decimal(str(total)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if whole <= 0 or sum(parts.values()) <= 0:
        return {key: Decimal(str(value)).quantize(Decimal(1)) for key, value in parts.items()}
    return round_percentages(parts, total=whole, places=0)


def _totals(data: ReportData) -> dict[int, float | None]:
    return {row.candidate.id: row.total for row in data.results.rows}


def value_points(data: ReportData):
    """The value map the Costs page plots (frontier from eligible candidates only)."""
    return cost_selectors.value_map(data.costs, data.results.rows, data.inputs.seats)


def worked_explanation(data: ReportData) -> str:
    """One paragraph: how the recommended candidate's TCO is made up (empty without one)."""
    winner = data.results.winner
    cost = data.cost_by_candidate.get(winner.candidate.id) if winner else None
    assumptions = data.costs.assumptions
    if cost is None or not cost.has_pricing or assumptions is None:
        return ""
    quote, result = cost.quote, cost.tco
    currency = quote.currency
    # In USD the parts add up to the total printed after them (in MXN they are pesos).
    parts = (
        shown_parts(result.components, result.base.total)
        if currency == REPORTING_CURRENCY
        else result.components
    )
    text = _(
        "%(candidate)s quotes %(currency)s %(price)s %(basis)s for %(quantity)s units. Over "
        "%(horizon)s from %(start)s, month by month, that is %(currency)s %(labour)s of "
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
        "horizon": ngettext("%(n)d year", "%(n)d years", assumptions.horizon_years)
        % {"n": assumptions.horizon_years},
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
    if data.scope.seat_plan.grows:
        text += " " + _(
            "The quoted volume is for the seats at go-live; each month is priced at that "
            "month's seats: %(plan)s"
        ) % {"plan": data.scope.seat_plan_in_words}
    stronger = result.scenarios[Scenario.PESO_STRONGER].total
    weaker = result.scenarios[Scenario.PESO_WEAKER].total
    if stronger == weaker == result.base.total:
        text += " " + _(
            "The price is in USD and so is the total in every FX scenario: %(carrier)s."
        ) % {"carrier": fx_carrier(currency)}
    else:
        text += " " + _(
            "With the peso %(shock)s%% stronger it would be USD %(stronger)s; %(shock)s%% "
            "weaker, USD %(weaker)s (%(carrier)s)."
        ) % {
            "shock": _money(assumptions.fx_shock_pct, 1),
            "stronger": _money(stronger),
            "weaker": _money(weaker),
            "carrier": fx_carrier(currency),
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
    value = value_points(data)
    points = value.points
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
    buildup = data.costs.buildup()
    return {
        "assumptions": data.costs.assumptions,
        "seat_plan": data.scope.seat_plan_in_words,
        "seat_rows": cost_selectors.seat_rows(data.scope),
        "live_notice": data.live_notice("scope", "costs"),
        "buildup": ReportChart(charts.cost_buildup_chart(buildup)) if buildup else None,
        "rows": rows,
        "unpriced": [row["label"] for row in rows if not row["cost"].quote],
        "not_plotted": [
            row["label"] for row in rows if row["cost"].has_pricing and row["label"] not in plotted
        ],
        "value": ReportChart(charts.value_chart(points, value.frontier, value.eligible))
        if points
        else None,
        "explanation": worked_explanation(data),
        "winner": data.results.winner,
    }


def build_compliance(data: ReportData) -> dict:
    """The checklist of the shortlisted candidates (their red flags are in the register; the
    other candidates' counts are in the profiles' summary table)."""
    overview = data.compliance
    by_id = data.compliance_by_candidate
    rows = [by_id[pk] for pk in data.shortlist if pk in by_id]
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
    return {
        "groups": groups,
        "others": len(overview.rows) - len(rows),
        "live_notice": data.live_notice("compliance"),
    }


def register_entries(data: ReportData) -> list[RegisterEntry]:
    """The register of the shortlist and the whole selection, an automatic flag raised the
    same way for several of them listed once with their names joined."""
    shortlist = set(data.shortlist)
    merged: dict[tuple, RegisterEntry] = {}
    entries = []
    for entry in data.risk_register:
        if entry.candidate_id is not None and entry.candidate_id not in shortlist:
            continue
        if not entry.automatic:
            entries.append(entry)
            continue
        key = (entry.severity, entry.title, entry.reason, entry.owner, entry.mitigation)
        key += (entry.status,)
        if key in merged:
            first = merged[key]
            first.candidate = f"{first.candidate}, {entry.candidate}"
            continue
        merged[key] = replace(entry)
        entries.append(merged[key])
    return entries


def build_register(data: ReportData) -> dict:
    entries = register_entries(data)
    return {
        "entries": [(severity_label(e.severity), e) for e in entries],
        "consultant": sum(1 for e in entries if not e.automatic),
        "heat": heat_map(entries),
        "rating_rule": rating_rule(),
        "live_notice": data.live_notice("compliance"),
    }


def rating_rule() -> str:
    """The register's severity bands in words, from :func:`scorecard.models.risks.rating_severity`'s
    constants."""
    from scorecard.models.risks import HIGH_RATING_FROM, MEDIUM_RATING_FROM

    return _(
        "Consultant risks are rated likelihood × impact on 1–5 scales: %(high)d and above is "
        "high, %(medium)d to %(below)d medium."
    ) % {"high": HIGH_RATING_FROM, "medium": MEDIUM_RATING_FROM, "below": HIGH_RATING_FROM - 1}


def heat_map(entries: list[RegisterEntry]) -> list[tuple[int, list[tuple[int, str]]]]:
    """Rated risks counted by likelihood (rows, 5 down to 1) and impact (columns 1–5), each
    cell with the severity of its rating."""
    from scorecard.models.risks import rating_severity

    counts: dict[tuple[int, int], int] = {}
    for e in entries:
        if e.rating is not None:
            counts[(e.likelihood, e.impact)] = counts.get((e.likelihood, e.impact), 0) + 1
    return [
        (
            likelihood,
            [
                (counts.get((likelihood, impact), 0), rating_severity(likelihood * impact))
                for impact in range(1, 6)
            ],
        )
        for likelihood in range(5, 0, -1)
    ]


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
        "to_confirm": counts.get("met_scope", 0),
        "not_met": counts.get("not_met", 0),
        "unknown": counts.get("unknown", 0),
        "not_applicable": counts.get("not_applicable", 0),
        "missing": [e.label for e in row.checklist if e.status == "not_met"],
        "flags": [(severity_label(f.severity), f) for f in row.flags],
    }


def fingerprint_costs(data: ReportData) -> dict:
    """Every cost, compliance, risk and governance input (raw rows) and what was derived."""
    from scorecard.models import ComplianceCheck, CostAssumptions, FlagReview, Quote

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
    payload = {
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
        "flag_reviews": sorted(
            (r.candidate_id, r.code, r.subject, r.fingerprint, r.owner, r.status, r.note)
            for r in FlagReview.objects.filter(candidate__engagement=engagement)
        ),
        # Consultant risks only: automatic flags and derived checklist statuses are worked out
        # from the credentials (in the payload) and today's date (not an input).
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
            if not e.automatic
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
    return payload | frozen_fingerprint(data)


def frozen_fingerprint(data: ReportData) -> dict:
    """A decision's report: the parts it shows as published are hashed from the decision's
    snapshot (edits since do not change the report, nor its fingerprint)."""
    if data.decision is None:
        return {}
    snapshot = data.decision.inputs
    parts = {}
    if "costs" not in data.live_parts:
        parts |= {"assumptions": None, "quotes": snapshot["costs"], "rates": None}
    if "compliance" not in data.live_parts:
        parts |= {"checks": snapshot["compliance"], "flag_reviews": None, "register": None}
    if "scope" not in data.live_parts:
        parts["scope"] = snapshot["scope"]
    return parts
