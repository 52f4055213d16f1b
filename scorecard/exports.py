"""Tables of results for spreadsheets, the command line and the report (plain rows)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from scorecard.models import Confidence, ScoreStatus
from scorecard.ranking.evaluate import status_label


def ranking_table(results) -> tuple[list[str], list[list]]:
    criteria = results.criteria
    headers = [
        _("Rank"),
        _("Candidate"),
        _("Provider"),
        _("City"),
        _("Total"),
        _("Completeness (%)"),
        *[_("%(criterion)s (points)") % {"criterion": c.name} for c in criteria],
        *[_("%(criterion)s (0–5)") % {"criterion": c.name} for c in criteria],
        _("Disqualified by"),
        _("Unverified gates"),
        _("Status"),
    ]
    rows = [
        [
            row.rank,
            row.candidate.label,
            row.candidate.provider,
            row.candidate.city,
            None if row.total is None else round(row.total, 2),
            round(row.completeness * 100, 1),
            *[round(row.contributions.get(c.code, 0.0), 2) for c in criteria],
            *[
                None
                if row.criterion_scores.get(c.code) is None
                else round(row.criterion_scores[c.code], 2)
                for c in criteria
            ],
            "; ".join(row.disqualified),
            "; ".join(row.unverified),
            status_label(row.status),
        ]
        for row in results.rows
    ]
    return headers, rows


def ranking_json(results) -> dict:
    """The ranking as plain data for ``manage.py rank --format json``: ``method``, ``as_of``
    (ISO date) and ``candidates``, ranked first, each with ``status`` (``ranked``,
    ``insufficient``, ``disqualified``), ``rank`` (``None`` unless ranked), ``score`` (0–100,
    ``None`` without data), ``completeness`` (0–1) and ``reasons`` (failed gates for the
    disqualified, what is missing for the insufficient, unverified gates for the ranked)."""
    return {
        "method": results.method,
        "as_of": results.as_of.isoformat(),
        "candidates": [
            {
                "id": row.candidate.id,
                "label": row.candidate.label,
                "status": row.status,
                "rank": row.rank,
                "score": None if row.total is None else round(row.total, 2),
                "completeness": round(row.completeness, 4),
                "reasons": _reasons(row),
            }
            for row in results.rows
        ],
    }


def _reasons(row) -> list[str]:
    if row.disqualified:
        return list(row.disqualified)
    missing = [
        _("%(criterion)s: %(missing)s")
        % {"criterion": gap.name, "missing": ", ".join(gap.indicators) or _("no data")}
        for gap in row.missing
    ]
    if row.status == "insufficient":
        return [_("Completeness under the minimum to rank"), *missing]
    return [_("Unverified gate: %(reason)s") % {"reason": r} for r in row.unverified]


def raw_scores_table(results) -> tuple[list[str], list[list]]:
    inputs = results.inputs
    candidates = inputs.candidate_by_id
    indicators = {i.code: i for i in inputs.indicators}
    criteria = {c.code: c.name for c in inputs.criteria}
    headers = [
        _("Candidate"),
        _("Criterion"),
        _("Indicator"),
        _("Assessor"),
        _("Answer"),
        _("Score (0–5)"),
        _("Confidence"),
        _("Note"),
    ]
    # What each assessor submitted (before calibration; a consensus is not an assessor's).
    submitted = inputs.assessor_scores if inputs.assessor_scores is not None else inputs.scores
    rows = []
    for record in submitted.sort_values(["candidate", "indicator", "assessor"]).itertuples(
        index=False
    ):
        indicator = indicators[record.indicator]
        note, confidence = inputs.notes.get(
            (record.candidate, record.indicator, record.assessor), ("", "")
        )
        rows.append(
            [
                candidates[record.candidate].label,
                criteria[indicator.criterion],
                indicator.name,
                inputs.assessors.get(record.assessor, ""),
                ScoreStatus(record.status).label,
                None if record.score != record.score else record.score,
                Confidence(confidence).label if confidence else "",
                note,
            ]
        )
    return headers, rows
