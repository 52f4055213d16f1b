"""Admin: the vendor-facing wording of indicators (written here), invitations read-only
(their link is never shown again: only its hash is stored), with the preview of a submitted
profile (old → new) and an action that accepts it, for admins allowed to change providers."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cities.admin import TabbedTranslationAdmin
from vendors.models import Invitation, VendorQuestion
from vendors.profile import profile_changes
from vendors.services import QuestionnaireClosed, accept_profile_changes


@admin.register(VendorQuestion)
class VendorQuestionAdmin(TabbedTranslationAdmin):
    list_display = ["indicator", "question"]
    search_fields = ["indicator__code", "indicator__name", "question"]
    autocomplete_fields = ["indicator"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["contact_name", "email", "candidate", "deadline", "submitted_at", "revoked_at"]
    list_filter = ["submitted_at", "revoked_at"]
    search_fields = ["contact_name", "email"]
    exclude = ["token_hash", "profile"]
    readonly_fields = [
        "candidate",
        "contact_name",
        "email",
        "language",
        "deadline",
        "link_expires_at",
        "blind",
        "created_by",
        "reminded_at",
        "opened_at",
        "drafted_at",
        "submitted_at",
        "revoked_at",
        "profile_applied_at",
        "revision",
        "proposed_changes",
    ]
    actions = ["accept_profiles"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=gettext_lazy("Proposed changes to the provider"))
    def proposed_changes(self, invitation: Invitation) -> str:
        if invitation.submitted_at is None:
            return _("Shown once the vendor submits.")
        changes = profile_changes(invitation.candidate.provider, invitation.profile)
        return render_to_string("vendors/_changes_table.html", {"changes": changes})

    @admin.action(
        description=gettext_lazy("Accept the submitted profile changes"),
        permissions=["change_provider"],
    )
    def accept_profiles(self, request, queryset) -> None:
        for invitation in queryset:
            try:
                accept_profile_changes(invitation=invitation)
            except QuestionnaireClosed:
                messages.error(request, _("%(who)s: not submitted.") % {"who": invitation})
            except ValidationError as error:
                messages.error(request, f"{invitation}: {'; '.join(error.messages)}")
            else:
                messages.success(request, _("%(who)s: applied.") % {"who": invitation})

    def has_change_provider_permission(self, request) -> bool:
        return request.user.has_perm("providers.change_provider")
