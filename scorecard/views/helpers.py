"""Small helpers shared by engagement views."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from scorecard.access import EngagementAccess
from scorecard.models import Decision
from scorecard.ranking.cache import get_decision_results, get_results
from scorecard.ranking.evaluate import Results
from scorecard.selectors.decisions import latest_decision


def engagement_context(access: EngagementAccess, **extra) -> dict:
    """The template context every engagement tab starts from: the access and its engagement."""
    return {"access": access, "engagement": access.engagement, **extra}


@dataclass(frozen=True)
class Pagination:
    """One page of a long table, for ``_partials/pagination.html``: the page, the page numbers
    to link (elided in the middle), the query parameter that names the page, and the
    request's other query parameters (kept in the links: another table's page, the method)."""

    page: Page
    numbers: list
    param: str
    query: str


def paginate(
    request: HttpRequest, items: Sequence, per_page: int, param: str = "page"
) -> Pagination:
    """The page of ``items`` asked for by ``?<param>=N`` (the first page for a bad number, the
    last one past the end)."""
    page = Paginator(items, per_page).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    numbers = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return Pagination(page, numbers, param, query.urlencode())


@dataclass(frozen=True)
class ShownRanking:
    """The ranking a results page shows, and the published decision it comes from (``None``:
    the live draft)."""

    results: Results
    decision: Decision | None


def shown_results(access: EngagementAccess, *, method: str | None = None) -> ShownRanking | None:
    """The ranking this member sees: the live draft, or for roles that see published
    decisions only (``access.PUBLISHED_ONLY``) the latest decision's frozen ranking; ``None``
    for them before the first decision."""
    if not access.sees_published_only:
        return ShownRanking(get_results(access.engagement, method=method), None)
    decision = latest_decision(access.engagement)
    if decision is None:
        return None
    return ShownRanking(get_decision_results(decision, method=method), decision)


def no_decision_yet(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    """The page a client viewer gets from a results page before any decision is published."""
    return render(request, "scorecard/decisions/none_yet.html", engagement_context(access))


def sealed_labels(request: HttpRequest, access: EngagementAccess, results: Results) -> list[str]:
    """The candidates of ``results`` whose scores are sealed for the requesting member
    (:mod:`scorecard.domain.sealing`), by label; empty for consultants and client viewers."""
    visibility = access.score_visibility(request.user)
    return [c.label for c in results.inputs.candidates if not visibility.sees_scores(c.id)]


def results_sealed(
    request: HttpRequest, access: EngagementAccess, sealed: list[str]
) -> HttpResponse:
    """The page an analyst gets from a ranking page while some candidates are sealed for them
    (ranks and totals compare every candidate, so showing any would reveal the sealed ones)."""
    context = engagement_context(access, sealed=sealed)
    return render(request, "scorecard/results/sealed.html", context, status=403)
