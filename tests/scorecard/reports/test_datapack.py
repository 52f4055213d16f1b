"""The data pack reproduces the report: ranking and TCO recomputed from the XLSX alone, with
pandas and the formulas of its "Method" sheet (never the project's code)."""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest

from scorecard.reports.context import ReportData
from scorecard.reports.datapack import build_data_pack
from scorecard.reports.sections import default_keys
from tests.factories import make_quote
from tests.scorecard.reports.conftest import populate_costs

pytestmark = pytest.mark.django_db

MONTH_LINES = ["labour", "overtime", "technology", "continuity", "governance", "one_off"]


def _pack(scored, *, grow: bool = False) -> dict[str, pd.DataFrame]:
    populate_costs(scored)
    make_quote(scored.candidates["b"], "38000", currency="MXN", ccaas_monthly=Decimal(900))
    if grow:  # 7 seats at go-live, 10 by month 5: 7, 8, 8, 9, 9, 10, 10, …
        scored.engagement.seats, scored.engagement.target_seats = 7, 10
        scored.engagement.target_seats_month = 5
        scored.engagement.save()
    data = ReportData(scored.engagement, sections=default_keys())
    return pd.read_excel(io.BytesIO(build_data_pack(data, "f" * 64)), sheet_name=None)


def _totals(pack) -> pd.Series:
    """Weighted sum from the sheets: criterion score = weighted mean of known indicator
    values; total = Σ weight × score / 5 × 100 (criteria without indicators: their score)."""
    criteria, candidates = pack["Criteria"], pack["Candidates"].set_index("candidate")
    values = pack["Indicator values"].merge(
        pack["Indicators"][["indicator", "weight_in_criterion"]], on="indicator"
    )
    values = values[values["value"].notna() & (values["weight_in_criterion"] > 0)]
    values = values.assign(weighted=values["value"] * values["weight_in_criterion"])
    sums = values.groupby(["candidate", "criterion"])[["weighted", "weight_in_criterion"]].sum()
    scores = (sums["weighted"] / sums["weight_in_criterion"]).unstack()
    weights = criteria.set_index("criterion")["weight"]
    scores = scores.reindex(index=candidates.index, columns=weights.index)
    for code in weights.index:
        if f"score_{code}" in candidates and scores[code].isna().all():
            scores[code] = candidates[f"score_{code}"]
    return (scores.fillna(0.0) * weights).sum(axis=1) / 5 * 100


def test_data_pack_recomputes_the_ranking(scored):
    pack = _pack(scored)
    candidates = pack["Candidates"].set_index("candidate")
    totals = _totals(pack)
    assert (totals - candidates["total"]).abs().max() < 1e-9
    ranked = candidates[candidates["rank"].notna()]
    assert list(totals.loc[ranked.index].sort_values(ascending=False).index) == list(
        ranked.sort_values("rank").index
    )
    assert candidates["failed_gates"].fillna("").str.len().gt(0).sum() == 1  # Bravo, 69-B
    assert pack["Criteria"]["weight"].sum() == pytest.approx(1.0)


def _seats(plan: pd.Series, month: int) -> int:
    """Seats in ``month`` after go-live, from the "Method" sheet's formula."""
    go_live = int(plan["go_live_seats"])
    if pd.isna(plan["target_seats"]):
        return go_live
    target, by = int(plan["target_seats"]), int(plan["target_month"])
    if month >= by:
        return target
    ramp = Decimal(go_live) + Decimal((target - go_live) * month) / Decimal(by)
    return int(ramp.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("grow", [False, True])
def test_data_pack_recomputes_the_tco(scored, grow):
    pack = _pack(scored, grow=grow)
    costs = pack["Costs"].set_index("candidate")
    months = pack["Cost months"]
    plan = pack["Seat plan"].iloc[0]
    seats = months["month_after_go_live"].map(lambda m: _seats(plan, m))
    assert list(seats) == list(months["seats"])
    factor = seats / plan["go_live_seats"]
    bid = costs.loc[months["candidate"]].reset_index(drop=True)
    inflation = (1 + bid["wage_inflation_pct"] / 100) ** (months["month_after_go_live"] // 12)
    labour = bid["price"] * bid["quantity"] * factor * inflation * months["fte_uplift"]
    assert (labour - months["labour"]).abs().max() < 1e-6
    technology = bid["ccaas_monthly"] * factor + bid["other_technology_monthly"]
    assert (technology - months["technology"]).abs().max() < 1e-6
    if grow:
        assert list(months["seats"][:7]) == [7, 8, 8, 9, 9, 10, 10]
    in_quote_currency = (
        months.assign(total=months[MONTH_LINES].sum(axis=1)).groupby("candidate")["total"].sum()
    )
    fx = costs["fx_rate"].where(costs["currency"] == "MXN", 1.0)
    usd = in_quote_currency / fx
    assert set(costs["currency"]) == {"USD", "MXN"}
    assert (usd - costs["tco_usd_base"]).abs().max() < 0.05  # to the cent


def test_data_pack_states_the_parameters(scored):
    method = _pack(scored)["Method"].set_index("item")["value"]
    assert method["SMAA seed"] == 0 or method["SMAA seed"] == "0"
    assert "points or more" in method["Disagreement"]


def test_data_pack_lists_one_source_once_with_its_weak_reason(scored):
    from cities.models import Metric
    from scorecard.models import Indicator
    from tests.factories import CityFigureFactory, SourceFactory

    Indicator.objects.filter(code="t-attrition").update(measured_source="city.unsafe_perception")
    city = scored.candidates["a"].primary_site.city
    weak = SourceFactory(code="MIRROR", title="Mirror page", is_weak=True, weak_reason="No address")
    CityFigureFactory(city=city, metric=Metric.UNSAFE_PERCEPTION, value=40, source=weak)

    sources = _pack(scored)["Sources"]
    cited = sources[sources["source"].str.contains("Mirror page")]

    # The measured indicator and the city comparison cite the same source: one row.
    assert cited[["source", "weak_reason"]].values.tolist() == [
        ["MIRROR: Mirror page", "No address"]
    ]


def test_data_pack_in_spanish_names_its_sheets_and_columns_in_spanish(scored):
    from django.utils import translation

    from scorecard.reports.datapack import COLUMN_NAMES

    with translation.override("es-mx"):
        pack = _pack(scored)
        # Identifiers whose Spanish differs (not "total", "url").
        translated = {c for c, name in COLUMN_NAMES.items() if str(name) != c}

    assert list(pack)[:5] == [
        "Método",
        "Criterios",
        "Indicadores",
        "Calificaciones por evaluador",
        "Candidatos",
    ]
    assert {"Costos", "Costos por mes", "Plan de posiciones", "Fuentes"} <= set(pack)
    # No column keeps its English identifier.
    english = {
        (sheet, column)
        for sheet, frame in pack.items()
        if sheet != "AHP"
        for column in frame.columns
        if column in translated or str(column).startswith("score_")
    }
    assert english == set()
    assert {"calificación_service", "calificación_talent"} <= set(pack["Candidatos"])
