"""Engagement set-up forms: scope and members."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.core import validators
from django.utils.translation import gettext_lazy as _

from scorecard.models import Engagement, Role
from scorecard.uploads import validate_image_upload


class EngagementForm(forms.ModelForm):
    """The engagement's client and scope."""

    class Meta:
        model = Engagement
        fields = [
            "client_name",
            "name",
            "client_logo",
            "client_vertical",
            "description",
            "functions",
            "channels",
            "languages",
            "seats",
            "target_seats",
            "target_seats_month",
            "go_live",
            "complexity_tier",
            "preferred_cities",
            "min_completeness",
            "evaluate_as_of",
            "report_language",
        ]
        widgets = {
            "go_live": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "evaluate_as_of": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "functions": forms.CheckboxSelectMultiple,
            "channels": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "preferred_cities": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["min_completeness"].required = False
        # Optional when posted: a form without it keeps the engagement's language.
        self.fields["report_language"].required = False
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("Client"),
                Row(Column("client_name"), Column("name")),
                Row(Column("client_vertical"), Column("client_logo")),
                "description",
            ),
            Fieldset(
                _("Scope"),
                Row(Column("seats"), Column("target_seats"), Column("target_seats_month")),
                Row(Column("go_live"), Column("complexity_tier")),
                Row(Column("functions"), Column("channels"), Column("languages")),
                "preferred_cities",
            ),
            Fieldset(_("Ranking rules"), Row(Column("min_completeness"), Column("evaluate_as_of"))),
            Fieldset(_("Reports"), "report_language"),
            Submit("save", _("Save")),
        )

    def clean_min_completeness(self) -> int:
        """Left empty, the setting keeps its current value (the default for a new one)."""
        value = self.cleaned_data.get("min_completeness")
        return self.instance.min_completeness if value is None else value

    def clean_report_language(self) -> str:
        return self.cleaned_data["report_language"] or self.instance.report_language

    def clean_client_logo(self):
        logo = self.cleaned_data.get("client_logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            return validate_image_upload(logo)
        return logo


def person_label(user) -> str:
    """How a colleague is offered in the member form: name and e-mail (or username)."""
    name = user.get_full_name() or user.username
    return f"{name} <{user.email}>" if user.email else name


class MembershipForm(forms.Form):
    """Add a colleague to the engagement, or invite anyone else by e-mail.

    One field takes a colleague from the suggestions (people the consultant already works
    with) or an e-mail address; an address that is not a colleague's always becomes an
    invitation, so the form never says whether an account exists. The role starts at the
    least powerful one.
    """

    person = forms.CharField(
        label=_("Name or e-mail"),
        max_length=254,
        help_text=_(
            "Pick a colleague from the suggestions, or type an e-mail address to send an "
            "invitation."
        ),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=list(reversed(Role.choices)), initial=Role.CLIENT_VIEWER
    )

    def __init__(self, *args, engagement: Engagement, colleagues, **kwargs) -> None:
        self.engagement = engagement
        self.colleagues = list(colleagues)
        self.user = None
        self.email = None
        super().__init__(*args, **kwargs)
        self.fields["person"].widget.attrs.update(
            {"list": "colleagues", "autocomplete": "off", "spellcheck": "false"}
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("person", css_class="col-md-7"),
                Column("role", css_class="col-md-3"),
                Column(
                    Submit("add", _("Add or invite"), css_class="mt-md-4"), css_class="col-md-2"
                ),
            )
        )

    def suggestions(self) -> list[str]:
        return [person_label(user) for user in self.colleagues]

    def clean_person(self) -> str:
        value = self.cleaned_data["person"].strip()
        for user in self.colleagues:
            if value in {person_label(user), user.username} or (
                user.email and value.casefold() == user.email.casefold()
            ):
                self.user = user
                return value
        try:
            validators.validate_email(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("Pick a colleague from the suggestions or enter an e-mail address.")
            ) from None
        members = self.engagement.memberships.filter(user__email__iexact=value)
        if members.exists():
            raise forms.ValidationError(_("A member already uses this e-mail address."))
        self.email = value
        return value
