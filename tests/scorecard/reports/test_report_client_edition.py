"""The client edition of the report: no assessor's name or note, the only reports client viewers
list or download."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from scorecard.models import Report, ReportStatus
from scorecard.reports.build import build_report
from tests.scorecard.views.test_sealed_scoring import SECRET_NOTE, noted_tenant  # noqa: F401

pytestmark = pytest.mark.django_db

NAMES = ["Zedekiah", "Quillfeather", "Yolanda", "Quill", "zed-analyst", "yolanda-analyst"]


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_client_edition_has_no_assessor_name_or_note(noted_tenant):  # noqa: F811
    ids, _viewer = noted_tenant
    full = _text(build_report(ids["engagement"], isolated=False).pdf)
    assert "Quillfeather" in full  # the consultants' edition names the assessors
    text = _text(build_report(ids["engagement"], isolated=False, client_edition=True).pdf)
    assert SECRET_NOTE not in text
    for name in NAMES:
        assert name not in text
    assert "Assessor 1" in text


def test_client_viewer_gets_only_client_editions(client, noted_tenant):  # noqa: F811
    ids, viewer = noted_tenant
    engagement = ids["engagement"]
    full = Report.objects.create(engagement=engagement, status=ReportStatus.DONE, version=1)
    edition = Report.objects.create(
        engagement=engagement, status=ReportStatus.DONE, version=2, client_edition=True
    )
    client.force_login(viewer)

    def status(report):
        url = reverse(
            "scorecard:report-status", kwargs={"pk": engagement.pk, "report_id": report.pk}
        )
        return client.get(url).status_code

    assert status(full) == 404
    assert status(edition) == 200
