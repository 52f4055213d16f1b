"""Admin for the criteria catalogue, its rubric, the must-have gates, statutory rates and the
KPI catalogue."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from cities.admin import TabbedTranslationAdmin
from scorecard.models import (
    Criterion,
    GateDefinition,
    ImportRecord,
    Indicator,
    KpiDefinition,
    RubricLevel,
    StatutoryRate,
)
from scorecard.stewardship.admin import (
    ImportRecordAdmin,
    ReferenceDataAdmin,
    extend_reference_admins,
)


class IndicatorInline(TranslationTabularInline):
    model = Indicator
    extra = 0
    fields = ("order", "code", "name", "kind", "default_weight", "measured_source")
    show_change_link = True


class RubricLevelInline(TranslationTabularInline):
    model = RubricLevel
    extra = 0
    max_num = 6
    fields = ("level", "label", "description")


@admin.register(Criterion)
class CriterionAdmin(TabbedTranslationAdmin, ReferenceDataAdmin):
    list_display = ("name", "code", "default_weight", "n_indicators", "order")
    search_fields = ("name_en", "name_es_mx", "code")
    inlines = [IndicatorInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("indicators"))

    @admin.display(description=_("indicators"), ordering="n")
    def n_indicators(self, obj: Criterion) -> int:
        return obj.n


@admin.register(Indicator)
class IndicatorAdmin(TabbedTranslationAdmin, ReferenceDataAdmin):
    list_display = ("name", "code", "criterion", "kind", "default_weight", "measured_source")
    list_filter = ("criterion", "kind")
    search_fields = ("name_en", "name_es_mx", "code", "guidance_en", "guidance_es_mx")
    list_select_related = ("criterion",)
    readonly_fields = ("value_function_in_words",)
    inlines = [RubricLevelInline]

    @admin.display(description=_("value function in words"))
    def value_function_in_words(self, obj: Indicator) -> str:
        return obj.describe_value_function() or "—"


@admin.register(GateDefinition)
class GateDefinitionAdmin(TabbedTranslationAdmin, ReferenceDataAdmin):
    list_display = ("name", "code", "fact", "legal_basis", "order")
    search_fields = ("name_en", "name_es_mx", "code", "description_en", "description_es_mx")


@admin.register(RubricLevel)
class RubricLevelAdmin(TabbedTranslationAdmin, ReferenceDataAdmin):
    """Rubric levels are edited inline under their indicator; this page shows their history."""

    list_display = ("indicator", "level", "label")
    list_filter = ("level",)
    search_fields = (
        "indicator__code",
        "label_en",
        "label_es_mx",
        "description_en",
        "description_es_mx",
    )
    list_select_related = ("indicator__criterion",)
    autocomplete_fields = ("indicator",)


admin.site.register(ImportRecord, ImportRecordAdmin)


@admin.register(StatutoryRate)
class StatutoryRateAdmin(admin.ModelAdmin):
    """Statutory labour-cost parameters: an admin updates them yearly (each with its source)."""

    list_display = ("code", "zone", "from_year", "value", "low", "high", "unit", "source", "as_of")
    list_filter = ("code", "zone")
    search_fields = ("code", "legal_basis", "note")
    list_select_related = ("source",)


@admin.register(KpiDefinition)
class KpiDefinitionAdmin(TabbedTranslationAdmin):
    """The KPI catalogue governance packs start from."""

    list_display = ("name", "code", "default_target", "unit", "order")
    search_fields = ("name_en", "name_es_mx", "code", "definition_en", "definition_es_mx")


# Cities and providers register their own admins and import nothing from this app; the
# stewardship buttons (export, import) are added to them from here.
extend_reference_admins(admin.site)

# The admin says whose it is: the product's name in the header and the browser tab.
admin.site.site_header = _("Nearshore Scorecard · reference data")
admin.site.site_title = _("Nearshore Scorecard admin")
admin.site.index_title = _("Cities, providers, criteria and rates")
