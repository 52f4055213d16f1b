"""The "Generate report" form: which sections, and the consultant's executive commentary."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from scorecard.reports.sections import default_keys, section_choices

COMMENTARY_MAX_CHARS = 4000


class ReportForm(forms.Form):
    sections = forms.MultipleChoiceField(
        label=_("Sections"),
        choices=section_choices,
        widget=forms.CheckboxSelectMultiple,
        initial=default_keys,
        help_text=_("The cover and the table of contents are always included."),
    )
    commentary = forms.CharField(
        label=_("Executive commentary"),
        required=False,
        max_length=COMMENTARY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Opens the executive summary. Plain text; blank lines start paragraphs."),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("commentary", "").strip() and "summary" not in data.get("sections", []):
            self.add_error(
                "commentary", _("The commentary is printed in the executive summary: include it.")
            )
        return data
