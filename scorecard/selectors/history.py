"""An assessment's history: every recorded change of it and its scores, and evidence uploads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scorecard.models import (
    Assessment,
    Consensus,
    Evidence,
    Score,
)


@dataclass(frozen=True)
class HistoryEvent:
    """One saved change: who, when, to what, and each field's previous → new value."""

    when: datetime
    who: object  # the user, or None when unknown (a script, a deleted user)
    subject: str  # "Assessment" or the indicator's name
    action: str  # "created", "changed", "deleted"
    changes: list[tuple[str, str, str]]  # (field label, previous, new)
    reason: str = ""


# Change reasons are stored in English (a fixed code) and translated when shown.
REASONS = {
    "reopened": gettext_lazy("reopened by a consultant"),
    "submitted": gettext_lazy("submitted"),
}


def _shown(model, name: str, value) -> str:
    if value is None or value == "":
        return "—"
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    return str(value)


def _events(records: list, model, fields: tuple[str, ...], subject) -> list[HistoryEvent]:
    actions = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
    previous: dict[int, object] = {}
    events = []
    for record in records:
        before = previous.get(record.id)
        changes = [
            (
                str(model._meta.get_field(name).verbose_name),
                _shown(model, name, getattr(before, name)) if before else "—",
                _shown(model, name, getattr(record, name)),
            )
            for name in fields
            if before is None or getattr(before, name) != getattr(record, name)
        ]
        previous[record.id] = record
        if not changes and record.history_type == "~" and not record.history_change_reason:
            continue  # a save that changed nothing shown here
        events.append(
            HistoryEvent(
                when=record.history_date,
                who=record.history_user,
                subject=subject(record),
                action=actions[record.history_type],
                changes=changes,
                reason=REASONS.get(
                    record.history_change_reason, record.history_change_reason or ""
                ),
            )
        )
    return events


def get_assessment_history(assessment: Assessment) -> list[HistoryEvent]:
    """Every recorded change of the assessment and its scores, the calibration outcomes on
    its candidate, and evidence uploads still on file, newest first (four queries: one per
    table, not per row)."""
    assessment_records = list(
        Assessment.history.filter(id=assessment.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    score_records = list(
        Score.history.filter(assessment_id=assessment.pk)
        .select_related("history_user", "indicator")
        .order_by("history_date", "history_id")
    )
    consensus_records = list(
        Consensus.history.filter(candidate_id=assessment.candidate_id)
        .select_related("history_user", "indicator")
        .order_by("history_date", "history_id")
    )
    events = _events(
        assessment_records,
        Assessment,
        ("status", "submitted_at", "due_date", "status_reason"),
        lambda r: _("Assessment"),
    ) + _events(
        score_records,
        Score,
        ("status", "value", "note", "confidence"),
        lambda r: r.indicator.name if r.indicator else _("(indicator removed)"),
    )
    events += _events(
        consensus_records,
        Consensus,
        ("score", "reason"),
        lambda r: (
            _("Calibration of %(indicator)s")
            % {"indicator": r.indicator.name if r.indicator else _("(indicator removed)")}
        ),
    )
    # Evidence has no history table: uploads still on file are listed from their own rows.
    events += [
        HistoryEvent(
            when=item.uploaded_at,
            who=item.uploaded_by,
            subject=item.score.indicator.name,
            action=_("evidence added"),
            changes=[(str(_("file")), "—", item.original_name)],
        )
        for item in Evidence.objects.filter(score__assessment=assessment).select_related(
            "uploaded_by", "score__indicator"
        )
    ]
    return sorted(events, key=lambda event: event.when, reverse=True)
