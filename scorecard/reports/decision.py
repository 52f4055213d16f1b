"""The decision page (the executive summary): what a CPO needs to act on the recommendation,
gathered from the report's data (no layout, no charts).

:func:`build_decision` answers four questions about the winner against the runner-up: what
decides it (cost over the horizon, seats against the scope), how robust it is (the smallest
change of one criterion weight that gives first place to someone else, and first-place
acceptability in plain words), what must be true before go-live (conditions precedent: every
checklist item not met or unknown, credentials that expire before go-live) and the next steps
with an owner and a date.

The rules written here (:data:`COIN_TOSS_BELOW`, :data:`CLEAR_FROM`) are stated to the reader
by :func:`acceptability_rule`, never by a copy in a template.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from scorecard.domain.flags import Severity
from scorecard.domain.verdicts import FIRST_PLACE_ACCEPTABILITY_MIN, LeadVerdict
from scorecard.formats import short_date
from scorecard.models import ComplianceStatus
from scorecard.ranking.evaluate import RankingRow
from scorecard.ranking.verdict import lead_verdict
from scorecard.reports.context import RegisterEntry, ReportData, excerpt, severity_label

# First-place acceptability (share of SMAA weight scenarios) below which the choice is
# "close to a coin toss" (the too-close-to-call threshold of scorecard.domain.verdicts), and
# from which it is "clear".
COIN_TOSS_BELOW = FIRST_PLACE_ACCEPTABILITY_MIN
CLEAR_FROM = 0.90
# A criterion scored below this (0–5) is a weakness worth a top risk.
WEAK_SCORE = 2.5
TOP_RISKS = 2
# A condition's "what is missing" is cut to this many characters (the checklist has it all).
CONDITION_CHARS = 90


@dataclass(frozen=True)
class Flip:
    """The smallest move of one criterion weight (others rescaled in proportion) that gives
    first place to ``rival``: from ``weight`` to ``to`` (percent), ``change`` points."""

    criterion: str
    weight: float
    to: float
    change: float
    rival: str


@dataclass(frozen=True)
class Condition:
    """Something that must be true before go-live for the recommended candidate."""

    title: str
    detail: str


@dataclass(frozen=True)
class Step:
    action: str
    owner: str
    due: str


@dataclass
class Decision:
    """The decision page's facts; every field may be empty (the page says so)."""

    first_share: float | None = None
    acceptability: str = ""
    flip: Flip | None = None
    unshakeable: bool = False
    horizon_years: int | None = None
    winner_cost: Decimal | None = None
    rival_cost: Decimal | None = None
    seats_needed: int | None = None
    winner_seats: int | None = None
    rival_seats: int | None = None
    fx_carrier: str = ""
    conditions: list[Condition] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    @property
    def cost_gap(self) -> Decimal | None:
        """How much cheaper (positive) the winner is than the runner-up over the horizon."""
        if self.winner_cost is None or self.rival_cost is None:
            return None
        return self.rival_cost - self.winner_cost


def acceptability_words(share: float) -> str:
    """First-place acceptability in plain words (thresholds :data:`COIN_TOSS_BELOW`,
    :data:`CLEAR_FROM`)."""
    if share < COIN_TOSS_BELOW:
        return _("close to a coin toss")
    if share < CLEAR_FROM:
        return _("likely, not certain")
    return _("clear")


def acceptability_rule() -> str:
    """The thresholds of :func:`acceptability_words` in words, for the method text."""
    return _(
        "First place in fewer than %(low)d%% of weight scenarios is called close to a coin "
        "toss; %(high)d%% or more is called clear; in between, likely but not certain."
    ) % {"low": round(COIN_TOSS_BELOW * 100), "high": round(CLEAR_FROM * 100)}


def smallest_flip(stability, names: dict, labels: dict) -> Flip | None:
    """The criterion whose smallest weight change changes the winner (``None``: no single
    weight, however set, does). ``stability`` is :func:`scorecard.engine.weight_stability`'s
    table (weights 0–1); ``names`` maps criterion codes, ``labels`` candidate ids."""
    import pandas as pd

    found: list[tuple[float, str, float, float, object]] = []
    for code, row in stability.iterrows():
        weight = float(row["weight"])
        if row["rival_below"] is not None and not pd.isna(row["rival_below"]):
            lower = float(row["lower"])
            found.append((weight - lower, str(code), weight, lower, row["rival_below"]))
        if row["rival_above"] is not None and not pd.isna(row["rival_above"]):
            upper = float(row["upper"])
            found.append((upper - weight, str(code), weight, upper, row["rival_above"]))
    if not found:
        return None
    change, code, weight, to, rival = min(found, key=lambda item: (item[0], item[1]))
    return Flip(
        criterion=names.get(code, code),
        weight=weight * 100,
        to=to * 100,
        change=change * 100,
        rival=labels.get(rival, str(rival)),
    )


def conditions_precedent(checklist, go_live: dt.date | None) -> list[Condition]:
    """Checklist items of the recommended candidate that are not met, unknown or met with a
    scope to confirm, and those met whose evidence expires before go-live (``checklist``:
    its ChecklistEntry list)."""
    found = []
    for entry in checklist:
        if entry.status in (
            ComplianceStatus.NOT_MET,
            ComplianceStatus.UNKNOWN,
            ComplianceStatus.MET_SCOPE,
        ):
            detail = entry.note or (
                _("No answer or evidence recorded yet.")
                if entry.status == ComplianceStatus.UNKNOWN
                else str(entry.status_label)
            )
            found.append(Condition(str(entry.label), detail))
        elif (
            entry.status == ComplianceStatus.MET
            and entry.expires_on is not None
            and go_live is not None
            and entry.expires_on < go_live
        ):
            found.append(
                Condition(
                    str(entry.label),
                    _("Expires %(date)s, before go-live on %(go_live)s: renew.")
                    % {"date": short_date(entry.expires_on), "go_live": short_date(go_live)},
                )
            )
    # Items missing for the same reason on one line, so that the page stays one page.
    grouped: dict[str, list[str]] = {}
    for condition in found:
        grouped.setdefault(condition.detail, []).append(condition.title)
    return [
        Condition("; ".join(titles), excerpt(detail, CONDITION_CHARS))
        for detail, titles in grouped.items()
    ]


def next_steps(decision: Decision, winner: str, go_live: dt.date | None) -> list[Step]:
    """The steps from this report to a signed contract, each with an owner and a date."""
    before_go_live = (
        _("before go-live (%(date)s)") % {"date": short_date(go_live)}
        if go_live
        else _("before contract signature")
    )
    steps = [
        Step(
            _("Confirm the recommendation of %(winner)s.") % {"winner": winner},
            _("Client sponsor"),
            _("on receipt of this report"),
        )
    ]
    if decision.conditions:
        steps.append(
            Step(
                _("Obtain the evidence for each condition precedent from %(winner)s.")
                % {"winner": winner},
                _("Consultant"),
                before_go_live,
            )
        )
    steps.append(
        Step(
            _("Negotiate the contract: prices, service levels, exit terms, data-processing terms."),
            _("Client procurement"),
            _("before contract signature"),
        )
    )
    steps.append(
        Step(
            _("Re-run this report on the final data and issue it as final."),
            _("Consultant"),
            _("before contract signature"),
        )
    )
    return steps


def build_decision(
    data: ReportData, winner: RankingRow | None, runner_up: RankingRow | None
) -> Decision:
    """The decision page's facts for ``data`` (a ReportData)."""
    decision = Decision()
    if winner is None:
        return decision
    go_live = data.scope.go_live
    decision.seats_needed = data.inputs.seats  # the peak the ranking's seats gate tested
    decision.winner_seats = winner.candidate.seats_available
    cost = data.cost_by_candidate.get(winner.candidate.id)
    if cost is not None and cost.has_pricing:
        decision.winner_cost = cost.tco.base.total
        decision.fx_carrier = fx_carrier(cost.quote.currency)
    if data.costs.assumptions is not None:
        decision.horizon_years = data.costs.assumptions.horizon_years
    if runner_up is not None:
        decision.rival_seats = runner_up.candidate.seats_available
        rival_cost = data.cost_by_candidate.get(runner_up.candidate.id)
        if rival_cost is not None and rival_cost.has_pricing:
            decision.rival_cost = rival_cost.tco.base.total
        _robustness(data, decision, winner)
    risk = data.compliance_by_candidate.get(winner.candidate.id)
    if risk is not None:
        decision.conditions = conditions_precedent(risk.checklist, go_live)
    decision.steps = next_steps(decision, winner.candidate.label, go_live)
    return decision


def fx_carrier(currency: str) -> str:
    """Who carries the exchange-rate risk of a bid priced in ``currency`` (the client pays in
    USD): the provider when it prices in USD, the client when it prices in MXN."""
    if currency == "USD":
        return _("priced in USD: the provider carries the peso risk")
    return _("priced in MXN: the client carries the peso risk")


def _robustness(data: ReportData, decision: Decision, winner: RankingRow) -> None:
    if data.acceptability is not None:
        first = data.acceptability.columns[0]
        decision.first_share = float(data.acceptability.loc[winner.candidate.id, first])
        decision.acceptability = acceptability_words(decision.first_share)
    if data.stability is not None and len(data.stability):
        names = {c.code: c.name for c in data.results.criteria}
        labels = {row.candidate.id: row.candidate.label for row in data.results.rows}
        decision.flip = smallest_flip(data.stability, names, labels)
        decision.unshakeable = decision.flip is None


@dataclass
class Summary:
    winner: RankingRow | None
    runner_up: RankingRow | None
    reasons: list[tuple[str, float, float]] = field(default_factory=list)  # (criterion, w, r)
    risks: list[str] = field(default_factory=list)
    lead: float | None = None  # points between winner and runner-up
    verdict: LeadVerdict | None = None  # too close to call? (scorecard.domain.verdicts)


def risks_of(data: ReportData, row: RankingRow) -> list[str]:
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
            ngettext(
                "Assessors disagree on %(n)d indicator: %(example)s.",
                "Assessors disagree on %(n)d indicators, e.g. %(example)s.",
                len(flagged),
            )
            % {"n": len(flagged), "example": flagged[0]["indicator_name"]}
        )
    stale = data.stale_figures(row.candidate.id)
    if stale:
        risks.append(
            ngettext(
                "%(n)d reference figure is older than its update cycle: %(names)s.",
                "%(n)d reference figures are older than their update cycle: %(names)s.",
                len(stale),
            )
            % {"n": len(stale), "names": ", ".join(sorted(stale))}
        )
    risks += [described(e) for e in register if e.severity == Severity.MEDIUM][:2]
    return risks


def summarise(data: ReportData) -> Summary:
    """The executive summary's facts (see the module docstring)."""
    ranked = data.results.ranked
    winner = ranked[0] if ranked else None
    runner_up = ranked[1] if len(ranked) > 1 else None
    summary = Summary(winner=winner, runner_up=runner_up)
    if winner is None:
        return summary
    summary.risks = risks_of(data, winner)[:TOP_RISKS]
    if runner_up is None:
        return summary
    # The lead between the printed totals, so that the three numbers agree on the page.
    summary.lead = round(winner.total or 0, 1) - round(runner_up.total or 0, 1)
    summary.verdict = lead_verdict(data.results)
    # The gaps rank the criteria; the points shown are the printed ones (they add up to the
    # printed totals, as in the profiles).
    codes = [c.code for c in data.results.criteria]
    mine = dict(zip(codes, data.shown_contributions(winner), strict=True))
    theirs = dict(zip(codes, data.shown_contributions(runner_up), strict=True))
    gaps = sorted(
        (
            (
                winner.contributions.get(c.code, 0.0) - runner_up.contributions.get(c.code, 0.0),
                c.name,
                mine[c.code],
                theirs[c.code],
            )
            for c in data.results.criteria
        ),
        reverse=True,
    )
    summary.reasons = [(name, w, r) for gap, name, w, r in gaps if gap > 0][:3]
    return summary
