"""Export everything, import it into an empty database: the data is identical."""

import pytest

from scorecard.models import ImportOutcome
from scorecard.stewardship.exporter import export_csv, export_xlsx
from scorecard.stewardship.importer import import_file
from scorecard.stewardship.resources import RESOURCES
from tests.scorecard.stewardship.conftest import empty_reference_tables, reference_snapshot

pytestmark = pytest.mark.django_db


def test_round_trip_xlsx_into_empty_database_is_identical(reference):
    before = reference_snapshot()
    workbook = export_xlsx()
    empty_reference_tables()

    result = import_file(name="reference.xlsx", data=workbook, apply=True, via="test")

    assert result.errors == []
    assert result.record.outcome == ImportOutcome.APPLIED
    assert result.total("new") == sum(len(rows) for rows in before.values())
    assert reference_snapshot() == before


def test_round_trip_csv_per_table_into_empty_database_is_identical(reference):
    before = reference_snapshot()
    files = {resource.name: export_csv(resource) for resource in RESOURCES}
    empty_reference_tables()

    for name, data in files.items():
        result = import_file(name=f"{name}.csv", data=data, apply=True, via="test")
        assert result.errors == [], name
        assert result.applied

    assert reference_snapshot() == before


def test_reimport_same_file_changes_nothing(reference):
    workbook = export_xlsx()

    result = import_file(name="reference.xlsx", data=workbook, apply=True, via="test")

    assert result.errors == []
    assert result.total("new") == 0
    assert result.total("changed") == 0
    assert result.total("unchanged") == result.rows > 600


def test_round_trip_keeps_both_languages_of_translated_fields(reference):
    from scorecard.models import RubricLevel
    from scorecard.stewardship.resources import get_resource

    resource = get_resource("rubric_levels")
    exported = export_csv(resource).decode("utf-8-sig")
    header = exported.splitlines()[0].split(",")
    assert header == [
        *("indicator", "level"),
        *("label_en", "label_es_mx", "description_en", "description_es_mx"),
    ]
    assert "Sin registro" in exported
    RubricLevel.objects.update(label_es_mx="", description_es_mx="")

    result = import_file(
        name="rubric_levels.csv", data=exported.encode("utf-8"), apply=True, via="test"
    )

    assert result.errors == []
    assert result.total("changed") == RubricLevel.objects.count()
    level = RubricLevel.objects.get(indicator__code="cmp-repse", level=0)
    assert (level.label_en, level.label_es_mx) == ("Not registered", "Sin registro")


def test_import_spanish_column_only_changes_the_spanish_text(reference):
    from scorecard.models import Criterion

    data = "code,name_es_mx\ncompliance,Cumplimiento legal y protección de datos\n"

    result = import_file(name="criteria.csv", data=data.encode(), apply=True, via="test")

    assert result.errors == []
    criterion = Criterion.objects.get(code="compliance")
    assert criterion.name_en == "Compliance & data protection"
    assert criterion.name_es_mx == "Cumplimiento legal y protección de datos"


def test_round_trip_keeps_a_citys_spanish_name_beside_its_key(reference):
    from cities.models import City
    from scorecard.stewardship.resources import get_resource

    exported = export_csv(get_resource("cities")).decode("utf-8-sig")
    assert exported.splitlines()[0].split(",")[:3] == ["name", "name_es_mx", "slug"]
    assert "\nMexico City,Ciudad de México,mexico-city," in exported
    City.objects.update(name_es_mx="")

    result = import_file(name="cities.csv", data=exported.encode("utf-8"), apply=True, via="test")

    assert result.errors == []
    assert result.total("changed") == 1
    assert City.objects.get(name="Mexico City").name_es_mx == "Ciudad de México"
    assert set(City.objects.exclude(name="Mexico City").values_list("name_es_mx", flat=True)) == {
        ""
    }
