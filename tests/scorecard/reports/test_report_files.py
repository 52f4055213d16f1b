"""The data pack and the executive deck: written by the report job beside the PDF, downloaded
under exactly the PDF's access rules, removed with their report."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from pptx import Presentation
from pypdf import PdfReader

from scorecard.access import EXPORT
from scorecard.models import Report, ReportStatus, Role
from scorecard.reports.tasks import generate_report

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _file_url(report: Report, kind: str) -> str:
    return reverse(
        "scorecard:report-file",
        kwargs={"pk": report.engagement_id, "report_id": report.pk, "kind": kind},
    )


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def stored_report(world):
    """A ready client edition with all three files (client viewers may download it)."""
    report = Report.objects.create(
        engagement=world.engagement,
        status=ReportStatus.DONE,
        sections=["summary"],
        fingerprint="ab" * 32,
        client_edition=True,
    )
    report.file.save("r.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    report.data_pack.save("r.xlsx", ContentFile(b"PK xlsx"), save=False)
    report.deck.save("r.pptx", ContentFile(b"PK pptx"), save=True)
    return report


def test_report_job_stores_pdf_data_pack_and_deck_with_one_fingerprint(scored):
    report = Report.objects.create(engagement=scored.engagement, sections=["summary", "results"])

    generate_report.enqueue(report.pk)

    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert [f.kind for f in report.downloads] == ["pdf", "xlsx", "pptx"]
    assert (report.data_pack.name[-5:], report.deck.name[-5:]) == (".xlsx", ".pptx")
    short = report.short_fingerprint
    with report.file.open("rb") as file:
        pdf_text = "".join(page.extract_text() for page in PdfReader(file).pages)
    assert short in pdf_text
    with report.data_pack.open("rb") as file:
        method = pd.read_excel(io.BytesIO(file.read()), sheet_name="Method")
    assert method.set_index("item")["value"]["Fingerprint"] == report.fingerprint
    with report.deck.open("rb") as file:
        deck = Presentation(io.BytesIO(file.read()))
    slides = [
        " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        for slide in deck.slides
    ]
    assert slides
    assert all(short in text for text in slides)


def test_report_job_without_the_summary_stores_no_deck(scored):
    report = Report.objects.create(engagement=scored.engagement, sections=["appendix"])

    generate_report.enqueue(report.pk)

    report.refresh_from_db()
    assert [f.kind for f in report.downloads] == ["pdf", "xlsx"]
    assert not report.deck


@pytest.mark.parametrize("kind", ["xlsx", "pptx"])
def test_report_file_download_access_is_the_pdfs(world, check_access, stored_report, kind):
    check_access(world, _file_url(stored_report, kind), EXPORT, ok=200)


@pytest.mark.parametrize(("kind", "content_type"), [("xlsx", XLSX), ("pptx", PPTX)])
def test_report_file_download_is_an_attachment_of_its_type(
    world, client, stored_report, kind, content_type
):
    client.force_login(world.users[Role.CLIENT_VIEWER])

    response = client.get(_file_url(stored_report, kind))

    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        f'-report-v1-{stored_report.created_at.date().isoformat()}.{kind}"'
        in (response["Content-Disposition"])
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _content(response) == f"PK {kind}".encode()


def test_report_file_of_a_full_edition_is_404_for_client_viewers(world, client, stored_report):
    # Client viewers may not see a report with assessors' names: nor its data pack or deck.
    Report.objects.filter(pk=stored_report.pk).update(client_edition=False)
    client.force_login(world.users[Role.CLIENT_VIEWER])
    assert client.get(_file_url(stored_report, "xlsx")).status_code == 404
    assert client.get(_file_url(stored_report, "pptx")).status_code == 404
    client.force_login(world.users[Role.CONSULTANT])
    assert client.get(_file_url(stored_report, "pptx")).status_code == 200


def test_report_file_other_engagements_report_404(world, client, stored_report):
    Report.objects.filter(pk=stored_report.pk).update(engagement=world.other)
    client.force_login(world.users[Role.CONSULTANT])
    assert client.get(_file_url(stored_report, "xlsx")).status_code == 404


@pytest.mark.parametrize("kind", ["docx", "file", "data_pack"])
def test_report_file_unknown_kind_404(world, client, stored_report, kind):
    client.force_login(world.users[Role.CONSULTANT])
    assert client.get(_file_url(stored_report, kind)).status_code == 404


def test_report_file_not_ready_404(world, client, stored_report):
    Report.objects.filter(pk=stored_report.pk).update(status=ReportStatus.RUNNING)
    client.force_login(world.users[Role.CONSULTANT])
    assert client.get(_file_url(stored_report, "xlsx")).status_code == 404


def test_report_list_offers_the_data_pack_and_deck_beside_the_pdf(world, client, stored_report):
    client.force_login(world.users[Role.CLIENT_VIEWER])
    page = client.get(reverse("scorecard:report-list", kwargs={"pk": world.engagement.pk}))
    content = page.content.decode()
    assert _file_url(stored_report, "xlsx") in content
    assert _file_url(stored_report, "pptx") in content
    assert "Data pack (XLSX)" in content


def test_report_list_without_a_deck_offers_none(world, client, stored_report):
    stored_report.deck.delete(save=True)
    client.force_login(world.users[Role.CONSULTANT])
    page = client.get(reverse("scorecard:report-list", kwargs={"pk": world.engagement.pk}))
    assert _file_url(stored_report, "pptx") not in page.content.decode()
    assert client.get(_file_url(stored_report, "pptx")).status_code == 404


def _stored(report: Report) -> list[bool]:
    """Whether each of the report's three files is on its storage."""
    return [getattr(report, f).storage.exists(getattr(report, f).name) for f in FIELDS]


FIELDS = ("file", "data_pack", "deck")


def test_deleting_a_report_removes_its_files(stored_report, django_capture_on_commit_callbacks):
    assert _stored(stored_report) == [True, True, True]
    kept = Report.objects.get(pk=stored_report.pk)  # the rows' names, before delete clears them

    with django_capture_on_commit_callbacks(execute=True):
        stored_report.delete()

    assert _stored(kept) == [False, False, False]


def test_deleting_the_engagement_removes_its_reports_files(
    world, stored_report, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        world.engagement.delete()

    assert _stored(stored_report) == [False, False, False]


def test_a_rolled_back_report_deletion_keeps_its_files(stored_report):
    kept = Report.objects.get(pk=stored_report.pk)

    def delete_then_fail() -> None:
        with transaction.atomic():
            stored_report.delete()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        delete_then_fail()

    assert _stored(kept) == [True, True, True]
