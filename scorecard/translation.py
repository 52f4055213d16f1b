"""Catalogue fields kept in English and Spanish (Mexico) with django-modeltranslation.

Each field listed here gets a ``<field>_en`` and a ``<field>_es_mx`` column on the same table;
reading ``obj.<field>`` returns the active language's column and falls back to English when the
Spanish one is empty (``MODELTRANSLATION_FALLBACK_LANGUAGES``). Natural keys use codes, never a
translated field. Each model's history table (django-simple-history) is registered too, so a
change record keeps both languages. Why modeltranslation over django-parler:
``docs/translated-content.md``.
"""

from modeltranslation.translator import TranslationOptions, register

from scorecard.models import Criterion, GateDefinition, Indicator, KpiDefinition, RubricLevel


@register([Criterion, Criterion.history.model])
class CriterionTranslation(TranslationOptions):
    fields = ("name", "description")


@register([Indicator, Indicator.history.model])
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "guidance")


@register([RubricLevel, RubricLevel.history.model])
class RubricLevelTranslation(TranslationOptions):
    fields = ("label", "description")


@register([GateDefinition, GateDefinition.history.model])
class GateDefinitionTranslation(TranslationOptions):
    # A citation's words are translated too ("regla", "reforma", "segundo párrafo", months in
    # lower case), as the compliance items' legal bases are.
    fields = ("name", "description", "legal_basis")


@register(KpiDefinition)
class KpiDefinitionTranslation(TranslationOptions):
    fields = ("name", "definition", "unit", "default_target", "measurement")
