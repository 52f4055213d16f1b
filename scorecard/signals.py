"""Validation of fixture loads, which cached results a write invalidates, and report files
removed with their report.

``loaddata`` saves objects raw, skipping model validation, so a malformed fixture could load
data no form would accept. This receiver runs ``full_clean()`` on raw saves of our reference
models and turns a failure into a ``ValueError`` naming the object, which ``loaddata`` reports
and answers by rolling back the whole load.
"""

from __future__ import annotations

from functools import partial

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

VALIDATED_APPS = frozenset({"cities", "providers", "scorecard"})


@receiver(pre_save, dispatch_uid="validate_fixture_objects")
def validate_fixture_objects(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw or sender._meta.app_label not in VALIDATED_APPS:
        return
    try:
        # Uniqueness and constraints are the database's job during a load.
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        messages = "; ".join(
            f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items()
        )
        label = _describe(instance)
        raise ValueError(f"{sender._meta.label} {label} is invalid: {messages}") from exc


def _describe(instance) -> str:
    try:
        return repr(instance.natural_key())
    except (AttributeError, ObjectDoesNotExist):  # a related object may be missing
        return f"pk={instance.pk!r}"


CACHED_APPS = frozenset({"cities", "providers", "scorecard"})
# Rows of those apps that no ranking reads: writing them must not throw away cached results.
UNCACHED_MODELS = frozenset({"scorecard.report", "scorecard.importrecord"})
# Rows that belong to one engagement, and how to reach its id: an attribute of the row, or a
# foreign key's attribute and the lookup that leads from the related row to the engagement.
# A write to any other cached row is reference data, which every engagement may read.
ENGAGEMENT_OF = {
    "scorecard.engagement": ("pk", None, None),
    **{
        f"scorecard.{name}": ("engagement_id", None, None)
        for name in (
            "membership",
            "criterionweight",
            "indicatorweight",
            "pairwisejudgement",
            "candidate",
            "costassumptions",
            "risk",
            "governanceplan",
            "invitation",
            "gatewaiver",
            "decision",
        )
    },
    **{
        f"scorecard.{name}": ("candidate_id", "scorecard.candidate", "engagement_id")
        for name in ("assessment", "quote", "compliancecheck", "flagreview", "consensus")
    },
    "scorecard.score": ("assessment_id", "scorecard.assessment", "candidate__engagement_id"),
    "scorecard.evidence": ("score_id", "scorecard.score", "assessment__candidate__engagement_id"),
    "scorecard.complianceevidence": (
        "answer_id",
        "scorecard.compliancecheck",
        "candidate__engagement_id",
    ),
    "scorecard.kpitarget": ("plan_id", "scorecard.governanceplan", "engagement_id"),
}


# Rows that feed the cached inputs only through one candidate's submitted scores: a write
# replaces the engagement's results and the cached scores of that candidate, not the rest of
# its cached inputs (scorecard.ranking.cache). Neither row ever moves to another candidate (no
# form, service or admin page changes an assessment's candidate or a score's assessment).
SCORE_ROWS = frozenset({"scorecard.assessment", "scorecard.score"})
# Rows the cached inputs read anew every time they are built (calibration outcomes) or not at
# all (evidence files): a write replaces the engagement's results only.
RESULTS_ONLY = frozenset({"scorecard.consensus", "scorecard.evidence"})


def _candidate_of(label: str, instance) -> tuple[int, int] | None:
    """(engagement id, candidate id) of an assessment or a score; None when it cannot be
    told. Follows related rows already loaded on the instance, else asks the database once."""
    if label == "scorecard.score":
        assessment = instance._state.fields_cache.get("assessment")
        if assessment is None or assessment.pk != instance.assessment_id:
            assessments = apps.get_model("scorecard.assessment")._base_manager
            return (
                assessments.filter(pk=instance.assessment_id)
                .values_list("candidate__engagement_id", "candidate_id")
                .first()
            )
        instance = assessment
    candidate = instance._state.fields_cache.get("candidate")
    if candidate is not None and candidate.pk == instance.candidate_id:
        return candidate.engagement_id, candidate.pk
    candidates = apps.get_model("scorecard.candidate")._base_manager
    engagement_id = (
        candidates.filter(pk=instance.candidate_id).values_list("engagement_id", flat=True).first()
    )
    return None if engagement_id is None else (engagement_id, instance.candidate_id)


def _engagement_of(label: str, instance) -> int | None:
    """The id of the engagement ``instance`` belongs to; None when it cannot be told (the
    caller then invalidates everything, which is always safe). Follows related rows already
    loaded on the instance, else asks the database once."""
    attribute, related, lookup = ENGAGEMENT_OF[label]
    value = getattr(instance, attribute, None)
    if related is None or value is None:
        return value
    loaded = instance._state.fields_cache.get(attribute.removesuffix("_id"))
    if loaded is not None and loaded.pk == value:
        return _engagement_of(related, loaded)
    model = apps.get_model(related)
    return model._base_manager.filter(pk=value).values_list(lookup, flat=True).first()


def _is_cached(model) -> bool:
    meta = model._meta
    return (
        meta.app_label in CACHED_APPS
        and meta.label_lower not in UNCACHED_MODELS
        # simple_history's rows are written with the row they record, and no ranking reads them.
        and not meta.model_name.startswith("historical")
    )


def _bump(engagement_ids: frozenset[int] | None, *, inputs: bool = True) -> None:
    from scorecard.ranking.cache import bump_engagement_versions, bump_reference_version

    if engagement_ids is None:
        bump_reference_version()
    else:
        bump_engagement_versions(engagement_ids, inputs=inputs)


def _bump_scores(candidates: frozenset[tuple[int, int]]) -> None:
    from scorecard.ranking.cache import bump_scores_versions

    bump_scores_versions(candidates)


def _note_write(model, instances) -> None:
    """After the commit, bump the engagements the rows belong to (None: every engagement)."""
    label = model._meta.label_lower
    if label in SCORE_ROWS:
        candidates = {_candidate_of(label, i) if i is not None else None for i in instances}
        if None in candidates:  # cannot tell whose scores: every engagement's inputs go
            transaction.on_commit(partial(_bump, None))
        else:
            transaction.on_commit(partial(_bump_scores, frozenset(candidates)))
        return
    engagement_ids: frozenset[int] | None = None
    if label in ENGAGEMENT_OF:
        found = {_engagement_of(label, instance) for instance in instances}
        engagement_ids = None if None in found else frozenset(found)
    transaction.on_commit(
        partial(_bump, engagement_ids, inputs=engagement_ids is None or label not in RESULTS_ONLY)
    )


@receiver(post_save, dispatch_uid="bump_data_version_on_save")
@receiver(post_delete, dispatch_uid="bump_data_version_on_delete")
def bump_data_version_on_write(sender, instance=None, raw=False, **kwargs) -> None:
    """A write makes the cached results that may read it unreachable: the engagement's own when
    the row belongs to one engagement, every engagement's when it is reference data.

    The bump runs after the transaction commits, so a request that computes results between
    the write and the commit (from the old data) stores them under a version that the commit
    then replaces. A fixture load (``raw``) counts as a write to reference data: it may touch
    anything, and telling which engagement each row belongs to would cost a query a row.
    """
    if _is_cached(sender):
        _note_write(sender, [None if raw else instance])


@receiver(m2m_changed, dispatch_uid="bump_data_version_on_m2m")
def bump_data_version_on_m2m(sender, instance, action, model, pk_set, **kwargs) -> None:
    """A many-to-many link belongs to the engagement on either side of it (an engagement's
    gates, a candidate's sites), else it is reference data (a provider's languages)."""
    if not action.startswith("post_"):
        return
    if type(instance)._meta.label_lower in ENGAGEMENT_OF:
        _note_write(type(instance), [instance])
    elif model._meta.label_lower in ENGAGEMENT_OF:
        rows = [None] if pk_set is None else model._base_manager.filter(pk__in=pk_set)
        _note_write(model, rows)  # None: a clear seen from the other side, rows not told
    elif _is_cached(type(instance)) or _is_cached(model):
        _note_write(type(instance), [instance])


@receiver(post_delete, sender="scorecard.Report", dispatch_uid="delete_report_files")
def delete_report_files(sender, instance, **kwargs) -> None:
    """A deleted report (alone or with its engagement) takes its PDF, data pack and deck off
    the private storage, once the deletion has committed (a rollback keeps them)."""
    transaction.on_commit(instance.delete_files)
