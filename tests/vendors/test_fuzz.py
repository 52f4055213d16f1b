"""Never a 500 from what a vendor or consultant can post to the portal's forms."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

GARBAGE = ["", "-1", "99999999999999999999", "9999-12-31", "0001-01-01", "x" * 6000, "\x00", "<>"]


@pytest.mark.parametrize("value", GARBAGE)
def test_questionnaire_post_never_500(db, vendor, value):
    form = vendor.client.get("/vendors/questionnaire/").context["form"]
    data = dict.fromkeys(form.fields, value)

    response = vendor.client.post("/vendors/questionnaire/", data)

    assert response.status_code in (200, 302)


@pytest.mark.parametrize("value", GARBAGE)
def test_consultant_posts_never_500(db, vendor, value):
    pk = vendor.candidate.engagement_id
    listing = reverse("vendors:invitation-list", args=[pk])
    fields = ["candidate", "contact_name", "email", "language", "deadline", "blind"]
    assert vendor.consultant.post(listing, dict.fromkeys(fields, value)).status_code in (200, 302)
    for action in ("extend", "reopen", "remind", "accept-profile"):
        url = reverse("vendors:invitation-action", args=[pk, vendor.invitation.pk, action])
        assert vendor.consultant.post(url, {"deadline": value}).status_code == 302


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04garbage", b"\xff" * 100, b"a,b\n1,2\n"])
def test_workbook_upload_never_500(db, vendor, content):
    response = vendor.client.post(
        "/vendors/questionnaire/workbook/",
        {"workbook": SimpleUploadedFile("q.xlsx", content)},
    )
    assert response.status_code in (200, 302)


def test_deadline_beyond_a_year_refused(db, vendor):
    url = reverse(
        "vendors:invitation-action",
        args=[vendor.candidate.engagement_id, vendor.invitation.pk, "extend"],
    )
    response = vendor.consultant.post(url, {"deadline": "2999-01-01"}, follow=True)
    assert "at most 366 days ahead" in response.content.decode()
