"""Engagement set-up: create, overview, scope, members, client logo."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scorecard.access import CONFIGURE, get_engagement_for_user
from scorecard.forms.engagements import EngagementForm, MembershipForm, person_label
from scorecard.models import Membership, Role
from scorecard.models.invitations import INVITATION_DAYS
from scorecard.selectors.engagements import (
    candidate_progress,
    colleagues_to_add,
    get_engagement_overview,
)
from scorecard.services.engagements import create_engagement
from scorecard.services.invitations import invite, revoke
from scorecard.views.helpers import paginate

# Candidates listed a page on the overview (hundreds of rows made it many times slower).
CANDIDATES_PAGE = 25


@permission_required("scorecard.add_engagement", raise_exception=True)
def engagement_create(request: HttpRequest) -> HttpResponse:
    form = EngagementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        engagement = create_engagement(created_by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Engagement created with the catalogue's default weights. Add candidates next."),
        )
        return redirect(engagement)
    return render(request, "scorecard/engagement_form.html", {"form": form})


def engagement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk)
    pagination = paginate(request, candidate_progress(access.engagement), CANDIDATES_PAGE)
    overview = get_engagement_overview(
        access.engagement, user=request.user, candidates=pagination.page.object_list
    )
    return render(
        request,
        "scorecard/engagement_detail.html",
        {
            "access": access,
            "engagement": access.engagement,
            "overview": overview,
            "pagination": pagination,
        },
    )


def engagement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, CONFIGURE)
    form = EngagementForm(request.POST or None, request.FILES or None, instance=access.engagement)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Scope saved."))
        return redirect(access.engagement)
    return render(
        request,
        "scorecard/engagement_form.html",
        {"form": form, "access": access, "engagement": access.engagement},
    )


def engagement_members(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, CONFIGURE)
    engagement = access.engagement
    form = MembershipForm(
        request.POST or None,
        engagement=engagement,
        colleagues=colleagues_to_add(engagement, user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["role"]
        if form.user is not None:
            Membership.objects.create(engagement=engagement, user=form.user, role=role)
            messages.success(
                request,
                _("Added %(user)s as %(role)s.")
                % {"user": person_label(form.user), "role": Role(role).label},
            )
        else:
            invite(
                engagement=engagement,
                email=form.email,
                role=role,
                invited_by=request.user,
                link_for=lambda token: request.build_absolute_uri(
                    reverse("invitation", args=[token])
                ),
            )
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link expires in %(days)d days.")
                % {"email": form.email, "days": INVITATION_DAYS},
            )
        return redirect("scorecard:engagement-members", pk=engagement.pk)
    return render(
        request,
        "scorecard/engagement_members.html",
        {
            "access": access,
            "engagement": engagement,
            "form": form,
            "members": engagement.memberships.select_related("user"),
            "invitations": engagement.invitations.open().select_related("invited_by"),
            "roles": Role.choices,
        },
    )


@require_POST
def invitation_revoke(request: HttpRequest, pk: int, invitation_id: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, CONFIGURE)
    invitation = get_object_or_404(access.engagement.invitations, pk=invitation_id)
    revoke(invitation=invitation)
    messages.success(request, _("Invitation to %(email)s revoked.") % {"email": invitation.email})
    return redirect("scorecard:engagement-members", pk=pk)


@require_POST
def membership_update(request: HttpRequest, pk: int, membership_id: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, CONFIGURE)
    membership = get_object_or_404(access.engagement.memberships, pk=membership_id)
    action = request.POST.get("action")
    with transaction.atomic():
        consultants = access.engagement.memberships.filter(role=Role.CONSULTANT)
        is_last_consultant = membership.role == Role.CONSULTANT and consultants.count() == 1
        if action == "remove":
            if is_last_consultant:
                messages.error(request, _("An engagement needs at least one consultant."))
            else:
                membership.delete()
                messages.success(request, _("Member removed."))
        elif request.POST.get("role") in Role.values:
            if is_last_consultant and request.POST["role"] != Role.CONSULTANT:
                messages.error(request, _("An engagement needs at least one consultant."))
            else:
                membership.role = request.POST["role"]
                membership.save(update_fields=["role"])
                messages.success(request, _("Role changed."))
        else:
            messages.error(request, _("Choose a role."))
    return redirect("scorecard:engagement-members", pk=pk)


def engagement_logo(request: HttpRequest, pk: int) -> FileResponse:
    access = get_engagement_for_user(request, pk)
    logo = access.engagement.client_logo
    if not logo:
        raise Http404(_("No logo."))
    return FileResponse(logo.open("rb"), filename=logo.name.rsplit("/", 1)[-1])
