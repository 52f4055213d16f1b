"""The "Publish decision" confirmation form (consultants only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from scorecard.models.decisions import LABEL_MAX_CHARS


class PublishDecisionForm(forms.Form):
    """A label for the decision, and the consultant's confirmation that it is final."""

    label = forms.CharField(
        label=_("Label"),
        max_length=LABEL_MAX_CHARS,
        help_text=_("What this decision is for, e.g. “Steering committee, 12 March”."),
    )
    confirm = forms.BooleanField(
        label=_("I understand a published decision cannot be changed or deleted."),
        required=True,
    )
