"""Admin building blocks: history + export/import buttons on reference models, import log."""

from __future__ import annotations

from importlib import import_module

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cities.admin_history import ReasonedHistoryAdmin
from scorecard.models import ImportRecord
from scorecard.stewardship import admin_views
from scorecard.stewardship.permissions import can_import_reference_data
from scorecard.stewardship.resources import RESOURCES_BY_MODEL


class ReferenceDataAdmin(ReasonedHistoryAdmin):
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


# The reference-data apps whose admins get the buttons from here: they may not import this app
# (layers look down), so this side extends the classes they registered.
REFERENCE_APPS = ("cities", "providers")


def extend_reference_admins(site: admin.AdminSite) -> None:
    """Give every admin the reference apps registered for an importable model the stewardship
    buttons: each is registered again as a subclass of itself and :class:`ReferenceDataAdmin`,
    whose method order is the one a class written ``class CityAdmin(ReferenceDataAdmin)`` had.

    Imports the reference apps' admin modules first, so the order of ``INSTALLED_APPS`` does
    not matter; a model already extended (a second call) is left as it is.
    """
    for app in REFERENCE_APPS:
        import_module(f"{app}.admin")
    extended: dict[type[admin.ModelAdmin], type[admin.ModelAdmin]] = {}
    for model in RESOURCES_BY_MODEL:
        if model._meta.app_label not in REFERENCE_APPS or not site.is_registered(model):
            continue
        registered = type(site.get_model_admin(model))
        if issubclass(registered, ReferenceDataAdmin):
            continue
        if registered not in extended:
            extended[registered] = _with_stewardship(registered)
        site.unregister(model)
        site.register(model, extended[registered])


def _with_stewardship(registered: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    return type(
        registered.__name__,
        (registered, ReferenceDataAdmin),
        {"__module__": registered.__module__, "__qualname__": registered.__qualname__},
    )


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
        "progress_link",
    )
    list_filter = ("outcome", "via")
    search_fields = ("file_name", "resources", "user__username")
    list_select_related = ("user",)
    date_hierarchy = "created_at"

    @admin.display(description=_("details"))
    def progress_link(self, record: ImportRecord) -> str:
        """A link to the import's page: its progress while it is applied, then its outcome."""
        url = reverse("admin:scorecard_importrecord_progress", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, _("Details"))

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
            return self.admin_site.admin_view(
                lambda request, **kwargs: view(request, self.admin_site, **kwargs)
            )

        return [
            path("import/", wrap(admin_views.import_view), name="scorecard_importrecord_import"),
            path(
                "import/<int:record_id>/",
                wrap(admin_views.progress_view),
                name="scorecard_importrecord_progress",
            ),
            path(
                "import/<int:record_id>/status/",
                wrap(admin_views.status_view),
                name="scorecard_importrecord_status",
            ),
            path(
                "import/<int:record_id>/roll-back/",
                wrap(admin_views.roll_back_view),
                name="scorecard_importrecord_roll_back",
            ),
            path("export/", wrap(admin_views.export_view), name="scorecard_importrecord_export"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "title": _("Reference-data imports"),
        }
        return super().changelist_view(request, extra_context)
