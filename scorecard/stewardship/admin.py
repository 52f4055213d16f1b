"""Admin building blocks: history + export/import buttons on reference models, import log."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from scorecard.stewardship import admin_views
from scorecard.stewardship.permissions import can_import_reference_data
from scorecard.stewardship.resources import RESOURCES_BY_MODEL


class ReferenceDataAdmin(SimpleHistoryAdmin):
    """A reference model's admin: change history with revert (django-simple-history) and
    export/import buttons above the list."""

    change_list_template = "admin/stewardship/change_list.html"

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "stewardship_table": RESOURCES_BY_MODEL[self.model].name,
            "can_import_reference_data": can_import_reference_data(request.user),
        }
        return super().changelist_view(request, extra_context)


class ImportRecordAdmin(admin.ModelAdmin):
    """The import log (read-only), and the import and export pages under it."""

    list_display = (
        "created_at",
        "user",
        "file_name",
        "resources",
        "outcome",
        "rows",
        "created",
        "updated",
        "unchanged",
        "errors",
        "via",
    )
    list_filter = ("outcome", "via")
    search_fields = ("file_name", "resources", "user__username")
    list_select_related = ("user",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_staff

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(lambda request: view(request, self.admin_site))

        return [
            path("import/", wrap(admin_views.import_view), name="scorecard_importrecord_import"),
            path("export/", wrap(admin_views.export_view), name="scorecard_importrecord_export"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "title": _("Reference-data imports"),
        }
        return super().changelist_view(request, extra_context)
