"""Admin for cities and their sourced figures, with their change history.

The export/import buttons come from the stewardship side (:mod:`scorecard.stewardship.admin`),
which extends these classes: this app imports nothing from the evaluation app.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from cities.admin_history import ChangeReasonForm, ReasonedHistoryAdmin
from cities.models import City, CityFigure, FigureStatus, Source


class TabbedTranslationAdmin(TranslationAdmin):
    """An admin whose translated fields (``translation.py``) get one tab per language.

    modeltranslation's own ``TabbedTranslationAdmin`` loads jQuery UI from a CDN, which the
    Content-Security-Policy forbids; ``js/admin_translation_tabs.js`` draws the tabs instead.
    Defined here, in the lowest reference app, so providers and the catalogue admin share it.
    """

    class Media:
        js = ("js/admin_translation_tabs.js",)


class CityFigureInline(admin.TabularInline):
    model = CityFigure
    extra = 0
    fields = ("metric", "status", "value", "text", "source", "as_of", "period", "note")
    autocomplete_fields = ("source",)


@admin.register(City)
class CityAdmin(TabbedTranslationAdmin, ReasonedHistoryAdmin):
    list_display = (
        "name",
        "name_es_mx",
        "state",
        "complexity_tier",
        "wage_zone",
        "timezone",
        "known_figures",
    )
    list_filter = ("complexity_tier", "wage_zone", "state")
    search_fields = ("name", "name_es_mx", "state")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [CityFigureInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_known=Count("figures", filter=Q(figures__status=FigureStatus.KNOWN)),
                n_figures=Count("figures"),
            )
        )

    @admin.display(description=_("known figures"), ordering="n_known")
    def known_figures(self, obj: City) -> str:
        return f"{obj.n_known} / {obj.n_figures}"


class CityFigureForm(ChangeReasonForm):
    """A second figure for the same city and metric is refused with a link to the first."""

    def clean(self) -> dict:
        data = super().clean()
        city, metric = data.get("city"), data.get("metric")
        if city is not None and metric:
            existing = (
                CityFigure.objects.filter(city=city, metric=metric)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if existing is not None:
                # On the field: the form then skips the model's generic unique message.
                self.add_error(
                    "metric",
                    forms.ValidationError(
                        format_html(
                            _(
                                "{city} already has a figure for “{metric}”: "
                                '<a href="{url}">open that figure</a> to change it.'
                            ),
                            city=city,
                            metric=existing.get_metric_display(),
                            url=reverse("admin:cities_cityfigure_change", args=[existing.pk]),
                        ),
                        code="duplicate_figure",
                    ),
                )
        return data


@admin.register(CityFigure)
class CityFigureAdmin(ReasonedHistoryAdmin):
    """Where each city figure came from: read-only provenance alongside the editable value."""

    form = CityFigureForm

    list_display = ("city", "metric", "display_value", "status", "source_link", "as_of", "stale")
    list_filter = ("status", "metric", "source__is_secondary", "source__is_weak", "city")
    search_fields = (
        "city__name",
        "city__name_es_mx",
        "text",
        "note",
        "source__code",
        "source__title",
    )
    list_select_related = ("city", "source")
    autocomplete_fields = ("city", "source")
    readonly_fields = ("provenance",)
    fieldsets = (
        (None, {"fields": ("city", "metric", "status", "value", "text", "note")}),
        (_("Source"), {"fields": ("source", "as_of", "period", "provenance")}),
    )

    @admin.display(description=_("source"), ordering="source__code")
    def source_link(self, obj: CityFigure) -> str:
        return obj.source.code if obj.source else "—"

    @admin.display(description=_("stale"), boolean=True)
    def stale(self, obj: CityFigure) -> bool:
        return obj.is_stale()

    @admin.display(description=_("where this figure came from"))
    def provenance(self, obj: CityFigure) -> str:
        if obj.source is None:
            return _("No source: the figure is unknown.") if obj.pk else "—"
        source = obj.source
        return format_html(
            "<strong>{}</strong> — {}<br>{}<br>{}{}{}",
            source.code,
            source.title,
            source.publisher or "",
            source.url,
            format_html("<br><em>{}</em>", _("Secondary source: verify against the primary."))
            if source.is_secondary
            else "",
            format_html(
                "<br><strong>{}</strong>",
                _("Weak source (%(reason)s): this figure is not scored.")
                % {"reason": source.weak_reason},
            )
            if source.is_weak
            else "",
        )


@admin.register(Source)
class SourceAdmin(ReasonedHistoryAdmin):
    list_display = (
        "code",
        "title",
        "publisher",
        "published_on",
        "is_secondary",
        "is_weak",
        "n_figures",
    )
    list_filter = ("is_secondary", "is_weak")
    search_fields = ("code", "title", "publisher", "url", "weak_reason")
    fieldsets = (
        (None, {"fields": ("code", "title", "publisher", "url", "published_on")}),
        (
            _("Source reliability"),
            {
                "fields": ("is_secondary", "is_weak", "weak_reason"),
                "description": _(
                    "A weak source's figures stay on record and are shown marked, but no score "
                    "reads them: they count as unknown."
                ),
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("city_figures"))

    @admin.display(description=_("figures citing it"), ordering="n")
    def n_figures(self, obj: Source) -> int:
        return obj.n
