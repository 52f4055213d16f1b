"""The consultant's side: invite, follow (invited, opened, draft, submitted, late), remind,
extend, revoke, reopen, review answers and accept profile changes. Consultants only (403 for
other members, 404 outside the engagement); analysts open cited files from their criterion
page (:func:`evidence_download`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scorecard.access import ASSESS, CONFIGURE, get_engagement_for_user
from scorecard.uploads import private_download
from vendors.forms import DeadlineForm, InvitationForm, end_of_day
from vendors.models import EvidenceFile, Invitation
from vendors.profile import profile_changes
from vendors.selectors import (
    credential_evidence,
    engagement_invitations,
    evidence_library,
    invitation_in_engagement,
    questionnaire_rows,
)
from vendors.services import (
    QuestionnaireClosed,
    accept_profile_changes,
    extend_deadline,
    invite_vendor,
    remind_vendor,
    reopen_invitation,
    revoke_invitation,
)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def invitation_list(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, CONFIGURE)
    form = InvitationForm(
        request.POST if request.method == "POST" else None, engagement=access.engagement
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation, _link = invite_vendor(
            candidate=data["candidate"],
            contact_name=data["contact_name"],
            email=data["email"],
            language=data["language"],
            deadline=end_of_day(data["deadline"]),
            blind=data["blind"],
            user=request.user,
            base_url=_base_url(request),
        )
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
        return redirect("vendors:invitation-list", pk=pk)
    return render(
        request,
        "vendors/invitation_list.html",
        {
            "access": access,
            "engagement": access.engagement,
            "invitations": engagement_invitations(access.engagement),
            "form": form,
        },
    )


def _invitation(request: HttpRequest, pk: int, invitation_id: int):
    access = get_engagement_for_user(request, pk, CONFIGURE)
    invitation = invitation_in_engagement(access.engagement, invitation_id)
    if invitation is None:
        raise Http404(_("No such invitation."))
    return access, invitation


def invitation_detail(request: HttpRequest, pk: int, invitation_id: int) -> HttpResponse:
    access, invitation = _invitation(request, pk, invitation_id)
    return render(
        request,
        "vendors/invitation_detail.html",
        {
            "access": access,
            "engagement": access.engagement,
            "invitation": invitation,
            "rows": questionnaire_rows(invitation),
            "library": evidence_library(invitation),
            "credential_files": credential_evidence(invitation),
            "changes": profile_changes(invitation.candidate.provider, invitation.profile)
            if invitation.submitted_at
            else [],
            "deadline_form": DeadlineForm(),
        },
    )


@require_POST
def invitation_action(
    request: HttpRequest, pk: int, invitation_id: int, action: str
) -> HttpResponse:
    """remind, extend, reopen, revoke, accept-profile: one POST each, back to the detail."""
    _access, invitation = _invitation(request, pk, invitation_id)
    back = redirect("vendors:invitation-detail", pk=pk, invitation_id=invitation.pk)
    if action not in ACTIONS:
        raise Http404(_("No such action."))
    try:
        _act(request, invitation, action)
    except QuestionnaireClosed:
        messages.error(request, _("This invitation is revoked; invite the contact again."))
    return back


ACTIONS = frozenset({"remind", "extend", "reopen", "revoke", "accept-profile"})


def _act(request: HttpRequest, invitation: Invitation, action: str) -> None:
    if action in {"extend", "reopen"}:
        form = DeadlineForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("deadline", []):
                messages.error(request, error)
            return
        deadline = end_of_day(form.cleaned_data["deadline"])
        if action == "extend":
            extend_deadline(invitation=invitation, deadline=deadline)
            messages.success(request, _("Deadline moved."))
        else:
            reopen_invitation(invitation=invitation, deadline=deadline)
            messages.success(request, _("Reopened: the vendor can change the answers again."))
    elif action == "remind":
        remind_vendor(invitation=invitation, base_url=_base_url(request))
        messages.success(
            request, _("Reminder sent with a new link; the previous link no longer works.")
        )
    elif action == "revoke":
        revoke_invitation(invitation=invitation)
        messages.success(request, _("Revoked: the link and any open session no longer work."))
    else:
        _accept(request, invitation)


def _accept(request: HttpRequest, invitation: Invitation) -> None:
    try:
        accept_profile_changes(invitation=invitation)
    except QuestionnaireClosed:
        messages.error(request, _("Only submitted answers can be applied."))
    except ValidationError as error:
        messages.error(
            request,
            _("Not applied: %(errors)s") % {"errors": "; ".join(error.messages)},
        )
    else:
        messages.success(
            request, _("The provider's reference record now has the vendor's answers.")
        )


def evidence_download(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, ASSESS)
    evidence = EvidenceFile.objects.filter(pk=file_id, engagement=access.engagement).first()
    if evidence is None:
        raise Http404(_("No such file."))
    return private_download(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )
