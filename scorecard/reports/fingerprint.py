"""The fingerprint of a report: a SHA-256 of every input it was built from.

Printed in every page footer, so two printed copies can be compared: the same fingerprint means
the same scores, notes, weights, gates, candidates, reference figures, quotes, cost
assumptions, statutory rates, checklist answers, risks, governance pack, commentary, sections,
language and app version, and the engagement's evaluation as-of date when it has one.

Only inputs count: the generation date is left out, and so is everything worked out from
today's date (a figure's "stale" mark, a figure dated today, the red flags and checklist
statuses derived from credentials): the credentials themselves are in. Unchanged data
exported on two days gives the same fingerprint (``tests/scorecard/reports/test_fingerprint``).
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import asdict
from functools import cache

from django.conf import settings
from django.utils import timezone

from scorecard.reports.context import ReportData
from scorecard.reports.cost_sections import fingerprint_costs
from scorecard.reports.sections import get_sections

# Bump when the report's content changes for the same data (templates that add facts).
REPORT_FORMAT = 6


@cache
def app_version() -> str:
    """The version in pyproject.toml (the checkout is the deployment)."""
    with open(settings.BASE_DIR / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def _number(value):
    if value is None:
        return None
    value = float(value)
    return None if value != value else round(value, 6)


def evaluation_as_of(engagement):
    """The date the engagement is evaluated as of, when it states one (else ``None``)."""
    return getattr(engagement, "evaluate_as_of", None)


def credential_rows(candidates) -> list:
    """The raw credentials of the candidates' providers (one query)."""
    from providers.models import Credential

    slugs = {c.provider_slug for c in candidates}
    return [
        [str(value) for value in row]
        for row in Credential.objects.filter(provider__slug__in=slugs)
        .order_by("provider__slug", "kind", "number", "issued_on")
        .values_list(
            "provider__slug",
            "kind",
            "number",
            "issuer",
            "issuer_is_fictional",
            "scope",
            "outcome",
            "issued_on",
            "expires_on",
        )
    ]


def figure_rows(inputs) -> list:
    """The reference figures the ranking read, without what today's date decides (a figure
    dated today, the "stale" mark)."""
    today = timezone.localdate()
    return sorted(
        (
            c,
            code,
            _number(f.value),
            f.display,
            f.source,
            f.source_url,
            f.weak_source,
            "" if f.as_of == today else str(f.as_of),
        )
        for (c, code), f in inputs.figures.items()
    )


def fingerprint_payload(data: ReportData) -> dict:
    """Every input of the report as plain JSON-able data, in a stable order."""
    engagement, inputs = data.engagement, data.inputs
    scores = sorted(
        (int(r.candidate), r.indicator, int(r.assessor), _number(r.score), r.status)
        for r in inputs.scores.itertuples(index=False)
    )
    notes = sorted((c, i, a, note, conf) for (c, i, a), (note, conf) in inputs.notes.items())
    figures = figure_rows(inputs)
    facts = sorted(
        (c, fact, repr(check.value), check.shown)
        for c, checks in inputs.facts.items()
        for fact, check in checks.items()
    )
    pairwise = sorted((row, col, str(value)) for row, col, value in data.judgements)
    payload = {
        "as_of": str(evaluation_as_of(engagement) or ""),
        "credentials": credential_rows(inputs.candidates),
        "app": app_version(),
        "format": REPORT_FORMAT,
        "engagement": [
            engagement.reference,
            engagement.name,
            engagement.client_name,
            engagement.client_logo.name if engagement.client_logo else "",
            engagement.description,
            data.scope.seats,
            data.scope.target_seats,
            data.scope.target_seats_month,
            engagement.weighting_method,
            inputs.ranking_method,
            inputs.aggregation,
            inputs.disagreement_threshold,
        ],
        "criteria": [asdict(c) for c in inputs.criteria],
        "indicators": [asdict(i) for i in inputs.indicators],
        "candidates": [asdict(c) for c in inputs.candidates],
        "gates": [asdict(g) for g in inputs.gates],
        "assessors": sorted(inputs.assessors.items()),
        "scores": scores,
        "notes": notes,
        "figures": figures,
        "facts": facts,
        "pairwise": pairwise,
        "commentary": data.commentary,
        "language": data.language,
        "sections": list(data.sections),
    }
    sections = get_sections(data.sections)
    # City figures appear in the city comparison and among the sources (method, appendix).
    if {s.key for s in sections} & {"cities", "method", "appendix"}:
        payload["cities"] = sorted(
            (
                city.name,
                metric,
                str(figure.value),
                figure.text,
                str(figure.source) if figure.source_id else "",
                (figure.source.url or "") if figure.source_id else "",
                figure.source.weak_reason if figure.source_id else "",
                str(figure.as_of or ""),
            )
            for city in data.cities.cities
            for metric, figure in data.cities.figures[city.pk].items()
        )
    if "cities" in {s.key for s in sections}:  # the city map places each city
        payload["city_places"] = sorted(
            (city.name, str(city.latitude), str(city.longitude)) for city in data.cities.cities
        )
    # Quotes, cost assumptions, statutory rates, checklist, red flags, risks and governance:
    # read by the cost sections, the profiles and the summary's top risks.
    payload["costs"] = fingerprint_costs(data)
    payload["extra"] = {s.key: s.fingerprint(data) for s in sections if s.fingerprint}
    return payload


def compute_fingerprint(data: ReportData) -> str:
    """SHA-256 (hex) of :func:`fingerprint_payload`."""
    text = json.dumps(fingerprint_payload(data), sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
