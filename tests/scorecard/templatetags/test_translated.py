"""The ``translated`` filter: the active language's text, English marked when it stands in."""

from django.template import Context, Template
from django.utils import translation

from cities.models import City
from scorecard.models import Criterion
from scorecard.templatetags.translated import FALLBACK_MARKER, is_fallback


def _render(obj, field: str, language: str) -> str:
    template = Template("{% load translated %}{{ obj|translated:field }}")
    with translation.override(language):
        return template.render(Context({"obj": obj, "field": field}))


def test_translated_english_active_prints_english_unmarked():
    criterion = Criterion(code="x", name_en="Service coverage", name_es_mx="Cobertura")

    assert _render(criterion, "name", "en") == "Service coverage"


def test_translated_spanish_with_text_prints_spanish_unmarked():
    criterion = Criterion(code="x", name_en="Service coverage", name_es_mx="Cobertura del servicio")

    assert _render(criterion, "name", "es-mx") == "Cobertura del servicio"


def test_translated_spanish_missing_prints_english_marked_as_english():
    criterion = Criterion(code="x", name_en="Service & coverage", name_es_mx="")

    html = _render(criterion, "name", "es-mx")

    assert html.startswith('<span lang="en">Service &amp; coverage</span> ')
    assert html.endswith(f">{FALLBACK_MARKER}</small>")


def test_translated_blank_in_both_languages_stays_blank():
    city = City(name="Puebla", summary_en="", summary_es_mx="")

    assert _render(city, "summary", "es-mx") == ""


def test_translated_object_without_translations_prints_the_attribute():
    class Info:
        name = "Plain <b>name</b>"

    assert _render(Info(), "name", "es-mx") == "Plain &lt;b&gt;name&lt;/b&gt;"


def test_is_fallback_untranslated_field_of_registered_model_is_false():
    criterion = Criterion(code="service-coverage", name_en="Service coverage")

    with translation.override("es-mx"):
        assert is_fallback(criterion, "code") is False
        assert is_fallback(criterion, "name") is True
