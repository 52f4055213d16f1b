"""Evidence: uploads checked by content and size, stored privately, served as attachments."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from scorecard.models import Evidence, Role, Score
from tests.factories import EvidenceFactory, ScoreFactory
from tests.scorecard.conftest import answer_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def analyst(client, world):
    client.force_login(world.users[Role.ANALYST])
    return world.users[Role.ANALYST]


def _upload(client, sheet, *files, answer="3", revision=0):
    indicator = sheet.rated[0]
    data = answer_data((indicator, answer, revision))
    data[f"i{indicator.pk}-evidence"] = list(files)
    return client.post(sheet.criterion_url(), data)


def test_evidence_upload_several_files_stored_privately(client, analyst, sheet, private_files):
    response = _upload(
        client,
        sheet,
        SimpleUploadedFile("audit.pdf", PDF, content_type="application/octet-stream"),
        SimpleUploadedFile("floor.png", _png(), content_type="application/pdf"),
        SimpleUploadedFile("seats.csv", b"site,seats\nMTY,120\n", content_type="text/plain"),
    )
    assert response.status_code == 302
    stored = list(
        Evidence.objects.order_by("original_name").values_list(
            "original_name", "content_type", "uploaded_by__username"
        )
    )
    assert stored == [
        ("audit.pdf", "application/pdf", "analyst-user"),
        ("floor.png", "image/png", "analyst-user"),  # sniffed, not what the browser said
        ("seats.csv", "text/csv", "analyst-user"),
    ]
    assert all((private_files / e.file.name).exists() for e in Evidence.objects.all())
    page = client.get(sheet.criterion_url()).content.decode()
    assert "audit.pdf" in page


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"\x00" * 64),
            "report.pdf is not an accepted file type (accepted: CSV, JPEG, JPG, PDF, PNG, WEBP, "
            "XLSX).",
        ),
        (
            SimpleUploadedFile("seats.csv", b"site,seats\n<script>alert(1)</script>\n"),
            "seats.csv is not an accepted file type (accepted: CSV, JPEG, JPG, PDF, PNG, WEBP, "
            "XLSX).",
        ),
        (
            SimpleUploadedFile(
                "data.csv", b"\xef\xbb\xbf  <!DOCTYPE html><html><body>x</body></html>"
            ),
            "data.csv is not an accepted file type (accepted: CSV, JPEG, JPG, PDF, PNG, WEBP, "
            "XLSX).",
        ),
        (
            SimpleUploadedFile("photo.png", PDF),
            "photo.png contains application/pdf data but is named .png; rename it or upload the "
            "right file.",
        ),
    ],
)
def test_evidence_bad_upload_is_a_field_error_and_nothing_is_written(
    client, analyst, sheet, private_files, upload, message
):
    response = _upload(client, sheet, upload)
    assert response.status_code == 200
    form = response.context["rows"][0]["form"]
    assert form.errors["evidence"] == [message]
    assert not Score.objects.exists()
    assert not Evidence.objects.exists()


def test_evidence_oversized_upload_is_refused(client, analyst, sheet, private_files, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    response = _upload(client, sheet, SimpleUploadedFile("big.pdf", PDF + b"0" * 2000))
    form = response.context["rows"][0]["form"]
    assert form.errors["evidence"] == ["big.pdf is 2.0\xa0KB; the limit is 1.0\xa0KB."]
    assert not Score.objects.exists()


def test_evidence_download_is_an_attachment_with_sniffed_type(
    client, analyst, sheet, private_files
):
    _upload(client, sheet, SimpleUploadedFile('../"weird" name.pdf', PDF))
    evidence = Evidence.objects.get()
    response = client.get(sheet.url("evidence-download", evidence_id=evidence.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="weird_name.pdf"'
    assert b"".join(response.streaming_content) == PDF


def test_evidence_delete_by_uploader_while_draft(
    client, analyst, sheet, private_files, django_capture_on_commit_callbacks
):
    evidence = EvidenceFactory(
        score=ScoreFactory(assessment=sheet.assessment, indicator=sheet.rated[0])
    )
    path = private_files / evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(sheet.url("evidence-delete", evidence_id=evidence.pk))
    assert response["Location"] == sheet.criterion_url()
    assert not Evidence.objects.exists()
    assert not path.exists()


def test_evidence_delete_refused_once_submitted(client, analyst, sheet, private_files):
    evidence = EvidenceFactory(
        score=ScoreFactory(assessment=sheet.assessment, indicator=sheet.rated[0])
    )
    sheet.assessment.status = "submitted"
    sheet.assessment.save()
    client.post(sheet.url("evidence-delete", evidence_id=evidence.pk))
    assert Evidence.objects.count() == 1


def test_evidence_files_removed_when_the_save_fails(
    client, analyst, sheet, private_files, monkeypatch
):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Evidence, "save", fail)
    with pytest.raises(RuntimeError):
        _upload(client, sheet, SimpleUploadedFile("audit.pdf", PDF))
    assert not Score.objects.exists()
    assert [p for p in private_files.rglob("*") if p.is_file()] == []
