"""Engagement set-up forms: scope and members."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from scorecard.models import Engagement, Membership, Role
from scorecard.uploads import validate_image_upload


class EngagementForm(forms.ModelForm):
    """The engagement's client and scope."""

    class Meta:
        model = Engagement
        fields = [
            "client_name",
            "name",
            "client_logo",
            "description",
            "functions",
            "channels",
            "languages",
            "seats",
            "go_live",
            "complexity_tier",
            "preferred_cities",
            "report_language",
        ]
        widgets = {
            "go_live": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "functions": forms.CheckboxSelectMultiple,
            "channels": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "preferred_cities": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("Client"),
                Row(Column("client_name"), Column("name")),
                "client_logo",
                "description",
            ),
            Fieldset(
                _("Scope"),
                Row(Column("seats"), Column("go_live"), Column("complexity_tier")),
                Row(Column("functions"), Column("channels"), Column("languages")),
                "preferred_cities",
            ),
            Fieldset(_("Reports"), "report_language"),
            Submit("save", _("Save")),
        )

    def clean_client_logo(self):
        logo = self.cleaned_data.get("client_logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            return validate_image_upload(logo)
        return logo


class MembershipForm(forms.Form):
    """Add a user to the engagement with a role."""

    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, engagement: Engagement, **kwargs) -> None:
        self.engagement = engagement
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(
                Column("username"),
                Column("role"),
                Column(Submit("add", _("Add member"), css_class="mt-md-4")),
            )
        )

    def clean_username(self):
        username = self.cleaned_data["username"]
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active user has this username."))
        if Membership.objects.filter(engagement=self.engagement, user=user).exists():
            raise forms.ValidationError(_("This user is already a member."))
        self.user = user
        return username
