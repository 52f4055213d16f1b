"""Every catalogue text in the shipped fixtures has its Spanish (Mexico) text.

Which fields are translated is read from django-modeltranslation's registry (the apps'
``translation.py``), so a field registered later is checked without touching this test.
"""

from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from scorecard.models import Criterion, GateDefinition, RubricLevel

FIXTURES = sorted(Path(settings.BASE_DIR, "fixtures").glob("*.yaml"))
SPANISH = "es-mx"


def _translated_fields() -> dict[str, tuple[str, ...]]:
    """``app_label.model`` → its translated fields, for every registered concrete model."""
    return {
        model._meta.label_lower: tuple(translator.get_options_for_model(model).fields)
        for model in translator.get_registered_models()
        if not model._meta.abstract and not model.__name__.startswith("Historical")
    }


def _objects():
    for path in FIXTURES:
        for number, obj in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
            yield path.name, number, obj


def test_fixtures_every_translated_text_has_its_spanish():
    translated = _translated_fields()
    missing = []
    checked = 0
    for name, number, obj in _objects():
        for field in translated.get(obj["model"], ()):
            english = obj["fields"].get(build_localized_fieldname(field, "en"))
            spanish = obj["fields"].get(build_localized_fieldname(field, SPANISH))
            if english and str(english).strip():
                checked += 1
                if not (spanish and str(spanish).strip()):
                    missing.append(f"{name} #{number} {obj['model']}.{field}")
    assert missing == []
    assert checked > 450  # 6 criteria, 37 indicators, 156 rubric levels, gates, KPIs, cities…


def test_fixtures_translated_models_use_language_columns_not_the_base_field():
    translated = _translated_fields()
    base_fields = [
        f"{name} #{number} {obj['model']}.{field}"
        for name, number, obj in _objects()
        for field in translated.get(obj["model"], ())
        if field in obj["fields"]
    ]
    assert base_fields == []


def test_fixtures_spanish_differs_from_english_for_names():
    """A copy of the English is not a translation (codes and legal names aside)."""
    translated = _translated_fields()
    copies = [
        f"{obj['model']} {obj['fields'].get('code', '')}"
        for _name, _number, obj in _objects()
        for field in translated.get(obj["model"], ())
        if field in ("name", "label", "description", "guidance", "summary", "definition")
        and len(str(obj["fields"].get(f"{field}_en") or "")) > 12
        and obj["fields"].get(f"{field}_en") == obj["fields"].get(f"{field}_es_mx")
    ]
    assert copies == []


@pytest.mark.django_db
def test_fixtures_loaded_catalogue_reads_spanish_when_spanish_is_active():
    call_command("loaddata", "criteria", verbosity=0)
    criterion = Criterion.objects.get(code="compliance")
    level = RubricLevel.objects.get(indicator__code="cmp-repse", level=0)

    with translation.override(SPANISH):
        assert criterion.name == "Cumplimiento y protección de datos"
        assert level.label == "Sin registro"
    with translation.override("en"):
        assert criterion.name == "Compliance & data protection"
        assert level.label == "Not registered"


@pytest.mark.django_db
def test_fixtures_gate_legal_bases_read_in_spanish_without_english_words():
    call_command("loaddata", "criteria", verbosity=0)
    gates = GateDefinition.objects.exclude(legal_basis_en="")

    with translation.override(SPANISH):
        spanish = " ".join(gate.legal_basis for gate in gates)
    with translation.override("en"):
        english = " ".join(gate.legal_basis for gate in gates)

    assert "regla 2.9.18" in spanish
    assert "rule 2.9.18" in english
    assert not {"rule", "decree", "para.", "contract", "Feb", "Mar"} & set(
        spanish.replace(";", " ").replace(",", " ").replace("-", " ").split()
    )


def test_translated_fields_cover_the_catalogue_of_issue_15():
    expected = {
        "scorecard.criterion": ("name", "description"),
        "scorecard.indicator": ("name", "guidance"),
        "scorecard.rubriclevel": ("label", "description"),
        "scorecard.gatedefinition": ("name", "description", "legal_basis"),
        "scorecard.kpidefinition": ("name", "definition", "unit", "default_target", "measurement"),
        "cities.city": ("summary",),
        "providers.language": ("name",),
        "providers.channel": ("name",),
        "providers.servicefunction": ("name",),
        "providers.vertical": ("name",),
    }
    found = _translated_fields()
    assert {label: tuple(sorted(found[label])) for label in expected} == {
        label: tuple(sorted(fields)) for label, fields in expected.items()
    }
    assert all(apps.get_model(label) for label in expected)


@pytest.mark.django_db
def test_fixtures_pages_in_spanish_show_the_catalogue_without_fallback_markers(user_client):
    from django.urls import reverse

    from scorecard.templatetags.translated import FALLBACK_MARKER

    call_command("loaddata", "sources", "cities", "criteria", verbosity=0)
    home = reverse("home")
    city = reverse("cities:city-detail", args=["monterrey"])

    pages = [user_client.get(url, HTTP_ACCEPT_LANGUAGE="es-MX") for url in (home, city)]

    assert [page.status_code for page in pages] == [200, 200]
    assert "Cumplimiento y protección de datos" in pages[0].content.decode()
    assert "Cuenta con centros de CX nearshore bilingües" in pages[1].content.decode()
    assert all(FALLBACK_MARKER not in page.content.decode() for page in pages)
