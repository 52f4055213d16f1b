"""Two-factor forms: a code (authenticator or backup), a password confirmation, both."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import verify_code


class CodeForm(forms.Form):
    """A code from the user's authenticator app or one of their backup codes; with
    ``pending``, a code from the authenticator being set up (no backup codes).

    ``device`` is the device that accepted the code once the form is valid.
    """

    code = forms.CharField(
        label=_("Authentication code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args, user, pending: TOTPDevice | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.pending = pending
        self.device = None
        field = self.fields["code"]
        if pending is not None:
            field.help_text = _("The 6-digit code your authenticator app shows now.")
            field.widget.attrs["inputmode"] = "numeric"
        else:
            field.help_text = _(
                "The 6-digit code from your authenticator app, or one of your backup codes."
            )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if self._skip_code_check():
            return code
        self.device = verify_code(user=self.user, code=code, pending=self.pending)
        return code

    def _skip_code_check(self) -> bool:
        return False


class PasswordForm(forms.Form):
    """The user's current password, checked through the authentication backends, so repeated
    wrong passwords count towards django-axes' lockout like wrong logins do."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request: HttpRequest, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        user = self.request.user
        checked = authenticate(self.request, username=user.get_username(), password=password)
        if checked is None or checked.pk != user.pk:
            raise forms.ValidationError(_("That is not your password."), code="invalid")
        return password


class DisableForm(PasswordForm, CodeForm):
    """Password and a current code: switching two-factor off needs both."""

    field_order = ["password", "code"]

    def __init__(self, *args, request: HttpRequest, **kwargs) -> None:
        super().__init__(*args, request=request, user=request.user, **kwargs)

    def _skip_code_check(self) -> bool:
        # A wrong password stops here: no backup code is spent and no failure is counted
        # against the authenticator for a request that was going to be refused anyway.
        return "password" not in self.cleaned_data
