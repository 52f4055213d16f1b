"""What a report says, gathered once from the engagement's results (no layout, no charts).

:class:`ReportData` wraps :func:`scorecard.ranking.cache.get_results` with the analyses a report
needs, each computed on first use (sections that are not chosen cost nothing).
:func:`summarise` writes the executive summary's facts: the recommendation, the runner-up, the
three reasons (the criteria where the winner's contribution most exceeds the runner-up's), the
top risks, and how robust the recommendation is. With a published decision, everything reads
its frozen results.
Size: one class of lazily computed analyses, kept together.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext as _

from scorecard import charts
from scorecard.domain.flags import Severity
from scorecard.domain.verdicts import LeadVerdict
from scorecard.models import Decision, Engagement, PairwiseJudgement, RankingMethod, WeightingMethod
from scorecard.ranking.cache import get_decision_results, get_results
from scorecard.ranking.evaluate import SMAA_SAMPLES, RankingRow, Results
from scorecard.ranking.verdict import lead_verdict
from scorecard.selectors import costs as cost_selectors
from scorecard.selectors import risks as risk_selectors
from scorecard.selectors.cities import city_comparison
from scorecard.selectors.comparisons import agreement_rows

EXCERPT_CHARS = 220
NARROW_LEAD_POINTS = 2.0
WEAK_SCORE = 2.5
TOP_RISKS = 5


@dataclass
class ReportChart:
    """A chart of ``scorecard.charts`` and, once rendered, its SVG (``None``: show the table)."""

    chart: charts.Chart
    svg: str | None = None
    data_uri: str = ""


@dataclass
class Summary:
    winner: RankingRow | None
    runner_up: RankingRow | None
    reasons: list[tuple[str, float, float]] = field(default_factory=list)  # (criterion, w, r)
    risks: list[str] = field(default_factory=list)
    first_share: float | None = None  # share of weight scenarios with the winner first (0–1)
    sensitive: tuple[str, float, float] | None = None  # (criterion, lowest %, highest %)
    lead: float | None = None  # points between winner and runner-up
    unshakeable: bool = False  # no single weight, however set, takes first place away
    verdict: LeadVerdict | None = None  # too close to call? (scorecard.domain.verdicts)


@dataclass
class RegisterEntry:
    """A line of the risk register: an automatic red flag or a risk a consultant added."""

    severity: str  # "high", "medium" or "low"
    title: str
    reason: str
    candidate: str  # label, or "" for the whole selection
    candidate_id: int | None
    automatic: bool
    likelihood: int | None = None
    impact: int | None = None
    owner: str = ""
    mitigation: str = ""
    status: str = ""  # display
    closed: bool = False

    @property
    def rating(self) -> int | None:
        if self.likelihood is None or self.impact is None:
            return None
        return self.likelihood * self.impact

    def sort_key(self):
        return (
            self.closed,
            Severity.ORDER.get(self.severity, 3),
            -(self.rating or 0),
            self.automatic,
            self.candidate,
            self.title,
        )


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


class ReportData:
    """The engagement's results and everything derived from them that a report shows."""

    def __init__(
        self,
        engagement: Engagement,
        *,
        sections: list[str],
        commentary: str = "",
        generated_at: dt.datetime | None = None,
        version: int = 1,
        author: str = "",
        decision: Decision | None = None,
    ) -> None:
        self.engagement = engagement
        self.decision = decision
        self.sections = sections
        self.commentary = commentary
        self.generated_at = generated_at or timezone.now()
        self.version = version
        self.author = author

    @cached_property
    def results(self) -> Results:
        decision = self.decision
        return get_decision_results(decision) if decision else get_results(self.engagement)

    @property
    def inputs(self):
        return self.results.inputs

    @cached_property
    def stability(self):
        """Weight-stability intervals of the winner (``None`` with fewer than two ranked)."""
        return self.results.weight_stability() if len(self.results.ranked) >= 2 else None

    @cached_property
    def acceptability(self):
        """SMAA-2 rank acceptability (``None`` with fewer than two ranked)."""
        if len(self.results.ranked) < 2:
            return None
        return self.results.rank_acceptability(n_samples=SMAA_SAMPLES, seed=0)

    @cached_property
    def agreement(self) -> list[dict]:
        return agreement_rows(self.results)

    @cached_property
    def cities(self):
        return city_comparison(self.engagement)

    @cached_property
    def credentials(self) -> dict[int, list]:
        """Each candidate's provider credentials, by candidate id (one query)."""
        from providers.models import Credential

        by_provider = defaultdict(list)
        provider_of = {}
        slugs = {c.provider_slug for c in self.inputs.candidates}
        for credential in (
            Credential.objects.filter(provider__slug__in=slugs)
            .select_related("provider")
            .order_by("kind", "-issued_on")
        ):
            by_provider[credential.provider.slug].append(credential)
        for candidate in self.inputs.candidates:
            provider_of[candidate.id] = by_provider.get(candidate.provider_slug, [])
        return provider_of

    @cached_property
    def ahp(self):
        """The AHP result of the engagement's pairwise judgements, or ``None`` (direct
        weights, or judgements missing for some pair)."""
        if self.engagement.weighting_method != WeightingMethod.AHP:
            return None
        import pandas as pd

        from scorecard import engine

        codes = [c.code for c in self.inputs.criteria]
        matrix = pd.DataFrame(1.0, index=codes, columns=codes)
        seen = set()
        for row, column, value in PairwiseJudgement.objects.filter(
            engagement=self.engagement
        ).values_list("row__code", "column__code", "value"):
            if row in matrix.index and column in matrix.index:
                matrix.loc[row, column] = float(value)
                matrix.loc[column, row] = 1 / float(value)
                seen.add(frozenset((row, column)))
        if len(seen) < len(codes) * (len(codes) - 1) // 2:
            return None
        try:
            return engine.ahp_weights(matrix)
        except ValueError:
            return None

    # Costs, compliance, risks and governance (read through the pages' own selectors).

    @cached_property
    def costs(self) -> cost_selectors.CostOverview:
        return cost_selectors.cost_overview(self.engagement)

    @cached_property
    def cost_by_candidate(self) -> dict[int, cost_selectors.CandidateCost]:
        return {row.candidate.pk: row for row in self.costs.rows}

    @cached_property
    def compliance(self) -> risk_selectors.RiskOverview:
        return risk_selectors.risk_overview(self.engagement)

    @cached_property
    def compliance_by_candidate(self) -> dict[int, risk_selectors.CandidateRisk]:
        return {row.candidate.pk: row for row in self.compliance.rows}

    @cached_property
    def statutory_rates(self) -> list:
        return cost_selectors.statutory_rates()

    @cached_property
    def governance(self):
        """``(plan, kpis)``; ``(None, [])`` when no governance pack was proposed."""
        from scorecard.models import GovernancePlan

        plan = GovernancePlan.objects.filter(engagement=self.engagement).first()
        return plan, list(plan.kpis.select_related("definition")) if plan else []

    @cached_property
    def risk_register(self) -> list[RegisterEntry]:
        """Automatic red flags and consultant-added risks, most severe first (closed last)."""
        from scorecard.models import RiskStatus

        entries = [
            RegisterEntry(
                severity=risk.severity,
                title=risk.title,
                reason=risk.description,
                candidate=risk.candidate.label if risk.candidate_id else "",
                candidate_id=risk.candidate_id,
                automatic=False,
                likelihood=risk.likelihood,
                impact=risk.impact,
                owner=risk.owner,
                mitigation=risk.mitigation,
                status=risk.get_status_display(),
                closed=risk.status == RiskStatus.CLOSED,
            )
            for risk in self.compliance.risks
        ]
        for row in self.compliance.rows:
            entries += [
                RegisterEntry(
                    severity=flag.severity,
                    title=flag.title,
                    reason=flag.reason,
                    candidate=row.candidate.label,
                    candidate_id=row.candidate.pk,
                    automatic=True,
                    status=str(RiskStatus.OPEN.label),
                )
                for flag in row.flags
            ]
        return sorted(entries, key=RegisterEntry.sort_key)

    @property
    def method_label(self) -> str:
        return str(RankingMethod(self.results.method).label)

    @cached_property
    def flagged_by_candidate(self) -> dict[int, list[dict]]:
        flagged = defaultdict(list)
        for row in self.agreement:
            if row["flagged"]:
                flagged[row["candidate_id"]].append(row)
        return flagged

    def notes_for(self, candidate_id: int, criterion: str, limit: int = 2) -> list[tuple]:
        """Up to ``limit`` assessor notes on ``criterion`` for a candidate, as
        (indicator name, assessor, excerpt)."""
        found = []
        for indicator in self.inputs.indicators:
            if indicator.criterion != criterion or indicator.weight <= 0:
                continue
            for assessor, name in sorted(self.inputs.assessors.items(), key=lambda a: a[1]):
                note = self.inputs.notes.get((candidate_id, indicator.code, assessor), ("", ""))[0]
                if note.strip():
                    found.append((indicator.name, name, excerpt(note)))
                    break
            if len(found) >= limit:
                break
        return found

    def stale_figures(self, candidate_id: int) -> list:
        return [
            figure
            for (cid, _code), figure in self.inputs.figures.items()
            if cid == candidate_id and figure.stale
        ]


def risks_of(data: ReportData, row: RankingRow, runner_up: RankingRow | None) -> list[str]:
    """The most important caveats about recommending ``row``, most serious first."""
    risks = [_("Gate not verified: %(reason)s") % {"reason": r} for r in row.unverified]
    register = [
        entry
        for entry in data.risk_register
        if not entry.closed and entry.candidate_id in (row.candidate.id, None)
    ]

    def described(entry: RegisterEntry) -> str:
        return _("%(title)s (%(severity)s): %(reason)s") % {
            "title": entry.title,
            "severity": severity_label(entry.severity),
            "reason": excerpt(entry.reason, 160) if entry.reason else "—",
        }

    risks += [described(e) for e in register if e.severity == Severity.HIGH][:3]
    names = {c.code: c.name for c in data.results.criteria}
    if runner_up is not None and row.total is not None and runner_up.total is not None:
        lead = row.total - runner_up.total
        if lead < NARROW_LEAD_POINTS:
            risks.append(
                _("Narrow lead over %(rival)s: %(lead).1f points.")
                % {"rival": runner_up.candidate.label, "lead": lead}
            )
    if row.completeness < 1:
        risks.append(
            _("Only %(share)d%% of the weighted indicators have data.")
            % {"share": round(row.completeness * 100)}
        )
    weak = sorted(
        (score, names[code])
        for code, score in row.criterion_scores.items()
        if score is not None and score < WEAK_SCORE and code in names
    )
    for score, name in weak[:2]:
        risks.append(
            _("Weak on %(criterion)s (%(score).1f of 5).") % {"criterion": name, "score": score}
        )
    flagged = data.flagged_by_candidate.get(row.candidate.id, [])
    if flagged:
        risks.append(
            _("Assessors disagree on %(n)d indicator(s), e.g. %(example)s.")
            % {"n": len(flagged), "example": flagged[0]["indicator_name"]}
        )
    stale = data.stale_figures(row.candidate.id)
    if stale:
        risks.append(
            _("%(n)d reference figure(s) are older than their update cycle.") % {"n": len(stale)}
        )
    risks += [described(e) for e in register if e.severity == Severity.MEDIUM][:2]
    return risks


def severity_label(severity: str) -> str:
    return {
        Severity.HIGH: _("high"),
        Severity.MEDIUM: _("medium"),
        Severity.LOW: _("low"),
    }.get(severity, severity)


def summarise(data: ReportData) -> Summary:
    """The executive summary's facts (see the module docstring)."""
    ranked = data.results.ranked
    winner = ranked[0] if ranked else None
    runner_up = ranked[1] if len(ranked) > 1 else None
    summary = Summary(winner=winner, runner_up=runner_up)
    if winner is None:
        return summary
    summary.risks = risks_of(data, winner, runner_up)[:TOP_RISKS]
    if runner_up is None:
        return summary
    summary.lead = (winner.total or 0) - (runner_up.total or 0)
    summary.verdict = lead_verdict(data.results)
    gaps = sorted(
        (
            (
                winner.contributions.get(c.code, 0.0) - runner_up.contributions.get(c.code, 0.0),
                c.name,
                winner.contributions.get(c.code, 0.0),
                runner_up.contributions.get(c.code, 0.0),
            )
            for c in data.results.criteria
        ),
        reverse=True,
    )
    summary.reasons = [(name, w, r) for gap, name, w, r in gaps if gap > 0][:3]
    if data.acceptability is not None:
        first = data.acceptability.columns[0]
        summary.first_share = float(data.acceptability.loc[winner.candidate.id, first])
    if data.stability is not None and len(data.stability):
        names = {c.code: c.name for c in data.results.criteria}
        widths = (data.stability["upper"] - data.stability["lower"]).sort_values(kind="stable")
        code = widths.index[0]
        row = data.stability.loc[code]
        low, high = float(row["lower"]) * 100, float(row["upper"]) * 100
        if low <= 0.5 and high >= 99.5:
            summary.unshakeable = True
        else:
            summary.sensitive = (names.get(code, code), low, high)
    return summary
