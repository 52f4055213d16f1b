"""An invalid row anywhere writes nothing and the error names its row, column and reason."""

import pytest

from providers.models import Provider
from scorecard.models import ImportOutcome
from scorecard.stewardship.importer import import_file

pytestmark = pytest.mark.django_db


def _providers_csv(rows: int, bad_row: int | None = None) -> bytes:
    lines = ["legal_name,trade_name,attrition_pct"]
    for row in range(2, rows + 2):  # spreadsheet rows: the header is row 1
        attrition = "500" if row == bad_row else "30.5"
        lines.append(f"Proveedor {row} S.A. de C.V.,Provider {row},{attrition}")
    return "\r\n".join(lines).encode()


def test_import_bad_row_500_of_1000_writes_nothing_and_names_it():
    data = _providers_csv(1000, bad_row=500)

    result = import_file(name="providers.csv", data=data, apply=True, via="test")

    assert not result.applied
    assert Provider.objects.count() == 0
    assert [(e.table, e.row, e.column) for e in result.errors] == [
        ("providers", 500, "attrition_pct")
    ]
    assert "300" in result.errors[0].message
    assert "providers, row 500, column attrition_pct" in str(result.errors[0])
    assert result.record.outcome == ImportOutcome.INVALID


def test_import_preview_writes_nothing_then_apply_writes_all():
    data = _providers_csv(1000)

    preview = import_file(name="providers.csv", data=data, via="test")
    assert Provider.objects.count() == 0
    assert preview.total("new") == 1000
    assert preview.record.outcome == ImportOutcome.PREVIEWED

    applied = import_file(name="providers.csv", data=data, apply=True, via="test")
    assert applied.applied
    assert Provider.objects.count() == 1000


def test_import_changed_row_shows_field_diff_and_reimport_is_unchanged():
    import_file(name="providers.csv", data=_providers_csv(3), apply=True, via="test")
    changed = _providers_csv(3).replace(b"Provider 3,30.5", b"Provider 3,41.0")

    preview = import_file(name="providers.csv", data=changed, via="test")
    import_file(name="providers.csv", data=changed, apply=True, via="test")
    again = import_file(name="providers.csv", data=changed, apply=True, via="test")

    (table,) = preview.tables
    assert [(r.row, r.status, r.diffs) for r in table.changes] == [
        (3, "changed", [("attrition_pct", "30.5", "41.0")])
    ]
    assert (again.total("unchanged"), again.total("changed"), again.total("new")) == (3, 0, 0)


def test_import_workbook_sheet_may_refer_to_rows_created_by_an_earlier_sheet():
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "sites"
    sheet.append(["provider", "name", "city", "seats_total", "seats_available"])
    sheet.append(["Nuevo S.A.", "Centro", "Mérida", 100, 10])
    cities = workbook.create_sheet("cities")
    cities.append(["name", "state", "timezone", "complexity_tier"])
    cities.append(["Mérida", "Yucatán", "America/Merida", "medium"])
    providers = workbook.create_sheet("providers")
    providers.append(["legal_name", "trade_name"])
    providers.append(["Nuevo S.A.", "Nuevo"])
    output = io.BytesIO()
    workbook.save(output)

    preview = import_file(name="new.xlsx", data=output.getvalue(), via="test")
    applied = import_file(name="new.xlsx", data=output.getvalue(), apply=True, via="test")

    assert preview.errors == []
    assert preview.total("new") == 3
    assert applied.applied
    assert Provider.objects.get().sites.get().city.slug == "merida"


def test_import_columns_without_header_are_ignored_unknown_ones_named():
    blank_header = b"code,title,\r\nS1,Title,stray note\r\n"
    unknown_header = b"code,title,colour\r\nS1,Title,red\r\n"

    ok = import_file(name="sources.csv", data=blank_header, via="test")
    bad = import_file(name="sources.csv", data=unknown_header, via="test")

    assert ok.errors == []
    assert [(e.row, e.column) for e in bad.errors] == [(1, "colour")]
