"""Admin for providers, their sites and credentials, and the shared vocabularies, with history.

The export/import buttons come from the stewardship side (:mod:`scorecard.stewardship.admin`),
which extends these classes: this app imports nothing from the evaluation app.
"""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from cities.admin import TabbedTranslationAdmin
from cities.admin_history import ReasonedHistoryAdmin
from providers.models import (
    Channel,
    Credential,
    CredentialStatus,
    Language,
    Provider,
    ServiceFunction,
    Site,
    Vertical,
)


class SiteInline(admin.StackedInline):
    model = Site
    extra = 0
    autocomplete_fields = ("city",)
    filter_horizontal = ("functions", "languages")
    fields = (
        ("name", "city"),
        ("seats_total", "seats_available", "wfh_share_pct"),
        "functions",
        "languages",
        "continuity_notes",
    )


class CredentialInline(admin.StackedInline):
    """Stacked, three short rows each: as a table its seven columns made the page 2,100 px wide."""

    model = Credential
    extra = 0
    fields = (
        ("kind", "number", "issuer", "issuer_is_fictional"),
        ("issued_on", "expires_on"),
        ("scope", "evidence_url"),
    )


class CredentialStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return CredentialStatus.choices

    def queryset(self, request, queryset):
        if self.value() not in CredentialStatus.values:
            return queryset
        return queryset.with_status(self.value())


@admin.register(Provider)
class ProviderAdmin(ReasonedHistoryAdmin):
    list_display = (
        "trade_name",
        "legal_name",
        "rfc",
        "headquarters",
        "n_sites",
        "seats",
        "attrition_pct",
        "sat_69b_status",
        "is_demo",
    )
    list_filter = ("is_demo", "ownership", "revenue_band", "sat_69b_status", "functions")
    search_fields = ("trade_name", "legal_name", "rfc")
    prepopulated_fields = {"slug": ("trade_name",)}
    autocomplete_fields = ("headquarters",)
    filter_horizontal = ("languages", "channels", "functions", "verticals")
    list_select_related = ("headquarters",)
    inlines = [SiteInline, CredentialInline]
    # A website typed without a scheme is https (Django 6.0's default, adopted now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("legal_name", "trade_name", "slug", "rfc", "is_demo", "website")}),
        (
            _("Profile"),
            {
                "fields": (
                    "description",
                    "headquarters",
                    ("year_founded", "headcount"),
                    ("revenue_band", "ownership"),
                    ("client_concentration_pct", "attrition_pct"),
                    ("profile_source", "profile_as_of"),
                )
            },
        ),
        (_("Compliance screening"), {"fields": (("sat_69b_status", "sat_69b_checked_on"),)}),
        (_("Capabilities"), {"fields": ("languages", "channels", "functions", "verticals")}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(n_sites=Count("sites", distinct=True), seats=Sum("sites__seats_total"))
        )

    @admin.display(description=_("sites"), ordering="n_sites")
    def n_sites(self, obj: Provider) -> int:
        return obj.n_sites

    @admin.display(description=_("seats"), ordering="seats")
    def seats(self, obj: Provider) -> int | None:
        return obj.seats

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.rfc and obj.rfc_checksum_ok is False:
            messages.warning(
                request,
                _(
                    "The RFC %(rfc)s is well formed but its check digit does not match. "
                    "About 1.5%% of real RFCs do this; confirm it with SAT's RFC validation."
                )
                % {"rfc": obj.rfc},
            )


@admin.register(Site)
class SiteAdmin(ReasonedHistoryAdmin):
    list_display = ("name", "provider", "city", "seats_total", "seats_available", "wfh_share_pct")
    list_filter = ("city", "functions", "languages")
    search_fields = ("name", "provider__trade_name", "city__name", "city__name_es_mx")
    list_select_related = ("provider", "city")
    autocomplete_fields = ("provider", "city")
    filter_horizontal = ("functions", "languages")


@admin.register(Credential)
class CredentialAdmin(ReasonedHistoryAdmin):
    list_display = ("provider", "kind", "number", "issued_on", "expires_on", "status_label")
    list_filter = ("kind", CredentialStatusFilter)
    search_fields = ("provider__trade_name", "number", "issuer")
    list_select_related = ("provider",)
    autocomplete_fields = ("provider", "source")
    date_hierarchy = "expires_on"

    @admin.display(description=_("status"))
    def status_label(self, obj: Credential) -> str:
        return obj.get_status_display()


@admin.register(Language, Channel, ServiceFunction, Vertical)
class TermAdmin(TabbedTranslationAdmin, ReasonedHistoryAdmin):
    list_display = ("name", "code", "order")
    list_editable = ("order",)
    search_fields = ("name_en", "name_es_mx", "code")
