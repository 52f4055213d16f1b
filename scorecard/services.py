"""Writes that span several models. Keyword-only, typed, atomic."""

from __future__ import annotations

from django.db import transaction

from scorecard.forms.engagements import EngagementForm
from scorecard.models import Engagement, Membership, Role


@transaction.atomic
def create_engagement(*, form: EngagementForm, created_by) -> Engagement:
    """Save a new engagement, make its creator its consultant, copy the default weights."""
    engagement = form.save(commit=False)
    engagement.created_by = created_by
    engagement.save()
    form.save_m2m()
    Membership.objects.create(engagement=engagement, user=created_by, role=Role.CONSULTANT)
    engagement.reset_weights_to_defaults()
    return engagement
