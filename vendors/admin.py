"""Admin: the vendor-facing wording of indicators (written here), invitations read-only
(their link is never shown again: only its hash is stored)."""

from __future__ import annotations

from django.contrib import admin

from vendors.models import Invitation, VendorQuestion


@admin.register(VendorQuestion)
class VendorQuestionAdmin(admin.ModelAdmin):
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
    ]

    def has_add_permission(self, request) -> bool:
        return False
