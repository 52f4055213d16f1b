"""Calibration: the consensus on one flagged disagreement, and opening calibration."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from scorecard.models.limits import LONG_TEXT_MAX_CHARS

KEEP = ""


class ConsensusForm(forms.Form):
    """The consultant's outcome for one (candidate, indicator): a 0–5 consensus score, or keep
    the assessors' aggregate; a reason either way. ``candidate`` and ``indicator`` are checked
    against the flagged disagreements by the view."""

    candidate = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    indicator = forms.SlugField(widget=forms.HiddenInput, max_length=50)
    score = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[(KEEP, _("Keep the aggregate")), *[(str(n), str(n)) for n in range(6)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=LONG_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["score"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["reason"].widget.attrs["class"] = "form-control form-control-sm"

    @property
    def key(self) -> tuple[int | None, str]:
        """(candidate id, indicator code) this form is about, bound or not."""
        raw_candidate = self["candidate"].value()
        try:
            candidate = int(raw_candidate)
        except (TypeError, ValueError):
            candidate = None
        return candidate, str(self["indicator"].value() or "")


class OpenCalibrationForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that every analyst will see every assessor's scores and notes, "
            "including on candidates they have not submitted yet."
        ),
        required=True,
    )
