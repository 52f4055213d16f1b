"""The vendor-facing wording of the questionnaire in English and Spanish (Mexico) with
django-modeltranslation, like the catalogue it asks about (``scorecard/translation.py``): the
vendor reads it in the invitation's language, the English text marked where the Spanish is
missing. The natural key is the indicator's code, never a translated field."""

from modeltranslation.translator import TranslationOptions, register

from vendors.models import VendorQuestion


@register(VendorQuestion)
class VendorQuestionTranslation(TranslationOptions):
    fields = ("question", "evidence_requested")
