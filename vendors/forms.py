"""Forms of the vendor portal: the consultant's invitation and deadline forms, the vendor's
questionnaire (answers with cited evidence, and the provider profile), and evidence upload.

:class:`QuestionnaireForm` turns its cleaned data into what
:func:`vendors.services.save_answers` takes (:meth:`QuestionnaireForm.answers`,
:meth:`QuestionnaireForm.profile`).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from providers.models import Credential, CredentialKind, Language, Provider, ServiceFunction, Site
from scorecard.forms.assessments import MultipleFileField
from scorecard.models import Candidate, Engagement
from scorecard.models.limits import LONG_TEXT_MAX_CHARS
from scorecard.uploads import validate_evidence_upload
from vendors.models import ASKED_CREDENTIALS, EvidenceFile
from vendors.profile import COMPANY_FIELDS, CREDENTIAL_FIELDS, SITE_FIELDS, as_text
from vendors.selectors import QuestionRow


def end_of_day(day: dt.date) -> dt.datetime:
    """A deadline date as the last second of that day in the site's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def default_deadline() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=settings.VENDOR_DEFAULT_DAYS)


# A deadline at most this far ahead (a questionnaire open for longer is a mistake).
MAX_DEADLINE_DAYS = 366


class DeadlineField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"})

    def validate(self, value: dt.date) -> None:
        super().validate(value)
        if value and value < timezone.localdate():
            raise ValidationError(_("The deadline cannot be in the past."))
        if value and value > timezone.localdate() + dt.timedelta(days=MAX_DEADLINE_DAYS):
            raise ValidationError(
                _("The deadline can be at most %(days)d days ahead.") % {"days": MAX_DEADLINE_DAYS}
            )


class InvitationForm(forms.Form):
    candidate = forms.ModelChoiceField(label=_("Candidate"), queryset=Candidate.objects.none())
    contact_name = forms.CharField(label=_("Contact name"), max_length=120)
    email = forms.EmailField(label=_("E-mail"))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    deadline = DeadlineField(label=_("Deadline"), initial=default_deadline)
    blind = forms.BooleanField(label=_("Hide the client's name from the vendor"), required=False)

    def __init__(self, *args, engagement: Engagement, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = engagement.candidates.select_related(
            "provider", "primary_site__city"
        )


class DeadlineForm(forms.Form):
    deadline = DeadlineField(label=_("New deadline"), initial=default_deadline)


class EvidenceUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Add files to your evidence library"),
        help_text=_("PDF, PNG, JPEG, WebP, XLSX or CSV; several files at once."),
    )

    def clean_files(self) -> list:
        checked, errors = [], []
        for upload in self.cleaned_data.get("files") or []:
            try:
                checked.append(validate_evidence_upload(upload))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return checked


class WorkbookUploadForm(forms.Form):
    workbook = forms.FileField(
        label=_("Upload the filled-in workbook"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


def _model_field(model, name: str) -> forms.Field:
    model_field = model._meta.get_field(name)
    extra = {"assume_scheme": "https"} if isinstance(model_field, models.URLField) else {}
    field = model_field.formfield(required=False, **extra)
    if isinstance(field, forms.DateField):
        field.widget = forms.DateInput(attrs={"type": "date"})
    if isinstance(field.widget, forms.Textarea):
        field.widget.attrs["rows"] = 3
    _style(field)
    return field


def _style(field: forms.Field) -> forms.Field:
    """Bootstrap classes for fields the template renders one by one."""
    widget = field.widget
    if isinstance(widget, forms.Select):
        widget.attrs.setdefault("class", "form-select")
    elif not isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
        widget.attrs.setdefault("class", "form-control")
    return field


class QuestionnaireForm(forms.Form):
    """Every question's answer and cited files, then the provider's profile.

    Field names: ``a<indicator id>-text|evidence|revision``; ``company-<field>``;
    ``functions``, ``languages``; ``site-<site id>-<field>``; ``cred-<kind>-<field>`` and
    ``cred-<kind>-evidence``; ``profile_revision``. Initial values come from the saved
    answers, else from the reference record.
    """

    profile_revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        rows: list[QuestionRow],
        library: list[EvidenceFile],
        provider: Provider,
        profile: dict,
        revision: int,
        disabled: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.sites = list(provider.sites.select_related("city").order_by("name"))
        files = [(e.pk, e.original_name) for e in library]
        self.initial["profile_revision"] = revision
        for row in rows:
            key = f"a{row.indicator.pk}"
            self.fields[f"{key}-text"] = forms.CharField(
                label=row.question,
                required=False,
                max_length=LONG_TEXT_MAX_CHARS,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"{key}-evidence"] = forms.TypedMultipleChoiceField(
                label=_("Evidence cited"),
                choices=files,
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields[f"{key}-revision"] = forms.IntegerField(
                min_value=0, required=False, widget=forms.HiddenInput
            )
            self.initial[f"{key}-text"] = row.answer.text if row.answer else ""
            self.initial[f"{key}-evidence"] = row.cited
            self.initial[f"{key}-revision"] = row.answer.revision if row.answer else 0
        self._add_profile_fields(provider, profile, files)
        if disabled:
            for item in self.fields.values():
                item.disabled = True

    def _add_profile_fields(self, provider: Provider, profile: dict, files) -> None:
        company = profile.get("company", {})
        for name in COMPANY_FIELDS:
            self.fields[f"company-{name}"] = _model_field(Provider, name)
            self.initial[f"company-{name}"] = company.get(name, as_text(getattr(provider, name)))
        for name, model in (("functions", ServiceFunction), ("languages", Language)):
            self.fields[name] = forms.TypedMultipleChoiceField(
                label=capfirst(Provider._meta.get_field(name).verbose_name),
                choices=list(model.objects.values_list("code", "name")),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            self.initial[name] = profile.get(
                name, list(getattr(provider, name).values_list("code", flat=True))
            )
        for site in self.sites:
            saved = profile.get("sites", {}).get(str(site.pk), {})
            for name in SITE_FIELDS:
                self.fields[f"site-{site.pk}-{name}"] = _model_field(Site, name)
                self.initial[f"site-{site.pk}-{name}"] = saved.get(
                    name, as_text(getattr(site, name))
                )
        credentials = profile.get("credentials", {})
        for kind in ASKED_CREDENTIALS:
            saved = credentials.get(kind, {})
            for name in CREDENTIAL_FIELDS:
                key = f"cred-{kind}-{name}"
                self.fields[key] = _model_field(Credential, name)
                self.initial[key] = saved.get(name, "")
            self.fields[f"cred-{kind}-evidence"] = _style(
                forms.TypedChoiceField(
                    label=_("Evidence file"),
                    choices=[("", "—"), *files],
                    coerce=int,
                    required=False,
                    empty_value=None,
                )
            )
            self.initial[f"cred-{kind}-evidence"] = saved.get("evidence")

    def initial_data(self) -> dict:
        """The form's initial values as a browser would post them (the XLSX upload starts
        from these and overlays the workbook's cells, so both go through the same checks)."""
        data = {}
        for name, field in self.fields.items():
            value = self.initial.get(name, field.initial)
            if isinstance(value, list | tuple):
                data[name] = [str(item) for item in value]
            elif value is not None:
                data[name] = str(value)
        return data

    def question_fields(self):
        """(row, text field, evidence field, revision field) per question, for the template."""
        for row in self.rows:
            key = f"a{row.indicator.pk}"
            yield row, self[f"{key}-text"], self[f"{key}-evidence"], self[f"{key}-revision"]

    def company_fields(self):
        return [self[f"company-{name}"] for name in COMPANY_FIELDS] + [
            self["functions"],
            self["languages"],
        ]

    def site_fields(self):
        return [(site, [self[f"site-{site.pk}-{n}"] for n in SITE_FIELDS]) for site in self.sites]

    def credential_fields(self):
        return [
            (
                CredentialKind(kind).label,
                [self[f"cred-{kind}-{n}"] for n in (*CREDENTIAL_FIELDS, "evidence")],
            )
            for kind in ASKED_CREDENTIALS
        ]

    def clean(self) -> dict:
        data = super().clean()
        for site in self.sites:
            total = data.get(f"site-{site.pk}-seats_total")
            available = data.get(f"site-{site.pk}-seats_available")
            if total is not None and available is not None and available > total:
                self.add_error(
                    f"site-{site.pk}-seats_available",
                    _("More seats available than in total."),
                )
        return data

    def answers(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {
            row.indicator.pk: {
                "text": data.get(f"a{row.indicator.pk}-text", "").strip(),
                "evidence": list(data.get(f"a{row.indicator.pk}-evidence") or []),
                "revision": data.get(f"a{row.indicator.pk}-revision") or 0,
            }
            for row in self.rows
        }

    def profile(self) -> dict:
        data = self.cleaned_data
        credentials = {}
        for kind in ASKED_CREDENTIALS:
            values = {n: as_text(data.get(f"cred-{kind}-{n}")) for n in CREDENTIAL_FIELDS}
            if any(values.values()):
                values["evidence"] = data.get(f"cred-{kind}-evidence")
                credentials[str(kind)] = values
        return {
            "company": {n: as_text(data.get(f"company-{n}")) for n in COMPANY_FIELDS},
            "functions": sorted(data.get("functions") or []),
            "languages": sorted(data.get("languages") or []),
            "sites": {
                str(site.pk): {n: as_text(data.get(f"site-{site.pk}-{n}")) for n in SITE_FIELDS}
                for site in self.sites
            },
            "credentials": credentials,
        }
