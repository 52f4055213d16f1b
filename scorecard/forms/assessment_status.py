"""Submitting and reopening an assessment (a confirmation with a reason), and its due date."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from scorecard.models import Assessment
from scorecard.models.limits import LONG_TEXT_MAX_CHARS


class StatusChangeForm(forms.Form):
    """The confirmation step of a submit (reason optional) or a reopen (reason required).
    ``confirm`` is the confirmation page's button: without it the view shows that page."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=LONG_TEXT_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, reason_required: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required
        if reason_required:
            self.fields["reason"].help_text = _(
                "Required: kept in the assessment's history and sent to the assessor."
            )
        else:
            self.fields["reason"].label = _("Note for the consultants (optional)")
            self.fields["reason"].help_text = _("Kept in the assessment's history.")


class DueDateForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date", "class": "form-control"})}
