"""The completeness rule: which candidates have enough evidence to rank, what is missing,
and the rule in words for pages, README and the report (:func:`completeness_rule`,
:func:`missing_criterion_rule`). :func:`scorecard.ranking.evaluate.evaluate` applies it once;
the engine's ``min_completeness`` and :data:`~scorecard.engine.result.MISSING_CRITERION_POLICY`
are the rule itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from scorecard.engine.assessments import UNKNOWN
from scorecard.ranking.inputs import Inputs


def completeness_rule(min_completeness: float) -> str:
    """The completeness rule in words, for ``min_completeness`` in percent (e.g. 80)."""
    return _(
        "A candidate is ranked only when known answers and figures carry at least "
        "%(threshold)s %% of the total weight; below that it is listed apart as insufficient "
        "evidence, with what is missing, and is never ranked or recommended."
    ) % {"threshold": f"{float(min_completeness):g}"}


def missing_criterion_rule() -> str:
    """How a ranked candidate's unknowns are scored, in words (the engine's
    :data:`~scorecard.engine.result.MISSING_CRITERION_POLICY`)."""
    return _(
        "Unknown answers are never counted as zero. Within a criterion, unknown indicators "
        "are left out and the known ones carry its weight. A criterion with no known "
        "indicator is unknown: its weight is shared among the candidate's known criteria in "
        "proportion to their weights (TOPSIS and the sensitivity analyses put the candidate's "
        "weighted average over its known criteria in its place, the same thing)."
    )


@dataclass(frozen=True)
class MissingCriterion:
    """What is unknown about one criterion for one candidate: ``indicators`` are the names
    of its unknown indicators (empty for a criterion without indicators, e.g. cost)."""

    code: str
    name: str
    indicators: tuple[str, ...]
    fully_unknown: bool


def missing_criteria(inputs: Inputs, result) -> dict[int, list[MissingCriterion]]:
    """Per candidate, the criteria (of positive weight) with unknown indicators or no data."""
    names = {c.code: c.name for c in inputs.criteria}
    weights = inputs.criterion_weights
    indicator_names = {i.code: i.name for i in inputs.indicators}
    table = result.indicators
    unknown = table[table["status"] == UNKNOWN]
    by_pair: dict[tuple[int, str], list[str]] = {}
    for cand, code, criterion in unknown[["candidate", "indicator", "criterion"]].itertuples(
        index=False
    ):
        by_pair.setdefault((cand, criterion), []).append(indicator_names.get(code, code))
    missing: dict[int, list[MissingCriterion]] = {}
    for cid in result.criterion_scores.index:
        fully = set(result.missing_criteria.get(cid, []))
        for code in names:
            unknown_here = by_pair.get((cid, code), [])
            if weights.get(code, 0) > 0 and (unknown_here or code in fully):
                missing.setdefault(cid, []).append(
                    MissingCriterion(code, names[code], tuple(unknown_here), code in fully)
                )
    return missing
