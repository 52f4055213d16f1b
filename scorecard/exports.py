"""Tables of results for spreadsheets, the command line and the report (plain rows)."""

from __future__ import annotations

from django.utils.translation import gettext as _


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
        ]
        for row in results.rows
    ]
    return headers, rows


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
                record.status,
                None if record.score != record.score else record.score,
                confidence,
                note,
            ]
        )
    return headers, rows
