"""Reference data for the stewardship tests: the shipped fixtures, loaded once per test."""

from __future__ import annotations

import pytest
from django.core import serializers
from django.core.management import call_command

from scorecard.management.commands.setup_demo import FIXTURES
from scorecard.stewardship.resources import RESOURCES


@pytest.fixture
def reference(db):
    call_command("loaddata", *FIXTURES, verbosity=0)


def reference_snapshot() -> dict[str, list]:
    """Every reference row by natural keys (no primary keys), sorted: equal means identical."""
    snapshot = {}
    for resource in RESOURCES:
        rows = serializers.serialize(
            "python",
            resource.model._default_manager.all(),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        for row in rows:
            for name, value in row["fields"].items():
                if isinstance(value, list):
                    row["fields"][name] = sorted(map(repr, value))
        snapshot[resource.name] = sorted(repr(sorted(row["fields"].items())) for row in rows)
    return snapshot


def empty_reference_tables() -> None:
    """Delete every reference row, dependants first (statutory rates cite sources too)."""
    from scorecard.models import StatutoryRate

    StatutoryRate.objects.all().delete()
    for resource in reversed(RESOURCES):
        resource.model._default_manager.all().delete()


def half_written_import(user, csv: bytes = b"code,title\r\nS0,After\r\nS1,New\r\n"):
    """What a worker stopped after its first chunk leaves behind: an import being applied
    (``ImportRecord``, running) with one chunk of ``csv`` (sources) written and logged."""
    from scorecard.models import ImportOutcome, ImportRecord

    record = ImportRecord.objects.create(file_name="sources.csv", outcome=ImportOutcome.RUNNING)
    write_chunk(record, user, csv)
    return record


def write_chunk(record, user, csv: bytes) -> None:
    """Write ``csv`` (sources) as the next chunk of import ``record``, as its worker does."""
    import datetime as dt

    from scorecard.stewardship.files import read_tables
    from scorecard.stewardship.resources import get_resource
    from scorecard.stewardship.validation import (
        Lookups,
        TableResult,
        TableState,
        check_row,
        classify_row,
    )
    from scorecard.stewardship.writer import ChunkWriter, ignore_progress

    _format, (table,) = read_tables("sources.csv", csv)
    resource, lookups = get_resource("sources"), Lookups()
    state = TableState.read(resource, table.headers)
    for number, cells in table.rows:
        row = check_row(state, number, cells, lookups, lambda *error: None)
        classify_row(state, row, TableResult(resource), write=True, lookups=lookups)
    writer = ChunkWriter(
        record=record,
        user=user,
        reason="test",
        date=dt.datetime.now(dt.UTC),
        total=2,
        progress=ignore_progress,
    )
    writer.write(resource, state.to_save)
