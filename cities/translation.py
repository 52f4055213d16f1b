"""City fields kept in English and Spanish (Mexico) with django-modeltranslation.

The summary carries each city's strengths and what work it suits. A city's name is its natural
key and a proper name, so it stays as it is (a Spanish name that differs, such as "Ciudad de
México", is the plain column ``name_es_mx``, read through ``City.display_name``); a figure's
``text`` is the source's own wording and stays as the source wrote it.
"""

from modeltranslation.translator import TranslationOptions, register

from cities.models import City


@register([City, City.history.model])
class CityTranslation(TranslationOptions):
    fields = ("summary",)
