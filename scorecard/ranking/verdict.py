"""The lead of a ranking judged by :func:`scorecard.domain.verdicts.judge_lead`, from the
ranked set's SMAA first-place shares and exact weight-stability intervals.

:func:`lead_verdict` is what the ranking page, the client view and the report call;
:func:`rank_reversal_disclosure` is what they say about TOPSIS.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from scorecard.domain.verdicts import LeadVerdict, judge_lead
from scorecard.models import RankingMethod
from scorecard.ranking.evaluate import SMAA_SAMPLES, Results


def lead_verdict(results: Results) -> LeadVerdict | None:
    """The verdict on the leader of ``results`` (``None`` with fewer than two ranked). The
    SMAA run is seeded (``SMAA_SAMPLES`` samples, seed 0), so the verdict is reproducible and
    its first-place shares are those of the robustness page; it is kept on ``results`` (and
    so in the results cache once computed)."""
    if len(results.ranked) < 2:
        return None
    cached = results.__dict__.get("_lead_verdict")
    if cached is not None:
        return cached
    labels = {row.candidate.id: row.candidate.label for row in results.ranked}
    # The first column of the robustness page's SMAA (same samples, same seed), computed
    # without ranking every candidate in every sample: first place is all the rule reads.
    shares = results.first_rank_acceptability(n_samples=SMAA_SAMPLES, seed=0)
    first_shares = {labels[c]: float(share) for c, share in shares.items()}
    flips = []
    for row in results.weight_stability().itertuples():
        if row.rival_below is not None:
            flips.append((labels[row.rival_below], (row.weight - row.lower) * 100.0))
        if row.rival_above is not None:
            flips.append((labels[row.rival_above], (row.upper - row.weight) * 100.0))
    verdict = judge_lead(
        results.ranked[0].candidate.label,
        runner_up=results.ranked[1].candidate.label,
        first_shares=first_shares,
        flips=flips,
    )
    results._lead_verdict = verdict
    return verdict


def has_lead_verdict(results: Results) -> bool:
    """Whether :func:`lead_verdict` has nothing left to compute for ``results`` (already
    kept on them, or fewer than two ranked)."""
    return len(results.ranked) < 2 or "_lead_verdict" in results.__dict__


def rank_reversal_disclosure(method: str) -> str:
    """What a reader must know about ``method``'s order (empty for the weighted sum, whose
    totals are absolute): TOPSIS measures each candidate against the best and worst of the
    shortlist, so adding or removing a candidate can reorder the others."""
    if method != RankingMethod.TOPSIS:
        return ""
    return _(
        "TOPSIS scores each candidate against the best and worst values of the shortlist, so "
        "adding or removing a candidate can reorder the others. The weighted-sum order is "
        "shown beside it for comparison."
    )
