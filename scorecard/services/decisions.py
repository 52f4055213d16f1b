"""Publishing a decision: the engagement's engine inputs and ranking frozen in one row.

:func:`publish_decision` locks the engagement row (``select_for_update``) before it reads the
inputs and takes the next number, so two consultants publishing at once get consecutive
numbers (the second waits for the first), and the unique constraint on (engagement, number)
refuses a duplicate on databases without row locks; a refusal is
:class:`DecisionConflict`, and nothing is written.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from scorecard.domain.decisions import fingerprint
from scorecard.models import Decision, Engagement
from scorecard.models.decisions import LABEL_MAX_CHARS
from scorecard.notifications import notify_decision_published
from scorecard.ranking.cache import get_inputs
from scorecard.ranking.evaluate import evaluate, publish_blockers
from scorecard.ranking.inputs import load_inputs
from scorecard.ranking.snapshot import (
    cost_record,
    evaluation_date,
    judgement_record,
    scope_record,
    snapshot_inputs,
    snapshot_results,
)
from scorecard.selectors.risks import compliance_record


def engagement_records(engagement: Engagement) -> dict[str, Any]:
    """What a snapshot records beside the engine's inputs: the AHP judgements, the costs, the
    scope, and the compliance checklist with the red flags and risks (the keyword arguments
    of :func:`~scorecard.ranking.snapshot.snapshot_inputs`)."""
    return {
        "judgements": judgement_record(engagement),
        "costs": cost_record(engagement),
        "scope": scope_record(engagement),
        "compliance": compliance_record(engagement),
    }


def live_snapshot(engagement: Engagement) -> dict[str, Any]:
    """The live draft's inputs as a snapshot (what publishing now would freeze)."""
    return snapshot_inputs(
        get_inputs(engagement), as_of=evaluation_date(engagement), **engagement_records(engagement)
    )


class DecisionError(ValueError):
    """Publishing refused for a reason the consultant can fix (the message says which)."""


class DecisionConflict(DecisionError):
    """Another decision took this number at the same moment; publishing again is safe."""


def publish_decision(
    *, engagement: Engagement, label: str, published_by: AbstractBaseUser | None
) -> Decision:
    """Freeze ``engagement``'s inputs and ranking as its next numbered :class:`Decision`.

    Raises :class:`DecisionError` for an empty or too long label, an evaluation date before
    the engagement was created, or a recommended candidate with an unverified gate and no
    waiver (:func:`scorecard.ranking.evaluate.publish_blockers`), and
    :class:`DecisionConflict` when another decision took the number; nothing is written then.
    Members are told by e-mail once the decision is committed.
    """
    label = (label or "").strip()
    if not label:
        raise DecisionError(_("Give the decision a label."))
    if len(label) > LABEL_MAX_CHARS:
        raise DecisionError(
            _("Keep the label under %(n)s characters.") % {"n": LABEL_MAX_CHARS + 1}
        )
    try:
        with transaction.atomic():
            locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
            return _publish_locked(locked, label, published_by)
    except IntegrityError:
        raise DecisionConflict(
            _("Another decision was published at the same moment. Publish again.")
        ) from None


def _publish_locked(
    engagement: Engagement, label: str, published_by: AbstractBaseUser | None
) -> Decision:
    """The body of :func:`publish_decision`, inside its transaction with the row locked."""
    as_of = evaluation_date(engagement)
    created = timezone.localdate(engagement.created_at)
    if as_of < created:
        raise DecisionError(
            _("The evaluation date cannot be before the engagement was created (%(created)s).")
            % {"created": date_format(created)}
        )
    inputs = load_inputs(engagement)
    results = evaluate(inputs)
    blockers = publish_blockers(results)
    if blockers:
        raise DecisionError(
            _(
                "Not published: the recommended candidate has unverified gates without a "
                "waiver (%(gates)s). Verify them or record a waiver with a reason first."
            )
            % {"gates": "; ".join(f"{b.candidate.label}: {b.gate_name}" for b in blockers)}
        )
    snapshot = snapshot_inputs(inputs, as_of=as_of, **engagement_records(engagement))
    last = engagement.decisions.aggregate(last=Max("number"))["last"] or 0
    decision = Decision.objects.create(
        engagement=engagement,
        number=last + 1,
        label=label,
        published_by=published_by,
        as_of=as_of,
        method=results.method,
        inputs=snapshot,
        results=snapshot_results(results, as_of=as_of),
        fingerprint=fingerprint(snapshot),
    )
    transaction.on_commit(
        lambda: notify_decision_published(
            engagement=engagement,
            number=decision.number,
            label=decision.label,
            url=reverse("scorecard:decision-detail", args=[engagement.pk, decision.number]),
        )
    )
    return decision
