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
