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

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from scorecard import charts
from scorecard.domain.flags import Severity
from scorecard.domain.weights import shown_parts, shown_weights
from scorecard.models import Decision, Engagement, PairwiseJudgement, RankingMethod, WeightingMethod
from scorecard.ranking.cache import get_decision_results, get_results
from scorecard.ranking.evaluate import SMAA_SAMPLES, RankingRow, Results
from scorecard.reports import frozen
from scorecard.selectors import costs as cost_selectors
from scorecard.selectors import risks as risk_selectors
from scorecard.selectors.cities import city_comparison
from scorecard.selectors.comparisons import agreement_rows

EXCERPT_CHARS = 220
# Full profiles, the checklist table and the risk register cover the first this many ranked
# candidates; the others get a line of the summary table.
SHORTLIST_SIZE = 3
# Weights and points are printed with this many decimals.
SHOWN_PLACES = 1


@dataclass
class ReportChart:
    """A chart of ``scorecard.charts`` and, once rendered, its SVG (``None``: show the table)."""

    chart: charts.Chart
    svg: str | None = None
    data_uri: str = ""


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
        language: str = "en",
        decision: Decision | None = None,
        client_edition: bool = False,
    ) -> None:
        self.client_edition = client_edition  # no assessor names or notes (client viewers)
        self.engagement, self.language = engagement, language  # language: a ReportLanguage
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

    @cached_property
    def inputs(self):
        """The results' inputs; in the client edition with assessors unnamed ("Assessor 1", …)
        and without their notes (:func:`scorecard.domain.sealing.sees_assessors`)."""
        inputs = self.results.inputs
        if not self.client_edition:
            return inputs
        ids = sorted(inputs.assessors)
        anonymous = {uid: _("Assessor %(n)d") % {"n": i} for i, uid in enumerate(ids, 1)}
        return dataclasses.replace(inputs, assessors=anonymous, notes={})

    @property
    def is_final(self) -> bool:
        """A report generated from a published decision is final; any other is a draft.
        (``decision`` is set by the published-decisions work; absent here, a draft.)"""
        return getattr(self, "decision", None) is not None

    @cached_property
    def shown_weights(self) -> list[float]:
        """Criterion weights as printed (percent, one decimal, in criterion order), adding up
        to 100.0 (:func:`scorecard.domain.weights.shown_weights`)."""
        return shown_weights([c.weight for c in self.results.criteria], places=SHOWN_PLACES)

    def shown_contributions(self, row: RankingRow) -> list[float]:
        """A candidate's contributions as printed (points, one decimal, in criterion order),
        adding up to the printed total (:func:`scorecard.domain.weights.shown_parts`)."""
        values = [row.contributions.get(c.code, 0.0) for c in self.results.criteria]
        if row.total is None:
            return [round(v, SHOWN_PLACES) for v in values]
        return shown_parts(values, places=SHOWN_PLACES)

    @cached_property
    def shortlist(self) -> list[int]:
        """Candidate ids of the first :data:`SHORTLIST_SIZE` ranked, in rank order."""
        return [row.candidate.id for row in self.results.ranked[:SHORTLIST_SIZE]]

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
        rows = agreement_rows(self.results)
        if not self.client_edition:
            return rows
        real = self.results.inputs.assessors
        unnamed = {real[uid]: name for uid, name in self.inputs.assessors.items()}
        rows = [dict(row) for row in rows]  # the selector's rows stay untouched
        for row in rows:
            row["answers"] = [(unnamed.get(n, ""), shown, "") for n, shown, _n in row["answers"]]
            row["scores_text"] = ", ".join(f"{n}: {shown}" for n, shown, _n in row["answers"])
        return rows

    @cached_property
    def cities(self):
        return city_comparison(self.engagement)

    @cached_property
    def has_fictional_entities(self) -> bool:
        """Does the report name an invented provider or certifier? (The cover then says so.)"""
        return any(c.is_fictional for c in self.inputs.candidates) or any(
            credential.issuer_is_fictional
            for credentials in self.credentials.values()
            for credential in credentials
        )

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
    def judgements(self) -> list[tuple]:
        """The AHP pairwise judgements ``(row code, column code, value)``: a decision's those
        its weights came from, a draft's as they stand."""
        if self.decision is not None:
            return [(j["row"], j["column"], j["value"]) for j in self.decision.inputs["judgements"]]
        return list(
            PairwiseJudgement.objects.filter(engagement=self.engagement).values_list(
                "row__code", "column__code", "value"
            )
        )

    @cached_property
    def ahp_matrix(self):
        """The full reciprocal pairwise matrix (a DataFrame), or ``None`` (direct weights, or
        judgements missing for some pair)."""
        if self.engagement.weighting_method != WeightingMethod.AHP:
            return None
        import pandas as pd

        codes = [c.code for c in self.inputs.criteria]
        matrix = pd.DataFrame(1.0, index=codes, columns=codes)
        seen = set()
        for row, column, value in self.judgements:
            if row in matrix.index and column in matrix.index:
                matrix.loc[row, column] = float(value)
                matrix.loc[column, row] = 1 / float(value)
                seen.add(frozenset((row, column)))
        if len(seen) < len(codes) * (len(codes) - 1) // 2:
            return None
        return matrix

    @cached_property
    def ahp(self):
        """The AHP result of the engagement's pairwise judgements, or ``None`` (see
        :attr:`ahp_matrix`)."""
        if self.ahp_matrix is None:
            return None
        from scorecard import engine

        try:
            return engine.ahp_weights(self.ahp_matrix)
        except ValueError:
            return None

    # Scope, costs, compliance and risks: a decision's as published (scorecard.reports.frozen),
    # a draft's live, through the pages' own selectors.

    @cached_property
    def _frozen_scope(self) -> Engagement | None:
        if self.decision is None:
            return None
        return frozen.scoped_engagement(self.engagement, self.decision.inputs)

    @property
    def scope(self) -> Engagement:
        """The engagement with the seat plan and go-live date the report shows: a decision's
        as published (when it kept them), else as they stand."""
        return self._frozen_scope or self.engagement

    @cached_property
    def _frozen_costs(self) -> cost_selectors.CostOverview | None:
        if self.decision is None:
            return None
        return frozen.frozen_costs(self.decision.inputs, self._frozen_scope)

    @cached_property
    def _frozen_compliance(self) -> risk_selectors.RiskOverview | None:
        if self.decision is None:
            return None
        return frozen.frozen_compliance(self.decision.inputs)

    @cached_property
    def live_parts(self) -> list[str]:
        """The parts (keys of :data:`scorecard.reports.frozen.LIVE_PARTS`) a decision's report
        shows as they stand today because the decision did not keep them (empty for a draft)."""
        if self.decision is None:
            return []
        frozen_parts = {
            "scope": self._frozen_scope,
            "costs": self._frozen_costs,
            "compliance": self._frozen_compliance,
        }
        return [part for part, value in frozen_parts.items() if value is None]

    def live_notice(self, *parts: str) -> str:
        """The notice a section shows when some of ``parts`` are live in a decision's report
        (empty otherwise)."""
        live = [str(frozen.LIVE_PARTS[p]) for p in parts if p in self.live_parts]
        if not live:
            return ""
        return _(
            "Not frozen: decision %(number)d was published before decisions kept %(what)s, so "
            "this section shows them as they stand on %(date)s, not as published."
        ) % {
            "number": self.decision.number,
            "what": "; ".join(live),
            "date": date_format(timezone.localdate(self.generated_at), "DATE_FORMAT"),
        }

    @cached_property
    def costs(self) -> cost_selectors.CostOverview:
        if self._frozen_costs is not None:
            return self._frozen_costs
        return cost_selectors.cost_overview(self.engagement)

    @cached_property
    def cost_by_candidate(self) -> dict[int, cost_selectors.CandidateCost]:
        return {row.candidate.pk: row for row in self.costs.rows}

    @cached_property
    def compliance(self) -> risk_selectors.RiskOverview:
        if self._frozen_compliance is not None:
            return self._frozen_compliance
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

        if self._frozen_compliance is not None:
            published = frozen.frozen_register(
                self.decision.inputs, self._frozen_compliance, RegisterEntry
            )
            return sorted(published, key=RegisterEntry.sort_key)
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
                    severity=reviewed.flag.severity,
                    title=reviewed.flag.title,
                    reason=reviewed.flag.reason,
                    candidate=row.candidate.label,
                    candidate_id=row.candidate.pk,
                    automatic=True,
                    owner=reviewed.review.owner if reviewed.review else "",
                    mitigation=reviewed.review.note if reviewed.review else "",
                    status=str(reviewed.status_label),
                    closed=not reviewed.is_open,
                )
                for reviewed in row.reviewed_flags
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

    def stale_figures(self, candidate_id: int) -> list[str]:
        """The names of the candidate's measured indicators whose figure is stale."""
        names = {indicator.code: indicator.name for indicator in self.inputs.indicators}
        return [
            names.get(code, code)
            for (cid, code), figure in self.inputs.figures.items()
            if cid == candidate_id and figure.stale
        ]


def severity_label(severity: str) -> str:
    return {
        Severity.HIGH: _("high"),
        Severity.MEDIUM: _("medium"),
        Severity.LOW: _("low"),
    }.get(severity, severity)
