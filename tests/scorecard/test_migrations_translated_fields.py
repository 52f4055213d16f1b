"""The translated-fields migrations (scorecard 0008, cities 0004, vendors 0003; providers 0004
is the same code) copy the text a row already had into its English column."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from scorecard.models import Criterion
from tests.factories import CityFactory, CriterionFactory, IndicatorFactory
from vendors.models import VendorQuestion

pytestmark = pytest.mark.django_db

MIGRATIONS = {
    "scorecard": "0008_escontent_translated_fields",
    "cities": "0004_escontent_translated_fields",
    "vendors": "0003_question_translated_fields",
}


def _run_copy(app: str) -> None:
    """The migration's data step, with the models as that migration sees them (plain models,
    so ``F("name")`` reads the original column, as it does when the migration runs)."""
    name = MIGRATIONS[app]
    state = MigrationLoader(connection).project_state((app, name))
    module = importlib.import_module(f"{app}.migrations.{name}")
    module.copy_into_english(state.apps, None)


def _set_raw(table: str, pk: int, **columns) -> None:
    assignments = ", ".join(f"{column} = %s" for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {assignments} WHERE id = %s", [*columns.values(), pk])


def test_copy_into_english_fills_empty_english_from_the_existing_text():
    old = CriterionFactory()
    kept = CriterionFactory(name_en="Already English")
    _set_raw("scorecard_criterion", old.pk, name="Service coverage", name_en=None)
    _set_raw("scorecard_criterion", kept.pk, name="Stale base text")

    _run_copy("scorecard")

    assert Criterion.objects.get(pk=old.pk).name_en == "Service coverage"
    assert Criterion.objects.get(pk=kept.pk).name_en == "Already English"
    assert Criterion.objects.get(pk=old.pk).name_es_mx is None


def test_copy_into_english_covers_city_summaries():
    city = CityFactory()
    _set_raw("cities_city", city.pk, summary="Bilingual hub.", summary_en=None)

    _run_copy("cities")

    city.refresh_from_db()
    assert city.summary_en == "Bilingual hub."


def test_copy_into_english_covers_vendor_questions():
    wording = VendorQuestion.objects.create(indicator=IndicatorFactory(), question_en="x")
    _set_raw(
        "vendors_vendorquestion",
        wording.pk,
        question="How do you test failover?",
        question_en=None,
        evidence_requested="DR report.",
        evidence_requested_en=None,
    )

    _run_copy("vendors")

    wording.refresh_from_db()
    assert (wording.question_en, wording.evidence_requested_en) == (
        "How do you test failover?",
        "DR report.",
    )
    assert wording.question_es_mx is None
