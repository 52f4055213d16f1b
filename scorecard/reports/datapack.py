"""The data pack: every input and parameter of a report as an XLSX workbook beside the PDF.

One sheet per table, plain values (no formulas), so that a reader can recompute the ranking
and the TCO with any tool, following the method written on the "Method" sheet:

* criterion score (0–5) = the weighted mean of the candidate's indicator values (sheet
  "Indicator values", column ``value``) over the indicators with a known value, weights from
  sheet "Indicators" (``weight_in_criterion``); no known value: the criterion counts 0;
* total (weighted sum, 0–100) = Σ criterion weight (sheet "Criteria", ``weight``, shares of
  1) × criterion score / 5 × 100; a candidate that failed a gate is not ranked;
* seats in month m after go-live (sheet "Seat plan"): go-live seats + (target − go-live) ×
  m ÷ target month, rounded half up, until the target month, the target from then on; seat
  factor = the month's seats ÷ the seats at go-live;
* TCO (USD, base FX) = Σ over the months of sheet "Cost months" of the month's lines, in the
  quote's currency, divided by the FX rate (MXN per USD) when the quote is in MXN; the labour
  line is price × quantity × seat factor × (1 + wage inflation)^(whole years) × FTE uplift,
  the technology line CCaaS × seat factor + the other technology.

``tests/scorecard/reports/test_datapack.py`` recomputes both with pandas alone.

Sheet and column names are written in the report's language: the English ones above are the
identifiers the code uses; ``SHEET_NAMES`` and ``COLUMN_NAMES`` give their Spanish.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from scorecard.domain.seats import TARGET_MONTH_MAX
from scorecard.domain.tco import Scenario
from scorecard.models import Aggregation
from scorecard.ranking.evaluate import disagreement_rule
from scorecard.reports.context import SMAA_SAMPLES, ReportData
from scorecard.reports.decision import acceptability_rule

# The seed of the SMAA draws the report shows (ReportData.acceptability).
SMAA_SEED = 0
MONTH_LINES = ("labour", "overtime", "technology", "continuity", "governance", "one_off")

# The sheets' and columns' names as the workbook shows them, in the active language.
SHEET_NAMES = {
    "Method": pgettext_lazy("data pack sheet", "Method"),
    "Criteria": pgettext_lazy("data pack sheet", "Criteria"),
    "Indicators": pgettext_lazy("data pack sheet", "Indicators"),
    "Assessor scores": pgettext_lazy("data pack sheet", "Assessor scores"),
    "Candidates": pgettext_lazy("data pack sheet", "Candidates"),
    "Indicator values": pgettext_lazy("data pack sheet", "Indicator values"),
    "Seat plan": pgettext_lazy("data pack sheet", "Seat plan"),
    "Costs": pgettext_lazy("data pack sheet", "Costs"),
    "Cost months": pgettext_lazy("data pack sheet", "Cost months"),
    "AHP": pgettext_lazy("data pack sheet", "AHP"),
    "Sources": pgettext_lazy("data pack sheet", "Sources"),
}
COLUMN_NAMES = {
    "item": pgettext_lazy("data pack column", "item"),
    "value": pgettext_lazy("data pack column", "value"),
    "criterion": pgettext_lazy("data pack column", "criterion"),
    "name": pgettext_lazy("data pack column", "name"),
    "weight": pgettext_lazy("data pack column", "weight"),
    "weight_shown_pct": pgettext_lazy("data pack column", "weight_shown_pct"),
    "indicator": pgettext_lazy("data pack column", "indicator"),
    "kind": pgettext_lazy("data pack column", "kind"),
    "weight_in_criterion": pgettext_lazy("data pack column", "weight_in_criterion"),
    "value_function": pgettext_lazy("data pack column", "value_function"),
    "assessor": pgettext_lazy("data pack column", "assessor"),
    "score": pgettext_lazy("data pack column", "score"),
    "status": pgettext_lazy("data pack column", "status"),
    "candidate": pgettext_lazy("data pack column", "candidate"),
    "label": pgettext_lazy("data pack column", "label"),
    "rank": pgettext_lazy("data pack column", "rank"),
    "total": pgettext_lazy("data pack column", "total"),
    "failed_gates": pgettext_lazy("data pack column", "failed_gates"),
    "seats_available": pgettext_lazy("data pack column", "seats_available"),
    "raw": pgettext_lazy("data pack column", "raw"),
    "currency": pgettext_lazy("data pack column", "currency"),
    "basis": pgettext_lazy("data pack column", "basis"),
    "price": pgettext_lazy("data pack column", "price"),
    "quantity": pgettext_lazy("data pack column", "quantity"),
    "fx_rate": pgettext_lazy("data pack column", "fx_rate"),
    "fx_shock_pct": pgettext_lazy("data pack column", "fx_shock_pct"),
    "horizon_years": pgettext_lazy("data pack column", "horizon_years"),
    "wage_inflation_pct": pgettext_lazy("data pack column", "wage_inflation_pct"),
    "ccaas_monthly": pgettext_lazy("data pack column", "ccaas_monthly"),
    "other_technology_monthly": pgettext_lazy("data pack column", "other_technology_monthly"),
    "tco_usd_base": pgettext_lazy("data pack column", "tco_usd_base"),
    "tco_usd_peso_stronger": pgettext_lazy("data pack column", "tco_usd_peso_stronger"),
    "tco_usd_peso_weaker": pgettext_lazy("data pack column", "tco_usd_peso_weaker"),
    "month": pgettext_lazy("data pack column", "month"),
    "month_after_go_live": pgettext_lazy("data pack column", "month_after_go_live"),
    "seats": pgettext_lazy("data pack column", "seats"),
    "seat_factor": pgettext_lazy("data pack column", "seat_factor"),
    "inflation": pgettext_lazy("data pack column", "inflation"),
    "weekly_hours": pgettext_lazy("data pack column", "weekly_hours"),
    "fte_uplift": pgettext_lazy("data pack column", "fte_uplift"),
    "labour": pgettext_lazy("data pack column", "labour"),
    "overtime": pgettext_lazy("data pack column", "overtime"),
    "technology": pgettext_lazy("data pack column", "technology"),
    "continuity": pgettext_lazy("data pack column", "continuity"),
    "governance": pgettext_lazy("data pack column", "governance"),
    "one_off": pgettext_lazy("data pack column", "one_off"),
    "go_live_seats": pgettext_lazy("data pack column", "go_live_seats"),
    "target_seats": pgettext_lazy("data pack column", "target_seats"),
    "target_month": pgettext_lazy("data pack column", "target_month"),
    "source": pgettext_lazy("data pack column", "source"),
    "url": pgettext_lazy("data pack column", "url"),
    "as_of": pgettext_lazy("data pack column", "as_of"),
    "weak_reason": pgettext_lazy("data pack column", "weak_reason"),
}
# The Candidates sheet's criterion scores: "score_" and the criterion's code.
SCORE_PREFIX = "score_"


def _column_name(column) -> str:
    """``column`` as the workbook names it in the active language."""
    if column in COLUMN_NAMES:
        return str(COLUMN_NAMES[column])
    if isinstance(column, str) and column.startswith(SCORE_PREFIX):
        return f"{COLUMN_NAMES['score']}_{column.removeprefix(SCORE_PREFIX)}"
    return column


def method_rows(data: ReportData, fingerprint: str) -> list[tuple[str, str]]:
    """The "Method" sheet: parameters and the formulas in words."""
    engagement = data.engagement
    # A decision's: the date its inputs were evaluated at, and how it combined assessors.
    as_of = data.decision.as_of if data.decision else getattr(engagement, "evaluate_as_of", None)
    return [
        (_("Engagement"), engagement.reference),
        (_("Fingerprint"), fingerprint),
        (_("Evaluated as of"), str(as_of or "")),
        (_("Ranking method"), data.method_label),
        (_("Assessors combined by"), str(Aggregation(data.inputs.aggregation).label)),
        (_("Disagreement"), disagreement_rule(data.inputs.disagreement_threshold)),
        (
            _("Criterion score"),
            _(
                "Weighted mean of the known indicator values (0–5), weights within the "
                "criterion; no known value: 0."
            ),
        ),
        (
            _("Total"),
            _("Sum of criterion weight (share of 1) × criterion score / 5 × 100."),
        ),
        (_("SMAA samples"), str(SMAA_SAMPLES)),
        (_("SMAA seed"), str(SMAA_SEED)),
        (_("Acceptability in words"), acceptability_rule()),
        (_("Seat plan"), data.scope.seat_plan_in_words),
        (
            _("Seats by month"),
            _(
                "Go-live seats + (target − go-live) × month ÷ target month, rounded half up, "
                "until the target month (1 to %(max)s); the target from then on. Seat factor: "
                "the month's seats ÷ the seats at go-live."
            )
            % {"max": TARGET_MONTH_MAX},
        ),
        (
            _("TCO"),
            _(
                "Sum of the monthly lines in the quote's currency; MXN divided by the FX "
                "rate (MXN per USD) for the USD total. Labour = price × quantity × seat factor "
                "× (1 + wage inflation)^whole years × FTE uplift; technology = CCaaS × seat "
                "factor + other technology."
            ),
        ),
    ]


def _frames(data: ReportData, fingerprint: str) -> dict:
    import pandas as pd

    from scorecard.reports.sources import data_sources, source_urls, weak_sources

    results, inputs = data.results, data.inputs
    total_weight = sum(c.weight for c in results.criteria) or 1.0
    sheets = {
        "Method": pd.DataFrame(method_rows(data, fingerprint), columns=["item", "value"]),
        "Criteria": pd.DataFrame(
            [
                {
                    "criterion": c.code,
                    "name": c.name,
                    "weight": c.weight / total_weight,
                    "weight_shown_pct": shown,
                }
                for c, shown in zip(results.criteria, data.shown_weights, strict=True)
            ]
        ),
        "Indicators": pd.DataFrame(
            [
                {
                    "indicator": i.code,
                    "criterion": i.criterion,
                    "name": i.name,
                    "kind": i.kind,
                    "weight_in_criterion": i.weight,
                    "value_function": i.value_function,
                }
                for i in inputs.indicators
            ]
        ),
        "Assessor scores": inputs.scores.assign(
            assessor=inputs.scores["assessor"].map(inputs.assessors)
        ),
        "Candidates": pd.DataFrame(
            [
                {
                    "candidate": row.candidate.id,
                    "label": row.candidate.label,
                    "rank": row.rank,
                    "total": row.total,
                    "failed_gates": "; ".join(row.disqualified),
                    "seats_available": row.candidate.seats_available,
                    **{f"{SCORE_PREFIX}{code}": s for code, s in row.criterion_scores.items()},
                }
                for row in results.rows
            ]
        ),
    }
    if results.indicator_table is not None:
        sheets["Indicator values"] = results.indicator_table[
            ["candidate", "indicator", "criterion", "kind", "raw", "value", "status"]
        ]
    sheets.update(_cost_frames(data))
    urls = source_urls(data)
    weak = weak_sources(data)
    if data.ahp_matrix is not None:
        sheets["AHP"] = data.ahp_matrix
    sheets["Sources"] = pd.DataFrame(
        [
            {
                "source": title,
                "url": urls.get(title, ""),
                "as_of": ", ".join(dates),
                "weak_reason": weak.get(title, ""),  # a weak source's figures are not scored
            }
            for title, dates in data_sources(data)
        ]
    )
    return sheets


def _cost_frames(data: ReportData) -> dict:
    import pandas as pd

    assumptions = data.costs.assumptions
    if assumptions is None:
        return {}
    bids, months = [], []
    for row in data.costs.priced:
        quote, result = row.quote, row.tco
        bids.append(
            {
                "candidate": row.candidate.pk,
                "label": row.candidate.label,
                "currency": quote.currency,
                "basis": quote.basis,
                "price": float(quote.price),
                "quantity": float(quote.quantity),
                "fx_rate": float(assumptions.fx_rate),
                "fx_shock_pct": float(assumptions.fx_shock_pct),
                "horizon_years": assumptions.horizon_years,
                "wage_inflation_pct": float(assumptions.wage_inflation_pct),
                "ccaas_monthly": float(quote.ccaas_monthly),
                "other_technology_monthly": float(
                    quote.qa_analytics_monthly + quote.licences_monthly
                ),
                "tco_usd_base": float(result.base.total),
                "tco_usd_peso_stronger": float(result.scenarios[Scenario.PESO_STRONGER].total),
                "tco_usd_peso_weaker": float(result.scenarios[Scenario.PESO_WEAKER].total),
            }
        )
        for month in result.months:
            months.append(
                {
                    "candidate": row.candidate.pk,
                    "month": month.first_day.isoformat(),
                    "month_after_go_live": month.index,
                    "seats": month.seats,
                    "seat_factor": float(month.seat_factor),
                    "inflation": float(month.inflation),
                    "weekly_hours": float(month.weekly_hours),
                    "fte_uplift": float(month.fte_uplift),
                    **{line: float(getattr(month, line)) for line in MONTH_LINES},
                }
            )
    plan = data.scope.seat_plan
    seat_plan = pd.DataFrame(
        [
            {
                "go_live_seats": plan.go_live,
                "target_seats": plan.target,
                "target_month": plan.target_month,
            }
        ]
    )
    return {
        "Seat plan": seat_plan,
        "Costs": pd.DataFrame(bids),
        "Cost months": pd.DataFrame(months),
    }


def build_data_pack(data: ReportData, fingerprint: str) -> bytes:
    """The XLSX workbook of ``data`` (see the module docstring)."""
    import pandas as pd

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in _frames(data, fingerprint).items():
            ahp = name == "AHP"  # rows and columns are criterion codes, not column names
            shown = frame if ahp else frame.rename(columns=_column_name)
            shown.to_excel(writer, sheet_name=str(SHEET_NAMES[name])[:31], index=ahp)
    return buffer.getvalue()
