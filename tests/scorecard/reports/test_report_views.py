"""The Reports page, the job it queues, the status endpoint and downloads."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from scorecard.access import CONFIGURE, EXPORT
from scorecard.models import Report, ReportStatus, Role


def _url(name: str, engagement, **kwargs) -> str:
    return reverse(f"scorecard:{name}", kwargs={"pk": engagement.pk, **kwargs})


@pytest.fixture
def done_report(world):
    report = Report.objects.create(
        engagement=world.engagement,
        requested_by=world.users[Role.CONSULTANT],
        status=ReportStatus.DONE,
        sections=["summary"],
        fingerprint="ab" * 32,
        page_count=3,
        client_edition=True,  # client viewers see only client editions
    )
    report.file.save("r.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return report


def test_report_list_access(world, check_access):
    check_access(world, _url("report-list", world.engagement), EXPORT, ok=200)


def test_report_create_access(world, check_access):
    # No section chosen: the consultant gets the form back (200) and nothing is queued.
    check_access(world, _url("report-create", world.engagement), CONFIGURE, method="post", ok=200)
    assert not Report.objects.exists()


def test_report_status_access(world, check_access, done_report):
    url = _url("report-status", world.engagement, report_id=done_report.pk)
    check_access(world, url, EXPORT, ok=200)


def test_report_download_access(world, check_access, done_report):
    url = _url("report-download", world.engagement, report_id=done_report.pk)
    check_access(world, url, EXPORT, ok=200)


def test_report_download_other_engagements_report_404(world, client):
    other = Report.objects.create(engagement=world.other, status=ReportStatus.DONE)
    client.force_login(world.users[Role.CONSULTANT])
    url = _url("report-download", world.engagement, report_id=other.pk)
    assert client.get(url).status_code == 404


def test_report_download_not_ready_404(world, client):
    queued = Report.objects.create(engagement=world.engagement, client_edition=True)
    client.force_login(world.users[Role.CLIENT_VIEWER])
    assert (
        client.get(_url("report-download", world.engagement, report_id=queued.pk)).status_code
        == 404
    )
    status = client.get(_url("report-status", world.engagement, report_id=queued.pk)).json()
    assert (status["status"], status["finished"], status["download_url"]) == ("queued", False, None)


def test_report_download_is_an_attachment_with_a_safe_name(world, client, done_report):
    world.engagement.reference = "ACME/../CARE 2027"
    world.engagement.save()
    client.force_login(world.users[Role.CLIENT_VIEWER])
    response = client.get(_url("report-download", world.engagement, report_id=done_report.pk))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="acmecare-2027-report-v1-' in disposition
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"


def test_report_generate_builds_the_pdf_and_lists_it(world, scored, client):
    logo = io.BytesIO()
    Image.new("RGB", (120, 40), "#15324f").save(logo, "PNG")
    world.engagement.client_logo.save("logo.png", ContentFile(logo.getvalue()), save=True)
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(
        _url("report-create", world.engagement),
        {"sections": ["summary", "profiles"], "commentary": "Alpha, clearly."},
    )

    report = Report.objects.get()
    assert response.status_code == 302
    assert (report.status, report.progress, report.version) == (ReportStatus.DONE, 100, 1)
    assert report.sections == ["summary", "profiles"]
    assert len(report.fingerprint) == 64
    status = client.get(_url("report-status", world.engagement, report_id=report.pk)).json()
    assert status["download_url"] == _url("report-download", world.engagement, report_id=report.pk)
    pdf = b"".join(client.get(status["download_url"]).streaming_content)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == report.page_count
    assert len(reader.pages[0].images) == 1  # the client's logo on the cover
    page = client.get(_url("report-list", world.engagement))
    assert report.short_fingerprint in page.content.decode()


def test_report_form_commentary_without_summary_is_refused(world, client):
    client.force_login(world.users[Role.CONSULTANT])
    response = client.post(
        _url("report-create", world.engagement), {"sections": ["appendix"], "commentary": "Hi"}
    )
    assert response.status_code == 200
    assert "include it" in response.content.decode()
    assert not Report.objects.exists()


def test_report_client_viewer_sees_the_list_but_no_form(world, client, done_report):
    client.force_login(world.users[Role.CLIENT_VIEWER])
    content = client.get(_url("report-list", world.engagement)).content.decode()
    assert "Generate report" not in content
    assert "Download PDF" in content


def test_reports_tab_hidden_from_analysts(world, client):
    client.force_login(world.users[Role.ANALYST])
    page = client.get(_url("engagement-detail", world.engagement)).content.decode()
    assert _url("report-list", world.engagement) not in page
    client.force_login(world.users[Role.CONSULTANT])
    page = client.get(_url("engagement-detail", world.engagement)).content.decode()
    assert _url("report-list", world.engagement) in page


def test_report_queue_per_user_is_capped_with_a_clear_message(world, client, settings):
    settings.REPORT_QUEUE_PER_USER = 2
    consultant = world.users[Role.CONSULTANT]
    for _ in range(2):
        Report.objects.create(engagement=world.engagement, requested_by=consultant)
    client.force_login(consultant)
    response = client.post(_url("report-create", world.engagement), {"sections": ["summary"]})
    assert response.status_code == 200
    assert "You already have 2 reports being built" in response.content.decode()
    assert Report.objects.count() == 2
    # Finished ones do not count: one done, and a new request is queued.
    Report.objects.filter(pk=Report.objects.first().pk).update(status=ReportStatus.DONE)
    response = client.post(_url("report-create", world.engagement), {"sections": ["summary"]})
    assert response.status_code == 302
    assert Report.objects.count() == 3
