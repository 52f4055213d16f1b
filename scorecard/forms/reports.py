"""The "Generate report" form: which sections, the language, and the consultant's executive
commentary."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from scorecard.models import Report, ReportLanguage, ReportStatus
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
    language = forms.ChoiceField(
        label=_("Language"),
        choices=ReportLanguage.choices,
        required=False,
        help_text=_("The engagement's report language unless you choose another."),
    )
    commentary = forms.CharField(
        label=_("Executive commentary"),
        required=False,
        max_length=COMMENTARY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Opens the executive summary. Plain text; blank lines start paragraphs."),
    )
    client_edition = forms.BooleanField(
        label=_("Client edition"),
        required=False,
        help_text=_(
            "Leaves out assessors' names and notes. Client viewers see only client editions."
        ),
    )

    def __init__(self, *args, user, engagement, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.engagement = engagement
        self.fields["language"].initial = engagement.report_language

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or self.engagement.report_language

    def clean(self) -> dict:
        data = super().clean()
        # A stuck job (its worker died) stops counting after an hour.
        recent = timezone.now() - dt.timedelta(hours=1)
        unfinished = Report.objects.filter(
            requested_by=self.user,
            status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING],
            created_at__gte=recent,
        ).count()
        limit = settings.REPORT_QUEUE_PER_USER
        if unfinished >= limit:
            raise forms.ValidationError(
                ngettext(
                    "You already have %(count)d report being built; wait until it is ready.",
                    "You already have %(count)d reports being built; wait until one is ready.",
                    unfinished,
                )
                % {"count": unfinished},
                code="queue_full",
            )
        if data.get("commentary", "").strip() and "summary" not in data.get("sections", []):
            self.add_error(
                "commentary", _("The commentary is printed in the executive summary: include it.")
            )
        return data
