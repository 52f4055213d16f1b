"""Results pages: ranking, head-to-head, assessor agreement, robustness, cities, exports.

Every member sees results (consultants, analysts, client viewers); exports follow
``scorecard.access.EXPORT``. Client viewers see the latest published decision's frozen ranking,
never the live draft (:func:`scorecard.views.helpers.shown_results`). Pages read
:func:`scorecard.ranking.cache.get_results`, which is cached
under a data version, so the number of queries does not depend on the number of candidates.

Size: seven result pages and two exports share the access, method and lead helpers below.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.formats import get_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from scorecard import charts
from scorecard.access import VIEW_RESULTS, get_engagement_for_user
from scorecard.domain.weights import shown_parts, shown_weights
from scorecard.models import RankingMethod
from scorecard.ranking.cache import (
    CACHE_TIMEOUT,
    get_robustness,
    results_key_without_scores,
)
from scorecard.ranking.completeness import completeness_rule, missing_criterion_rule
from scorecard.ranking.evaluate import SMAA_SAMPLES, evaluate, ranked_order
from scorecard.ranking.gates import gate_rule
from scorecard.ranking.inputs import COST_CRITERION
from scorecard.ranking.verdict import lead_verdict, rank_reversal_disclosure
from scorecard.selectors.cities import city_comparison
from scorecard.selectors.comparisons import compare_rows
from scorecard.selectors.risks import thresholds
from scorecard.selectors.sealing import get_own_answers
from scorecard.selectors.verdicts import tie_breakers
from scorecard.views.helpers import (
    no_decision_yet,
    paginate,
    results_sealed,
    sealed_labels,
    shown_results,
)

MAX_COMPARED = 3
# A long ranking: the chart draws the first RANKING_CHART_TOP candidates, each table (ranked,
# insufficient evidence, disqualified) lists RANKING_PAGE a page (rendering hundreds of rows
# made the page many times slower).
RANKING_CHART_TOP = 25
RANKING_PAGE = 25


def _method(request: HttpRequest, engagement) -> str:
    method = request.GET.get("method") or engagement.ranking_method
    return method if method in RankingMethod.values else engagement.ranking_method


def _context(access, **extra) -> dict:
    return {"access": access, "engagement": access.engagement, **extra}


def _lead(results, engagement) -> tuple:
    """The verdict on the lead and, when too close to call, the two candidates'
    tie-breakers side by side."""
    verdict = lead_verdict(results)
    if verdict is None or not verdict.too_close or verdict.rival is None:
        return verdict, []
    ids = {row.candidate.label: row.candidate.id for row in results.ranked}
    pair = [ids[verdict.leader], ids[verdict.rival]]
    # Read from the cost, risk and provider rows, and the red-flag thresholds: kept until one
    # of them changes (a save of scores leaves them in place).
    limits = thresholds()
    key = results_key_without_scores(
        engagement, "tie-breakers", *pair, limits.attrition_pct, limits.concentration_pct
    )
    breakers = cache.get(key)
    if breakers is None:
        breakers = tie_breakers(engagement, pair)
        cache.set(key, breakers, CACHE_TIMEOUT)
    return verdict, breakers


def _ranking_rows(results, page, close: set[int], other_ranks: dict[int, int]) -> list[dict]:
    """The ranking table's rows of one page, formatted here rather than with template
    filters: 50 rows × 6 criteria of {{ …|floatformat }} cost more than computing the whole
    ranking."""
    decimal = get_format("DECIMAL_SEPARATOR")

    def number_format(value: float, digits: int) -> str:
        return f"{value:.{digits}f}".replace(".", decimal)

    no_data = _("no data")

    def cells(row) -> str:
        """The criterion cells of one row as HTML (one template variable instead of 6 × 4)."""
        # Rounded as in the report: the parts add up to the total shown beside them.
        parts = shown_parts([row.contributions.get(c.code, 0.0) for c in results.criteria])
        return format_html_join(
            "",
            '<td class="text-end small">{} <span class="text-body-secondary"{}>({})</span></td>',
            (
                (
                    number_format(part, 1),
                    format_html(' title="{}"', no_data) if score is None else "",
                    "—" if score is None else number_format(score, 1),
                )
                for c, part in zip(results.criteria, parts, strict=True)
                for score in [row.criterion_scores.get(c.code)]
            ),
        )

    return [
        {
            "row": row,
            "too_close": row.candidate.id in close,
            "total": number_format(row.total, 1),
            "cells": cells(row),
            "completeness": round(row.completeness * 100),
            "other_rank": other_ranks.get(row.candidate.id),
            "moved": (other_ranks.get(row.candidate.id) or row.rank) - row.rank,
        }
        for row in page
    ]


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
    if sealed := sealed_labels(request, access, results):
        return results_sealed(request, access, sealed)
    # Only the other method's order is shown: the rest of its ranking is not computed.
    other_order = ranked_order(results, other)
    other_ranks = {placing.candidate_id: placing.rank for placing in other_order}
    verdict, breakers = _lead(results, engagement)
    pagination = paginate(request, results.ranked, RANKING_PAGE)
    rows = _ranking_rows(results, pagination.page, {b.candidate_id for b in breakers}, other_ranks)
    return render(
        request,
        "scorecard/results/dashboard.html",
        _context(
            access,
            results=results,
            # The weights as printed add up to 100.0, as in the report.
            columns=list(
                zip(
                    results.criteria,
                    shown_weights([c.weight for c in results.criteria]),
                    strict=True,
                )
            ),
            rows=rows,
            pagination=pagination,
            insufficient=paginate(request, results.insufficient, RANKING_PAGE, "insufficient"),
            excluded=paginate(request, results.excluded, RANKING_PAGE, "disqualified"),
            method=method,
            method_label=RankingMethod(method).label,
            other_method=other,
            other_label=RankingMethod(other).label,
            methods=RankingMethod.choices,
            chart=charts.ranking_chart(results, top=RANKING_CHART_TOP),
            n_assessors=results.n_assessors,
            decision=shown.decision,
            completeness_rule=completeness_rule(results.min_completeness),
            missing_criterion_rule=missing_criterion_rule(),
            gate_rule=gate_rule(),
            verdict=verdict,
            tie_breakers=breakers,
            disclosure=rank_reversal_disclosure(method),
            other_order=[placing.label for placing in other_order],
            cost_criterion=COST_CRITERION,
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
    visibility = access.score_visibility(request.user)
    sealed = [cid for cid in chosen if not visibility.sees_scores(cid)]
    # The radar draws combined criterion scores: only of candidates unsealed for the member.
    drawn = [cid for cid in chosen if cid not in sealed]
    chart = charts.radar_chart(results, drawn) if len(drawn) >= 2 else None
    return render(
        request,
        "scorecard/results/compare.html",
        _context(
            access,
            results=results,
            chosen=chosen,
            error=error,
            chart=chart,
            compared=len(chosen) >= 2,
            table=compare_rows(
                results,
                chosen,
                visibility,
                get_own_answers(access.engagement, user=request.user, candidate_ids=sealed),
            ),
            sealed=sealed,
            decision=shown.decision,
        ),
    )


def _what_if_rows(results) -> str:
    """The what-if table's rows at the agreed weights, as HTML: one template variable instead
    of four a candidate (``static/js/whatif.js`` redraws them as the weights move). Totals to
    one decimal, rounded half up as ``floatformat`` does."""
    decimal = get_format("DECIMAL_SEPARATOR")
    tenth = Decimal("0.1")

    def total(value) -> str:
        if value is None:
            return ""
        return str(Decimal(repr(value)).quantize(tenth, ROUND_HALF_UP)).replace(".", decimal)

    # The label is escaped; ranks and totals are numbers.
    return mark_safe(
        "".join(
            f"<tr><td>{row.rank}</td><td>{escape(row.candidate.label)}</td>"
            f'<td class="text-end">{total(row.total)}</td><td>{row.rank}</td></tr>'
            for row in results.ranked
        )
    )


# Candidates drawn in the rank acceptability chart unless the whole list is asked for.
ROBUSTNESS_TOP = 20


@require_GET
def results_robustness(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, VIEW_RESULTS)
    shown = shown_results(access)
    if shown is None:
        return no_decision_yet(request, access)
    results = shown.results
    if sealed := sealed_labels(request, access, results):
        return results_sealed(request, access, sealed)
    show_all = request.GET.get("all") == "1"
    tornado = acceptability = None
    if shown.decision is None:
        robustness = get_robustness(access.engagement)
    elif len(results.ranked) >= 2:  # a published decision's own analyses, not the draft's
        robustness = (
            results.weight_stability(),
            results.rank_acceptability(n_samples=SMAA_SAMPLES, seed=0),
        )
    else:
        robustness = None
    if robustness is not None:
        stability, shares = robustness
        tornado = charts.tornado_chart(stability, results)
        top = None if show_all else ROBUSTNESS_TOP
        acceptability = charts.acceptability_chart(shares, results, top=top)
    return render(
        request,
        "scorecard/results/robustness.html",
        _context(
            access,
            results=results,
            what_if_rows=_what_if_rows(results),
            tornado=tornado,
            acceptability=acceptability,
            samples=SMAA_SAMPLES,
            top=ROBUSTNESS_TOP,
            shortened=not show_all and len(results.ranked) > ROBUSTNESS_TOP,
            show_all=show_all,
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
    if sealed := sealed_labels(request, access, shown.results):
        message = _("Sealed until you submit your assessment of: %(candidates)s.") % {
            "candidates": ", ".join(sealed)
        }
        return JsonResponse({"errors": {"__all__": message}}, status=403)
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
            "as_of": results.as_of.isoformat(),
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
    city_map = charts.city_map_chart(comparison.cities, comparison.candidates)
    return render(
        request,
        "scorecard/results/cities.html",
        _context(access, comparison=comparison, city_map=city_map),
    )
