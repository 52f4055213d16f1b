"""Results pages: ranking, head-to-head, assessor agreement, robustness, cities, exports.

Every member sees results (consultants, analysts, client viewers); exports follow
``scorecard.access.EXPORT``. Client viewers see the latest published decision's frozen ranking,
never the live draft (:func:`scorecard.views.helpers.shown_results`). Pages read
:func:`scorecard.ranking.cache.get_results`, which is cached
under a data version, so the number of queries does not depend on the number of candidates.
"""

from __future__ import annotations

import math

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from scorecard import charts
from scorecard.access import CONFIGURE, EXPORT, VIEW_RESULTS, get_engagement_for_user
from scorecard.exports import ranking_table, raw_scores_table
from scorecard.models import RankingMethod
from scorecard.ranking.cache import get_results
from scorecard.ranking.evaluate import SMAA_SAMPLES, disagreement_rule, evaluate
from scorecard.selectors.cities import city_comparison
from scorecard.selectors.comparisons import agreement_rows, compare_rows
from scorecard.spreadsheets import build_csv, build_xlsx
from scorecard.views.helpers import no_decision_yet, shown_results

MAX_COMPARED = 3


def _method(request: HttpRequest, engagement) -> str:
    method = request.GET.get("method") or engagement.ranking_method
    return method if method in RankingMethod.values else engagement.ranking_method


def _context(access, **extra) -> dict:
    return {"access": access, "engagement": access.engagement, **extra}


@require_GET
def results_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, VIEW_RESULTS)
    engagement = access.engagement
    method = _method(request, engagement)
    other = (
        RankingMethod.TOPSIS if method == RankingMethod.WEIGHTED_SUM else RankingMethod.WEIGHTED_SUM
    )
    shown = shown_results(access, method=method)
    if shown is None:
        return no_decision_yet(request, access)
    results = shown.results
    other_ranks = {
        row.candidate.id: row.rank for row in shown_results(access, method=other).results.ranked
    }
    # Formatted here rather than with template filters: 50 rows × 6 criteria of
    # {{ …|floatformat }} cost more than computing the whole ranking.
    decimal = get_format("DECIMAL_SEPARATOR")

    def number_format(value: float, digits: int) -> str:
        return f"{value:.{digits}f}".replace(".", decimal)

    no_data = _("no data")

    def cells(row) -> str:
        """The criterion cells of one row as HTML (one template variable instead of 6 × 4)."""
        return format_html_join(
            "",
            '<td class="text-end small">{} <span class="text-body-secondary"{}>({})</span></td>',
            (
                (
                    number_format(row.contributions.get(c.code, 0.0), 1),
                    format_html(' title="{}"', no_data) if score is None else "",
                    "—" if score is None else number_format(score, 1),
                )
                for c in results.criteria
                for score in [row.criterion_scores.get(c.code)]
            ),
        )

    rows = [
        {
            "row": row,
            "total": number_format(row.total, 1),
            "cells": cells(row),
            "completeness": round(row.completeness * 100),
            "other_rank": other_ranks.get(row.candidate.id),
            "moved": (other_ranks.get(row.candidate.id) or row.rank) - row.rank,
        }
        for row in results.ranked
    ]
    return render(
        request,
        "scorecard/results/dashboard.html",
        _context(
            access,
            results=results,
            rows=rows,
            method=method,
            method_label=RankingMethod(method).label,
            other_method=other,
            other_label=RankingMethod(other).label,
            methods=RankingMethod.choices,
            chart=charts.ranking_chart(results),
            n_assessors=results.n_assessors,
            decision=shown.decision,
        ),
    )


@require_GET
def results_compare(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, VIEW_RESULTS)
    shown = shown_results(access, method=_method(request, access.engagement))
    if shown is None:
        return no_decision_yet(request, access)
    results = shown.results
    known = {row.candidate.id for row in results.rows}
    error = ""
    try:
        chosen = [int(value) for value in request.GET.getlist("c")]
    except ValueError:
        chosen, error = [], _("Choose candidates from the list.")
    chosen = list(dict.fromkeys(chosen))
    if any(cid not in known for cid in chosen):
        raise Http404(_("No such candidate in this engagement."))
    if not chosen:
        chosen = [row.candidate.id for row in results.ranked[:2]]
    elif not 2 <= len(chosen) <= MAX_COMPARED:
        error = _("Choose two or three candidates.")
        chosen = chosen[:MAX_COMPARED]
    chart = charts.radar_chart(results, chosen) if len(chosen) >= 2 else None
    return render(
        request,
        "scorecard/results/compare.html",
        _context(
            access,
            results=results,
            chosen=chosen,
            error=error,
            chart=chart,
            table=compare_rows(results, chosen),
            decision=shown.decision,
        ),
    )


@require_GET
def results_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, VIEW_RESULTS)
    shown = shown_results(access)
    if shown is None:
        return no_decision_yet(request, access)
    results = shown.results
    rows = agreement_rows(results)
    scored = [r for r in rows if r["spread"] is not None]
    chart = charts.agreement_chart(
        rows,
        [row.candidate for row in results.rows],
        [i for i in results.inputs.indicators if i.kind == "rated" and i.weight > 0],
    )
    return render(
        request,
        "scorecard/results/agreement.html",
        _context(
            access,
            results=results,
            flagged=[r for r in scored if r["flagged"]],
            rows=sorted(scored, key=lambda r: (-r["spread"], r["candidate"], r["indicator"])),
            disagreement_rule=disagreement_rule(results.inputs.disagreement_threshold),
            chart=chart,
            decision=shown.decision,
        ),
    )


@require_GET
def results_robustness(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, VIEW_RESULTS)
    shown = shown_results(access)
    if shown is None:
        return no_decision_yet(request, access)
    results = shown.results
    tornado = acceptability = None
    if len(results.ranked) >= 2:
        tornado = charts.tornado_chart(results.weight_stability(), results)
        acceptability = charts.acceptability_chart(
            results.rank_acceptability(n_samples=SMAA_SAMPLES, seed=0), results
        )
    return render(
        request,
        "scorecard/results/robustness.html",
        _context(
            access,
            results=results,
            tornado=tornado,
            acceptability=acceptability,
            samples=SMAA_SAMPLES,
            decision=shown.decision,
        ),
    )


def _parse_weights(request: HttpRequest, codes: list[str]) -> tuple[dict[str, float], dict]:
    weights, errors = {}, {}
    for code in codes:
        raw = request.GET.get(f"w_{code}", "")
        try:
            value = float(raw)
        except ValueError:
            errors[code] = _("Enter a number.")
            continue
        if not math.isfinite(value) or value < 0:
            errors[code] = _("Weights cannot be negative.")
        else:
            weights[code] = value
    if not errors and sum(weights.values()) <= 0:
        errors["__all__"] = _("At least one weight must be above zero.")
    return weights, errors


@require_GET
def results_whatif(request: HttpRequest, pk: int) -> JsonResponse:
    """Re-rank with the weights in the query string (``w_<criterion>=…``) without saving."""
    access = get_engagement_for_user(request, pk, VIEW_RESULTS)
    shown = shown_results(access)
    if shown is None:
        return JsonResponse({"errors": {"__all__": _("No decision published yet.")}}, status=400)
    inputs = shown.results.inputs
    codes = [c.code for c in inputs.criteria]
    weights, errors = _parse_weights(request, codes)
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    total = sum(weights.values())
    weights = {code: 100 * value / total for code, value in weights.items()}
    results = evaluate(
        inputs, method=_method(request, access.engagement), criterion_weights=weights
    )
    agreed = {row.candidate.id: row.rank for row in shown.results.ranked}
    return JsonResponse(
        {
            "method": results.method,
            "weights": {code: round(value, 2) for code, value in weights.items()},
            "ranking": [
                {
                    "candidate": row.candidate.label,
                    "rank": row.rank,
                    "agreed_rank": agreed.get(row.candidate.id),
                    "total": round(row.total, 2) if row.total is not None else None,
                }
                for row in results.ranked
            ],
        }
    )


@require_GET
def results_cities(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, VIEW_RESULTS)
    comparison = city_comparison(access.engagement)
    return render(request, "scorecard/results/cities.html", _context(access, comparison=comparison))


def _download(content: bytes, engagement, name: str, fmt: str) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    filename = f"{slugify(engagement.reference)}-{name}-{stamp}.{fmt}"
    content_type = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _format(request: HttpRequest) -> str:
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("Unknown format."))
    return fmt


@require_GET
def export_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, EXPORT)
    fmt = _format(request)
    shown = shown_results(access, method=_method(request, access.engagement))
    if shown is None:
        return no_decision_yet(request, access)
    results = shown.results
    headers, rows = ranking_table(results)
    if fmt == "csv":
        return _download(build_csv(headers, rows), access.engagement, "ranking", fmt)
    weights = [[c.name, round(c.weight, 2)] for c in results.criteria]
    content = build_xlsx(
        [
            (_("Ranking"), headers, rows),
            (_("Weights"), [_("Criterion"), _("Weight (%)")], weights),
        ]
    )
    return _download(content, access.engagement, "ranking", fmt)


@require_GET
def export_scores(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, CONFIGURE)
    fmt = _format(request)
    results = get_results(access.engagement)
    headers, rows = raw_scores_table(results)
    if fmt == "csv":
        return _download(build_csv(headers, rows), access.engagement, "scores", fmt)
    content = build_xlsx([(_("Scores"), headers, rows)])
    return _download(content, access.engagement, "scores", fmt)
