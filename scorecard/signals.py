"""Validation of fixture loads.

``loaddata`` saves objects raw, skipping model validation, so a malformed fixture could load
data no form would accept. This receiver runs ``full_clean()`` on raw saves of our reference
models and turns a failure into a ``ValueError`` naming the object, which ``loaddata`` reports
and answers by rolling back the whole load.
"""

from __future__ import annotations

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
UNCACHED_MODELS = frozenset({"scorecard.report"})


@receiver(post_save, dispatch_uid="bump_data_version_on_save")
@receiver(post_delete, dispatch_uid="bump_data_version_on_delete")
@receiver(m2m_changed, dispatch_uid="bump_data_version_on_m2m")
def bump_data_version_on_write(sender, **kwargs) -> None:
    """Any write to reference or engagement data makes cached results unreachable.

    The bump runs after the transaction commits, so a request that computes results between
    the write and the commit (from the old data) stores them under a version that the commit
    then replaces.
    """
    if sender._meta.app_label not in CACHED_APPS or sender._meta.label_lower in UNCACHED_MODELS:
        return
    from scorecard.ranking.cache import bump_data_version

    transaction.on_commit(bump_data_version)
