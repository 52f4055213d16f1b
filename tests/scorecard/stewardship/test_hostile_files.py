"""Hostile files are refused cleanly, before anything is written; exports never run as formulas."""

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from cities.models import Source
from scorecard.models import ImportOutcome, ImportRecord
from scorecard.stewardship.exporter import export_csv, export_xlsx
from scorecard.stewardship.importer import import_file
from scorecard.stewardship.resources import get_resource

pytestmark = pytest.mark.django_db


def _xlsx(rows, title="sources") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _preview(name: str, data: bytes):
    return import_file(name=name, data=data, apply=True, via="test")


def test_import_xlsx_formula_cell_is_rejected_with_row_and_column():
    data = _xlsx([["code", "title"], ["OK1", "Fine"], ["X1", "=1+1"]])

    result = _preview("sources.xlsx", data)

    assert [(e.row, e.column) for e in result.errors] == [(3, "title")]
    assert "Formula" in result.errors[0].message
    assert not Source.objects.exists()
    assert result.record.outcome == ImportOutcome.INVALID


def test_import_csv_formula_text_is_rejected_not_imported_as_empty():
    data = b'code,title\r\nX1,"=HYPERLINK(""http://evil.test"",""x"")"\r\n'

    result = _preview("sources.csv", data)

    assert [(e.row, e.column) for e in result.errors] == [(2, "title")]
    assert not Source.objects.exists()


def test_import_csv_negative_number_is_not_a_formula():
    data = b"code,title,published_on\r\nX1,-5,\r\n"

    result = _preview("sources.csv", data)

    assert result.errors == []
    assert Source.objects.get(code="X1").title == "-5"


def test_import_csv_named_xlsx_is_refused():
    result = _preview("sources.xlsx", b"code,title\r\nX1,Fine\r\n")

    assert "named .xlsx" in result.refused
    assert result.record.outcome == ImportOutcome.REFUSED


def test_import_xlsx_named_csv_is_refused():
    result = _preview("sources.csv", _xlsx([["code", "title"], ["X1", "Fine"]]))

    assert result.refused
    assert not Source.objects.exists()


def test_import_pdf_named_csv_is_refused():
    result = _preview("sources.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")

    assert "not an accepted file type" in result.refused


def test_import_oversize_file_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1024
    data = b"code,title\r\n" + b"".join(b"X%d,%s\r\n" % (n, b"t" * 40) for n in range(40))

    result = _preview("sources.csv", data)

    assert "the limit is 1.0" in result.refused
    assert not Source.objects.exists()


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_import_too_many_rows_is_refused(settings, extension):
    settings.IMPORT_MAX_ROWS = 5
    rows = [["code", "title"]] + [[f"X{n}", "t"] for n in range(6)]
    if extension == "csv":
        data = "\r\n".join(",".join(row) for row in rows).encode()
    else:
        data = _xlsx(rows)

    result = _preview(f"sources.{extension}", data)

    assert "more than 5 rows" in result.refused
    assert not Source.objects.exists()


def _zip(parts: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return output.getvalue()


def test_import_zip_bomb_is_refused_by_compression_ratio():
    data = _zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"0" * 5_000_000})

    result = _preview("sources.xlsx", data)

    assert "zip bomb" in result.refused


def test_import_zip_declaring_too_much_uncompressed_data_is_refused(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 100_000
    data = _xlsx([["code", "title"]] + [[f"X{n}", f"Title {n}" * 5] for n in range(3000)])

    result = _preview("sources.xlsx", data)

    assert "would expand to" in result.refused


def test_import_xml_entity_bomb_is_refused():
    workbook = _xlsx([["code", "title"], ["X1", "Fine"]])
    source = zipfile.ZipFile(io.BytesIO(workbook))
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    parts = {}
    for name in source.namelist():
        content = source.read(name)
        if name == "xl/worksheets/sheet1.xml":
            content = bomb + content.split(b"?>", 1)[-1]
        parts[name] = content

    result = _preview("sources.xlsx", _zip(parts))

    assert "entity declarations" in result.refused
    assert not Source.objects.exists()


def test_every_import_attempt_is_recorded():
    _preview("sources.csv", b"code,title\r\nX1,Fine\r\n")
    _preview("sources.xlsx", b"not a workbook")

    outcomes = list(ImportRecord.objects.order_by("id").values_list("file_name", "outcome"))
    assert outcomes == [
        ("sources.csv", ImportOutcome.APPLIED),
        ("sources.xlsx", ImportOutcome.REFUSED),
    ]


def test_export_neutralises_formula_like_text_in_csv_and_xlsx():
    Source.objects.create(code="EVIL", title="=cmd|' /C calc'!A0", publisher="@SUM(1)")
    resource = get_resource("sources")

    csv_text = export_csv(resource).decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(export_xlsx([resource])), read_only=False)["sources"]

    assert "'=cmd|' /C calc'!A0" in csv_text
    assert "'@SUM(1)" in csv_text
    assert sheet["B2"].value == "'=cmd|' /C calc'!A0"
    assert sheet["B2"].data_type == "s"
    assert sheet["C2"].value == "'@SUM(1)"


def test_neutralised_export_reimports_to_the_original_text():
    Source.objects.create(code="EVIL", title="=cmd", publisher="-minus")
    data = export_csv(get_resource("sources"))
    Source.objects.all().delete()

    result = _preview("sources.csv", data)

    assert result.errors == []
    assert Source.objects.values_list("title", "publisher").get() == ("=cmd", "-minus")
