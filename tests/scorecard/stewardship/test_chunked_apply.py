"""An import is written in short transactions (chunks), all or nothing, with its progress."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from providers.models import Language, Provider
from scorecard.models import ImportChunk, ImportOutcome
from scorecard.stewardship.importer import import_file
from tests.scorecard.stewardship.conftest import reference_snapshot

pytestmark = pytest.mark.django_db

PROVIDERS = Provider._meta.db_table


@pytest.fixture(autouse=True)
def _chunks_of_500(settings):
    settings.IMPORT_CHUNK_ROWS = 500


@pytest.fixture(autouse=True)
def _languages():
    Language.objects.create(code="es", name="Spanish")
    Language.objects.create(code="en", name="English")


def _providers_csv(rows: int, *, attrition: str = "30.5", languages: str = "es") -> bytes:
    """``rows`` providers, spreadsheet rows 2 to rows + 1 (the header is row 1)."""
    lines = ["legal_name,trade_name,attrition_pct,languages"]
    for row in range(2, rows + 2):
        lines.append(f"Proveedor {row:05d} S.A. de C.V.,Provider {row},{attrition},{languages}")
    return "\r\n".join(lines).encode()


def _transactions_writing(queries: list[dict], table: str) -> list[int]:
    """The rows each write transaction (outermost savepoint inside the test's transaction)
    inserted into or updated in ``table``; ``-1`` counts a write outside any transaction."""
    blocks: list[int] = []
    depth = 0
    for query in queries:
        sql = query["sql"]
        if sql.startswith("SAVEPOINT"):
            depth += 1
            if depth == 1:
                blocks.append(0)
        elif sql.startswith(("RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):
            depth -= int(sql.startswith("RELEASE"))
        elif sql.startswith((f'INSERT INTO "{table}"', f'UPDATE "{table}"')):
            if depth == 0:
                blocks.append(-1)
            else:
                blocks[-1] += sql.count("), (") + 1 if sql.startswith("INSERT") else 1
    return [block for block in blocks if block]


def test_import_2000_new_rows_writes_4_transactions_of_500():
    data = _providers_csv(2000)

    with CaptureQueriesContext(connection) as queries:
        result = import_file(name="providers.csv", data=data, apply=True, via="test")

    assert result.applied
    assert Provider.objects.count() == 2000
    writes = _transactions_writing(queries.captured_queries, PROVIDERS)
    assert len(writes) == 4
    assert -1 not in writes
    # PostgreSQL inserts a batch as arrays (INSERT … SELECT * FROM UNNEST), one statement
    # whatever its rows; where the rows are VALUES tuples, each transaction holds 500.
    if not any("UNNEST" in query["sql"] for query in queries.captured_queries):
        assert writes == [500, 500, 500, 500]
    assert result.record.chunks == 4
    assert not ImportChunk.objects.exists()  # the undo log goes once everything landed


def test_import_2000_changed_rows_updates_in_4_transactions():
    import_file(name="providers.csv", data=_providers_csv(2000), apply=True, via="test")
    changed = _providers_csv(2000, attrition="41.0")

    with CaptureQueriesContext(connection) as queries:
        result = import_file(name="providers.csv", data=changed, apply=True, via="test")

    writes = _transactions_writing(queries.captured_queries, PROVIDERS)
    assert result.applied
    assert len(writes) == 4
    assert -1 not in writes
    assert result.record.chunks == 4
    assert set(Provider.objects.values_list("attrition_pct", flat=True)) == {41}


def test_import_progress_moves_with_every_chunk():
    steps: list[tuple[int, str]] = []

    result = import_file(
        name="providers.csv",
        data=_providers_csv(2000),
        apply=True,
        via="test",
        progress=lambda percent, step: steps.append((percent, step)),
    )

    assert result.applied
    assert [percent for percent, _step in steps] == [0, 25, 50, 75, 100, 100]
    assert steps[2][1] == "Writing providers: chunk 2 of 4"
    assert steps[-1][1] == "Applied"


def _refuse_insert_of(legal_name: str):
    """A database trigger that makes the INSERT of ``legal_name`` fail: a failure only the
    database sees (validation passed), as a full disk or a lost connection would be."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f'CREATE TRIGGER refuse_row BEFORE INSERT ON "{PROVIDERS}" '
                f"WHEN NEW.legal_name = '{legal_name}' "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END"
            )
        else:
            cursor.execute(
                "CREATE FUNCTION refuse_row() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.legal_name = '{legal_name}' THEN "
                "RAISE EXCEPTION 'refused by the test trigger'; END IF; RETURN NEW; END $$ "
                "LANGUAGE plpgsql"
            )
            cursor.execute(
                f'CREATE TRIGGER refuse_row BEFORE INSERT ON "{PROVIDERS}" '
                "FOR EACH ROW EXECUTE FUNCTION refuse_row()"
            )


def test_import_failing_in_the_last_chunk_leaves_nothing_applied():
    # 600 providers exist; the file changes them (value and languages) and adds 1,400 more,
    # the last of which the database refuses: chunks 1-3 are written, chunk 4 fails.
    import_file(name="providers.csv", data=_providers_csv(600), apply=True, via="test")
    before = reference_snapshot()
    history_before = Provider.history.count()
    _refuse_insert_of("Proveedor 02001 S.A. de C.V.")
    steps: list[str] = []

    result = import_file(
        name="providers.csv",
        data=_providers_csv(2000, attrition="41.0", languages="en|es"),
        apply=True,
        via="test",
        progress=lambda percent, step: steps.append(step),
    )

    assert not result.applied
    assert reference_snapshot() == before
    assert Provider.history.count() == history_before
    record = result.record
    assert (record.outcome, record.chunks) == (ImportOutcome.FAILED, 3)
    assert "refused by the test trigger" in record.message
    assert not ImportChunk.objects.exists()
    assert steps[-3:] == [
        "Rolling back: chunk 1 of 3",
        "Rolling back: chunk 2 of 3",
        "Rolling back: chunk 3 of 3",
    ]


def test_import_invalid_row_in_the_last_chunk_writes_no_chunk():
    data = _providers_csv(2000).replace(b"Provider 1990,30.5", b"Provider 1990,500")

    with CaptureQueriesContext(connection) as queries:
        result = import_file(name="providers.csv", data=data, apply=True, via="test")

    assert [(e.row, e.column) for e in result.errors] == [(1990, "attrition_pct")]
    assert _transactions_writing(queries.captured_queries, PROVIDERS) == []
    assert (result.record.outcome, result.record.chunks) == (ImportOutcome.INVALID, 0)
