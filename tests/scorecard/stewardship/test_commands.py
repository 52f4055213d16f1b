"""The command-line side: export_reference, import_reference, export_fixtures."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from cities.models import Source
from scorecard.management.commands.export_fixtures import FIXTURE_FILES
from scorecard.management.commands.setup_demo import FIXTURES
from scorecard.models import ImportOutcome, ImportRecord
from tests.factories import UserFactory
from tests.scorecard.stewardship.conftest import (
    empty_reference_tables,
    half_written_import,
    reference_snapshot,
)

pytestmark = pytest.mark.django_db


def test_export_fixtures_then_loaddata_into_empty_database_is_identical(reference, tmp_path):
    before = reference_snapshot()
    call_command("export_fixtures", output_dir=tmp_path, stdout=None)
    empty_reference_tables()

    # The vendor portal's questions are the vendors app's own fixture, not reference data.
    reference_fixtures = [name for name in FIXTURES if name != "vendor_questions"]
    call_command(
        "loaddata", *(str(tmp_path / f"{name}.yaml") for name in reference_fixtures), verbosity=0
    )

    assert reference_snapshot() == before
    assert not (tmp_path / "providers.yaml").exists()  # every shipped provider is demo data
    assert set(FIXTURE_FILES) >= set(reference_fixtures)


def test_export_fixtures_twice_is_byte_identical_and_keeps_header(reference, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "sources.yaml").write_text("# Sources.\n# Natural keys.\n- stale: content\n")
    call_command("export_fixtures", output_dir=first)
    call_command("export_fixtures", output_dir=first)  # a second run over its own output
    call_command("export_fixtures", output_dir=second)

    text = (first / "sources.yaml").read_text()
    assert text.startswith("# Sources.\n# Natural keys.\n- model: cities.source\n")
    body = text.split("\n", 2)[2]
    assert body == (second / "sources.yaml").read_text()


@pytest.mark.parametrize("name", ["taxonomy", "cities", "criteria", "kpi_catalogue"])
def test_export_fixtures_translated_files_come_back_as_shipped(reference, tmp_path, name):
    """Both language columns, in the shipped layout (no language-dependent base field)."""
    call_command("export_fixtures", output_dir=tmp_path, stdout=None)

    shipped = (settings.BASE_DIR / "fixtures" / f"{name}.yaml").read_text(encoding="utf-8")
    body = "".join(line for line in shipped.splitlines(True) if not line.startswith("#"))
    assert (tmp_path / f"{name}.yaml").read_text(encoding="utf-8") == body


def test_import_reference_command_dry_run_then_yes(tmp_path):
    path = tmp_path / "sources.csv"
    path.write_text("code,title\nMW99,Minimum wages 2099\n", encoding="utf-8")

    call_command("import_reference", str(path), dry_run=True, stdout=None)
    assert not Source.objects.exists()
    call_command("import_reference", str(path), yes=True, stdout=None)

    assert Source.objects.get().title == "Minimum wages 2099"
    assert list(ImportRecord.objects.order_by("id").values_list("outcome", "via")) == [
        (ImportOutcome.PREVIEWED, "command"),
        (ImportOutcome.PREVIEWED, "command"),
        (ImportOutcome.APPLIED, "command"),
    ]


def test_import_reference_command_reports_row_and_column_and_fails(tmp_path):
    path = tmp_path / "cities.csv"
    path.write_text(
        "name,state,timezone,complexity_tier\nAtlantis,Mar,Ocean/Atlantis,high\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match="nothing written"):
        call_command("import_reference", str(path), yes=True)


def test_import_reference_command_refuses_non_admin_user(tmp_path):
    path = tmp_path / "sources.csv"
    path.write_text("code,title\nMW99,Minimum wages 2099\n", encoding="utf-8")
    UserFactory(username="analyst")

    with pytest.raises(CommandError, match="may not import"):
        call_command("import_reference", str(path), yes=True, user="analyst")


def test_export_reference_command_writes_csv_files_and_workbook(reference, tmp_path):
    call_command("export_reference", str(tmp_path / "csv"), format="csv", stdout=None)
    call_command("export_reference", str(tmp_path / "all.xlsx"), stdout=None)

    assert (tmp_path / "csv" / "providers.csv").read_bytes().startswith(b"\xef\xbb\xbflegal_name")
    assert (tmp_path / "all.xlsx").read_bytes()[:2] == b"PK"


def test_import_reference_roll_back_undoes_what_a_stopped_worker_wrote(admin_user):
    Source.objects.create(code="S0", title="Before")
    before = reference_snapshot()
    record = half_written_import(admin_user)
    assert Source.objects.get(code="S0").title == "After"

    call_command("import_reference", roll_back=record.pk)

    record.refresh_from_db()
    assert reference_snapshot() == before
    assert Source.objects.get().history.count() == 1
    assert (record.outcome, record.undo_log.exists()) == (ImportOutcome.FAILED, False)


def test_import_reference_roll_back_of_finished_import_is_refused():
    record = ImportRecord.objects.create(file_name="s.csv", outcome=ImportOutcome.APPLIED)

    with pytest.raises(CommandError, match="nothing to roll back"):
        call_command("import_reference", roll_back=record.pk)
