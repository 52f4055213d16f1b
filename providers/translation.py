"""Vocabulary names (languages, channels, functions, verticals) in English and Spanish
(Mexico) with django-modeltranslation; each term's natural key is its code."""

from modeltranslation.translator import TranslationOptions, register

from providers.models import Channel, Language, ServiceFunction, Vertical

VOCABULARIES = (Language, Channel, ServiceFunction, Vertical)


@register([*VOCABULARIES, *(model.history.model for model in VOCABULARIES)])
class TermTranslation(TranslationOptions):
    fields = ("name",)
