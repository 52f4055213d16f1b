"""Red flags and the risk overview of an engagement: ORM rows → :mod:`scorecard.domain.flags`,
with the compliance checklist of every candidate, in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from providers.models import (
    SECURITY_KINDS,
    CredentialKind,
    ListStatus,
)
from scorecard.domain.flags import (
    CityFigureFact,
    CredentialFact,
    Flag,
    FlagFacts,
    Thresholds,
    flag_fingerprint,
)
from scorecard.domain.flags import red_flags as compute_red_flags
from scorecard.formats import short_date
from scorecard.models import (
    Candidate,
    Engagement,
    FlagReview,
    Risk,
    RiskStatus,
)
from scorecard.ranking.measures import CITY_METRICS
from scorecard.selectors.compliance import ChecklistEntry, build_checklist
from scorecard.selectors.costs import candidates_for_costs


def thresholds() -> Thresholds:
    return Thresholds(
        attrition_pct=Decimal(settings.ATTRITION_FLAG_PCT),
        concentration_pct=Decimal(settings.CONCENTRATION_FLAG_PCT),
    )


def flag_facts(candidate: Candidate, engagement: Engagement, today: dt.date) -> FlagFacts:
    """What the red-flag rules read about ``candidate`` (no queries when prefetched)."""
    provider = candidate.provider
    credentials = tuple(
        CredentialFact(
            kind=c.get_kind_display(),
            number=c.number,
            is_registration=c.is_registration,
            is_security=c.kind in SECURITY_KINDS,
            issued_on=c.issued_on,
            expires_on=c.expires_on,
            source=_("issued by %(issuer)s, on file") % {"issuer": c.issuer_display},
            is_repse=c.kind == CredentialKind.REPSE,
            expiring_days=c.expiring_window_days,
        )
        for c in provider.credentials.all()
    )
    city = candidate.primary_site.city
    figures = city.figures_by_metric()
    facts = []
    for metric in CITY_METRICS.values():
        figure = figures.get(metric)
        label = metric.label
        if figure is None:
            facts.append(
                CityFigureFact(
                    city.name,
                    label,
                    "missing",
                    metric_code=metric.value,
                    city_label=city.display_name,
                )
            )
        elif figure.numeric_value is None:  # unknown, or from a weak source: not scored
            facts.append(
                CityFigureFact(
                    city.name,
                    label,
                    "unknown",
                    None,
                    str(figure.source) if figure.from_weak_source else figure.note,
                    metric_code=metric.value,
                    city_label=city.display_name,
                )
            )
        else:
            facts.append(
                CityFigureFact(
                    city.name,
                    label,
                    "stale" if figure.is_stale(today) else "ok",
                    figure.as_of,
                    str(figure.source) if figure.source else "",
                    metric_code=metric.value,
                    city_label=city.display_name,
                )
            )
    sites = candidate.sites.all()
    return FlagFacts(
        candidate=candidate.label,
        credentials=credentials,
        cities=tuple(site.city.name for site in sites),
        city_labels={site.city.name: site.city.display_name for site in sites},
        seats_available=sum(site.seats_available for site in sites),
        seats_needed=engagement.peak_seats,
        attrition_pct=provider.attrition_pct,
        concentration_pct=provider.client_concentration_pct,
        profile_source=provider.profile_source,
        profile_as_of=provider.profile_as_of,
        city_figures=tuple(facts),
        on_69b_list=provider.sat_69b_status == ListStatus.LISTED,
        go_live=engagement.go_live,
    )


@dataclass(frozen=True)
class ReviewedFlag:
    """An automatic red flag with the team's review of it, if any. A flag closed or being
    mitigated is raised again (status open, ``reraised``) once the data it read changes."""

    flag: Flag
    review: FlagReview | None

    @property
    def reraised(self) -> bool:
        return self.review is not None and self.review.fingerprint != flag_fingerprint(self.flag)

    @property
    def status(self) -> str:
        if self.review is None or self.reraised:
            return RiskStatus.OPEN
        return self.review.status

    @property
    def status_label(self) -> str:
        return RiskStatus(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status != RiskStatus.CLOSED


@dataclass
class CandidateRisk:
    candidate: Candidate
    flags: list[Flag]
    checklist: list[ChecklistEntry]
    reviews: dict[tuple[str, str], FlagReview] = field(default_factory=dict)

    @property
    def reviewed_flags(self) -> list[ReviewedFlag]:
        return [
            ReviewedFlag(flag, self.reviews.get((flag.code, flag.subject))) for flag in self.flags
        ]


@dataclass
class RiskOverview:
    rows: list[CandidateRisk]
    risks: list[Risk]
    items: list[tuple[str, str, str]]  # (item code, label, legal basis)

    @property
    def flag_count(self) -> int:
        return sum(len(row.flags) for row in self.rows)

    @property
    def matrix(self) -> list[tuple[str, str, list[tuple[Candidate, ChecklistEntry]]]]:
        """Items as rows, candidates as columns: (label, legal basis, [(candidate, entry)])."""
        return [
            (label, basis, [(row.candidate, row.checklist[k]) for row in self.rows])
            for k, (_code, label, basis) in enumerate(self.items)
        ]


def candidate_flag(
    engagement: Engagement, candidate_id: int, code: str, subject: str
) -> tuple[Candidate, ReviewedFlag] | None:
    """One candidate's raised flag with its review, or ``None`` when it is not raised now."""
    for row in risk_overview(engagement).rows:
        if row.candidate.pk != candidate_id:
            continue
        for reviewed in row.reviewed_flags:
            if (reviewed.flag.code, reviewed.flag.subject) == (code, subject):
                return row.candidate, reviewed
    return None


def risk_overview(engagement: Engagement) -> RiskOverview:
    """Checklist, automatic red flags and manual risks of every candidate (fixed queries)."""
    from scorecard.models import LEGAL_BASIS, checklist_items

    today = engagement.as_of  # the evaluation date, as the ranking reads credentials
    limits = thresholds()
    reviews: dict[int, dict[tuple[str, str], FlagReview]] = {}
    for review in FlagReview.objects.filter(candidate__engagement=engagement):
        reviews.setdefault(review.candidate_id, {})[(review.code, review.subject)] = review
    rows = []
    for candidate in candidates_for_costs(engagement):
        facts = flag_facts(candidate, engagement, today)
        checks = {check.item: check for check in candidate.compliance_checks.all()}
        rows.append(
            CandidateRisk(
                candidate=candidate,
                flags=compute_red_flags(facts, limits, today, _, short_date),
                checklist=build_checklist(
                    candidate, checks, engagement.go_live, today, engagement.client_vertical
                ),
                reviews=reviews.get(candidate.pk, {}),
            )
        )
    risks = list(
        Risk.objects.filter(engagement=engagement).select_related(
            "candidate__provider", "candidate__primary_site__city"
        )
    )
    items = [
        (item.value, item.label, LEGAL_BASIS[item])
        for item in checklist_items(engagement.client_vertical)
    ]
    return RiskOverview(rows=rows, risks=risks, items=items)


def _checklist_entry(entry) -> dict[str, Any]:
    return {
        "item": entry.item,
        "status": entry.status,
        "note": str(entry.note),
        "derived_from": str(entry.derived_from),
        "expires_on": entry.expires_on.isoformat() if entry.expires_on else None,
        "updated_by": entry.updated_by,
    }


def _reviewed_flag(reviewed) -> dict[str, Any]:
    review = reviewed.review
    return vars(reviewed.flag) | {
        "review_status": reviewed.status,
        "owner": review.owner if review else "",
        "mitigation": review.note if review else "",
    }


def compliance_record(engagement: Engagement) -> dict[str, Any]:
    """The compliance checklist, automatic red flags (with the team's reviews) and consultant
    risks as they stand, worked out at the evaluation date. Checklist notes and flag texts are
    written by the code, so they are kept in every language the reports are written in (a
    decision's fingerprint then does not depend on the publisher's language)."""
    from django.utils import translation

    languages: dict[str, Any] = {}
    overview = None
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            overview = risk_overview(engagement)
            languages[language] = [
                {
                    "candidate": row.candidate.pk,
                    "checklist": [_checklist_entry(e) for e in row.checklist],
                    "flags": [_reviewed_flag(r) for r in row.reviewed_flags],
                }
                for row in overview.rows
            ]
    assert overview is not None  # settings.LANGUAGES is never empty
    return {
        "items": [code for code, _label, _basis in overview.items],
        "candidates": languages,
        "risks": [
            {
                "candidate": risk.candidate_id,
                "title": risk.title,
                "description": risk.description,
                "severity": risk.severity,
                "likelihood": risk.likelihood,
                "impact": risk.impact,
                "owner": risk.owner,
                "mitigation": risk.mitigation,
                "status": risk.status,
            }
            for risk in sorted(overview.risks, key=lambda r: (r.title, r.pk))
        ],
    }
