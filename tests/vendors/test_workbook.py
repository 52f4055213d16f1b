"""The questionnaire's XLSX template: download, fill offline, upload; hostile files refused."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

WORKBOOK = "/vendors/questionnaire/workbook/"


def _filled(vendor, answers: dict[str, str], profile: dict[str, object]) -> bytes:
    workbook = load_workbook(io.BytesIO(vendor.client.get(WORKBOOK).content))
    questions, sheet = workbook["Questions"], workbook["Profile"]
    for row in questions.iter_rows(min_row=2):
        if row[0].value in answers:
            row[4].value = answers[row[0].value]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in profile:
            row[2].value = profile[row[0].value]
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _upload(vendor, content: bytes, name: str = "questionnaire.xlsx"):
    return vendor.client.post(
        WORKBOOK, {"workbook": SimpleUploadedFile(name, content)}, follow=True
    )


def test_workbook_round_trip_saves_answers_and_profile(db, vendor):
    first, second = vendor.indicators
    site = vendor.candidate.primary_site
    form = vendor.client.get("/vendors/questionnaire/").context["form"]
    data = form.initial_data()
    data[f"a{second.pk}-text"] = "=SUM(A1) is text here"  # typed on the page
    vendor.client.post("/vendors/questionnaire/", data)
    content = _filled(
        vendor,
        {first.code: "- 24/7 NOC\n- ISO 27001"},
        {"company.headcount": 1500, f"site.{site.pk}.seats_available": 90},
    )

    response = _upload(vendor, content)

    assert "your answers are saved as a draft" in response.content.decode()
    answers = {a.indicator_id: a.text for a in vendor.invitation.answers.all()}
    assert answers[first.pk] == "- 24/7 NOC\n- ISO 27001"
    assert answers[second.pk] == "=SUM(A1) is text here"
    vendor.invitation.refresh_from_db()
    assert vendor.invitation.profile["company"]["headcount"] == "1500"
    assert vendor.invitation.profile["sites"][str(site.pk)]["seats_available"] == "90"
    again = load_workbook(io.BytesIO(vendor.client.get(WORKBOOK).content))
    texts = {row[0].value: row[4].value for row in again["Questions"].iter_rows(min_row=2)}
    assert texts[second.code] == "'=SUM(A1) is text here"  # never a formula in our output


def test_workbook_downloaded_before_a_browser_save_is_refused(db, vendor):
    content = _filled(vendor, {vendor.indicators[0].code: "from the workbook"}, {})
    form = vendor.client.get("/vendors/questionnaire/").context["form"]
    data = form.initial_data()
    data[f"a{vendor.indicators[0].pk}-text"] = "from the browser"
    vendor.client.post("/vendors/questionnaire/", data)

    response = _upload(vendor, content)

    assert "changed in another browser" in response.content.decode()
    assert vendor.invitation.answers.get().text == "from the browser"


def test_workbook_with_a_formula_is_refused(db, vendor):
    workbook = load_workbook(io.BytesIO(vendor.client.get(WORKBOOK).content))
    workbook["Questions"]["E2"] = '=HYPERLINK("http://evil")'
    output = io.BytesIO()
    workbook.save(output)

    response = _upload(vendor, output.getvalue())

    assert "formula" in response.content.decode()
    assert not vendor.invitation.answers.exists()


def test_workbook_zip_bomb_and_disguised_files_refused(db, vendor, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 2048
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/big.xml", b"0" * 100_000)

    refused_bomb = _upload(vendor, bomb.getvalue()).content.decode()
    refused_pdf = _upload(vendor, b"%PDF-1.4\n%%EOF\n").content.decode()

    assert "would expand to" in refused_bomb
    assert "not an accepted file type" in refused_pdf or "named .xlsx" in refused_pdf
    assert not vendor.invitation.answers.exists()
