"""The invitee's side of an engagement invitation: the link from the e-mail.

The link's page is open to anyone holding the token. Someone without an account chooses a
username and password there; someone with one logs in and joins through ``invitation_join``,
which sits behind login and two-factor like every other page.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import BaseUserCreationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from scorecard.models import Invitation
from scorecard.services.invitations import (
    InvitationClosed,
    WrongAccount,
    accept,
    accept_with_new_account,
    account_for,
    find_invitation,
)


class NewAccountForm(BaseUserCreationForm):
    """The invitee's own account: a username, their name and a password (validated)."""

    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)

    class Meta(BaseUserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "first_name", "last_name")


def _closed(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    return render(
        request, "scorecard/invitations/closed.html", {"invitation": invitation}, status=410
    )


@login_not_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = find_invitation(token)
    if found is None or not found.is_open():
        return _closed(request, found)
    context = {"invitation": found, "token": token}
    if request.user.is_authenticated:
        return render(request, "scorecard/invitations/accept.html", context)
    if account_for(found.email) is not None:
        login = f"{reverse('login')}?{urlencode({'next': request.path})}"
        return render(request, "scorecard/invitations/accept.html", context | {"login": login})
    form = NewAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accept_with_new_account(
                invitation=found,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except InvitationClosed:
            return _closed(request, found)
        messages.success(request, _("Your account is ready. Log in to open the engagement."))
        next_url = found.engagement.get_absolute_url()
        return redirect(f"{reverse('login')}?{urlencode({'next': next_url})}")
    return render(request, "scorecard/invitations/accept.html", context | {"form": form})


@require_POST
def invitation_join(request: HttpRequest, token: str) -> HttpResponse:
    found = find_invitation(token)
    if found is None:
        return _closed(request, None)
    try:
        accept(invitation=found, user=request.user)
    except InvitationClosed:
        return _closed(request, found)
    except WrongAccount:
        messages.error(
            request,
            _(
                "This invitation was sent to %(email)s. Log in with the account that uses "
                "that address to accept it."
            )
            % {"email": found.email},
        )
        return redirect("invitation", token=token)
    messages.success(
        request,
        _("You joined %(engagement)s as %(role)s.")
        % {"engagement": found.engagement, "role": found.get_role_display()},
    )
    return redirect(found.engagement)
