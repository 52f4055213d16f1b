"""Assessment writes: save one criterion's answers, submit, reopen. Keyword-only, typed,
atomic; the assessment row locked first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, TypedDict

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from scorecard import notifications
from scorecard.models import (
    Assessment,
    AssessmentStatus,
    Criterion,
    Evidence,
    Indicator,
    Score,
)
from scorecard.selectors.assessments import get_assessment_progress

if TYPE_CHECKING:
    from scorecard.uploads import AllowedType


class Answer(TypedDict):
    """One indicator's posted answer, as :func:`save_criterion_scores` takes it.

    ``status`` ``None``: not answered (left alone); ``value`` 0–5 when scored; ``revision`` 0:
    no score existed when the form loaded; ``files``: (upload, type) pairs already checked by
    :func:`scorecard.uploads.validate_evidence_upload`.
    """

    status: str | None
    value: int | None
    note: str
    confidence: str
    revision: int
    files: Sequence[tuple[UploadedFile, AllowedType]]


class AssessmentLocked(Exception):
    """The assessment is submitted: nothing in it can change until a consultant reopens it."""


class StaleScores(Exception):
    """A save was refused because someone changed the same indicators since the form loaded.

    ``conflicts`` are the current :class:`Score` rows (with ``indicator`` and ``updated_by``)
    whose revision no longer matches the one the form was built from.
    """

    def __init__(self, conflicts: list[Score]) -> None:
        super().__init__(", ".join(score.indicator.code for score in conflicts))
        self.conflicts = conflicts


class IncompleteAssessment(Exception):
    """A submit was refused: ``missing`` rated indicators in scope have no answer yet."""

    def __init__(self, missing: list[Indicator]) -> None:
        super().__init__(", ".join(indicator.code for indicator in missing))
        self.missing = missing


def _differs(score: Score | None, answer: Answer) -> bool:
    """Whether saving ``answer`` would change ``score`` (``None``: not answered yet)."""
    if answer["files"]:
        return True
    if score is None:
        return answer["status"] is not None
    if answer["status"] is None:
        return False  # an empty answer leaves what is saved alone
    return (score.status, score.value, score.note, score.confidence) != (
        answer["status"],
        answer["value"],
        answer["note"],
        answer["confidence"],
    )


def _safe_name(name: str) -> str:
    return (get_valid_filename(PurePath(name or "evidence").name) or "evidence")[:200]


@transaction.atomic
def save_criterion_scores(
    *,
    assessment: Assessment,
    criterion: Criterion,
    answers: Mapping[int, Answer],
    user: AbstractBaseUser,
) -> list[Score]:
    """Save one criterion's answers of ``assessment``, all or nothing; return changed scores.

    ``answers`` maps indicator ids of ``criterion`` to their :class:`Answer`.

    The assessment row is locked first, so concurrent saves of the same assessment queue. An
    indicator whose saved revision differs from the posted one and whose answer would change
    raises :class:`StaleScores` and nothing is written; posting exactly what is saved is not a
    conflict (a double submit is harmless). Raises :class:`AssessmentLocked` once submitted.
    """
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_locked:
        raise AssessmentLocked
    allowed = set(criterion.indicators.values_list("pk", flat=True))
    if not set(answers) <= allowed:
        raise ValueError(f"Indicators outside criterion {criterion.code!r} were posted.")
    current = {
        score.indicator_id: score
        for score in locked.scores.filter(indicator__criterion=criterion).select_related(
            "indicator", "updated_by"
        )
    }
    changes = []
    conflicts = []
    for indicator_id, answer in answers.items():
        score = current.get(indicator_id)
        if not _differs(score, answer):
            continue
        if score is not None and answer["revision"] != score.revision:
            conflicts.append(score)
        elif score is None and answer["status"] is None:
            raise ValueError("Evidence needs an answer to attach to.")
        else:
            changes.append((indicator_id, score, answer))
    if conflicts:
        raise StaleScores(conflicts)
    saved: list[Score] = []
    written: list[Evidence] = []
    try:
        for indicator_id, score, answer in changes:
            if score is None:
                score = Score(assessment=locked, indicator_id=indicator_id, revision=0)
            if answer["status"] is not None:
                score.status = answer["status"]
                score.value = answer["value"]
                score.note = answer["note"]
                score.confidence = answer["confidence"]
            score.revision += 1
            score.updated_by = user
            score._history_user = user
            score.save()
            for upload, kind in answer["files"]:
                evidence = Evidence(
                    score=score,
                    original_name=_safe_name(upload.name),
                    content_type=kind.mime,
                    size=upload.size,
                    uploaded_by=user,
                )
                evidence.file.save(upload.name, upload, save=False)
                written.append(evidence)
                evidence.save()
            saved.append(score)
    except Exception:
        # The rows roll back with the transaction; files do not, so remove them here.
        for evidence in written:
            evidence.file.delete(save=False)
        raise
    return saved


class ReasonRequired(ValueError):
    """A reopen was refused: it needs a reason (kept in history, sent to the assessor)."""


@transaction.atomic
def submit_assessment(*, assessment: Assessment, user: AbstractBaseUser, reason: str = "") -> None:
    """Submit ``assessment`` (locking it) when every rated indicator in scope has an answer;
    ``reason`` (optional) is kept in history and sent to the consultants.

    The assessment row is locked before completeness is checked, so a concurrent save cannot
    slip in between. Raises :class:`IncompleteAssessment` or :class:`AssessmentLocked`.
    """
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_locked:
        raise AssessmentLocked
    missing = [i for progress in get_assessment_progress(assessment) for i in progress.missing]
    if missing:
        raise IncompleteAssessment(missing)
    locked.status = AssessmentStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.status_reason = reason.strip()
    locked._history_user = user
    locked._change_reason = "submitted"
    locked.save()
    transaction.on_commit(lambda: notifications.notify_assessment_submitted(locked))


@transaction.atomic
def reopen_assessment(*, assessment: Assessment, user: AbstractBaseUser, reason: str) -> bool:
    """Put a submitted assessment back in draft (a consultant's decision): ``reason`` is
    required, kept in history and sent to the assessor. Returns ``False`` when it was not
    submitted (nothing changes). Raises :class:`ReasonRequired` for a blank reason."""
    if not reason.strip():
        raise ReasonRequired("A reopen needs a reason.")
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not locked.is_locked:
        return False
    locked.status = AssessmentStatus.DRAFT
    locked.submitted_at = None
    locked.status_reason = reason.strip()
    locked._history_user = user
    locked._change_reason = "reopened"
    locked.save()
    transaction.on_commit(lambda: notifications.notify_assessment_reopened(locked, by=user))
    return True
