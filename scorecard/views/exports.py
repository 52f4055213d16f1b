"""Downloads of an engagement's results: the ranking (CSV/XLSX, ``scorecard.access.EXPORT``)
and every raw score (consultants). Read from the same cached results as the pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from scorecard.access import CONFIGURE, EXPORT, get_engagement_for_user
from scorecard.exports import ranking_table, raw_scores_table
from scorecard.ranking.cache import get_export, get_results
from scorecard.spreadsheets import build_csv, build_xlsx
from scorecard.views.helpers import no_decision_yet, shown_results
from scorecard.views.results import _method  # the ?method= rule of the results pages


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

    def build() -> bytes:
        headers, rows = raw_scores_table(get_results(access.engagement))
        if fmt == "csv":
            return build_csv(headers, rows)
        return build_xlsx([(_("Scores"), headers, rows)])

    # Cached per data version and language: a long list is built once, not at every download.
    content = get_export(access.engagement, f"scores.{fmt}", build)
    return _download(content, access.engagement, "scores", fmt)
