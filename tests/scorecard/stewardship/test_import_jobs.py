"""Confirming an import queues the background job; its progress page and JSON status."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cities.models import Source
from scorecard.models import ImportOutcome, ImportRecord
from scorecard.stewardship.tasks import apply_import
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:scorecard_importrecord_import"
CSV = b"code,title\r\nMW99,Minimum wages 2099\r\nMW98,Minimum wages 2098\r\n"


@pytest.fixture(autouse=True)
def _pending_dir(settings, tmp_path):
    settings.IMPORT_PENDING_DIR = tmp_path / "pending"


def _confirm(client, data: bytes = CSV):
    preview = client.post(reverse(IMPORT_URL), {"file": SimpleUploadedFile("sources.csv", data)})
    return client.post(reverse(IMPORT_URL), {"token": preview.context["token"]})


def _queued(data: bytes = CSV, user=None) -> ImportRecord:
    record = ImportRecord(
        user=user, file_name="sources.csv", file_size=len(data), outcome=ImportOutcome.QUEUED
    )
    record.upload.save("queued.csv", ContentFile(data), save=False)
    record.save()
    return record


def _progress_url(record: ImportRecord) -> str:
    return reverse("admin:scorecard_importrecord_progress", args=[record.pk])


def _status_url(record: ImportRecord) -> str:
    return reverse("admin:scorecard_importrecord_status", args=[record.pk])


def test_confirm_queues_the_job_and_shows_its_page(admin_client, admin_user):
    response = _confirm(admin_client)

    record = ImportRecord.objects.get(outcome=ImportOutcome.APPLIED)
    assert response["Location"] == _progress_url(record)
    assert (record.user, record.created, record.progress, record.chunks) == (admin_user, 2, 100, 1)
    assert not record.upload  # the file is deleted once applied
    page = admin_client.get(_progress_url(record)).content.decode()
    assert "2 new, 0 changed, 0 unchanged." in page
    assert Source.objects.count() == 2


def test_status_reports_progress_and_outcome_as_json(admin_client):
    record = _queued()
    record.set_progress(40, "Writing sources: chunk 2 of 5")

    queued = admin_client.get(_status_url(record)).json()
    apply_import.enqueue(record.pk, None, "")
    finished = admin_client.get(_status_url(record)).json()

    assert (queued["finished"], queued["progress"], queued["step"]) == (
        False,
        40,
        "Writing sources: chunk 2 of 5",
    )
    assert (finished["finished"], finished["outcome"]) == (True, ImportOutcome.INVALID)
    assert "changed since the preview" in finished["message"]
    assert not Source.objects.exists()


def test_job_applies_queued_file_with_its_confirmed_changes(admin_user):
    from scorecard.stewardship.importer import import_file

    preview = import_file(name="sources.csv", data=CSV, via="test")
    record = _queued(user=admin_user)

    apply_import.enqueue(record.pk, None, preview.changes_digest)

    record.refresh_from_db()
    assert (record.outcome, record.progress, record.step) == (
        ImportOutcome.APPLIED,
        100,
        "Applied",
    )
    assert Source.objects.get(code="MW99").history.get().history_user == admin_user


def test_progress_page_of_running_import_polls_its_status(admin_client):
    record = _queued()
    record.set_progress(25, "Writing sources: chunk 1 of 4")

    page = admin_client.get(_progress_url(record)).content.decode()

    assert f'data-status-url="{_status_url(record)}"' in page
    assert 'value="25"' in page
    assert "js/import_progress.js" in page


def test_confirm_while_another_import_runs_queues_nothing(admin_client):
    running = _queued()

    response = _confirm(admin_client)

    assert response["Location"] == _progress_url(running)
    assert ImportRecord.objects.filter(outcome=ImportOutcome.QUEUED).count() == 1
    assert not Source.objects.exists()


def test_import_page_links_to_the_import_being_applied(admin_client):
    running = _queued()

    page = admin_client.get(reverse(IMPORT_URL)).content.decode()

    assert _progress_url(running) in page


@pytest.mark.parametrize("url", [_progress_url, _status_url])
def test_import_pages_anonymous_is_sent_to_login(client, url):
    response = client.get(url(_queued()))

    assert response.status_code == 302


@pytest.mark.parametrize("url", [_progress_url, _status_url])
def test_import_pages_non_staff_is_sent_to_admin_login(user_client, url):
    response = user_client.get(url(_queued()))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("url", [_progress_url, _status_url])
def test_import_pages_staff_without_permission_is_forbidden(client, url):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(url(_queued())).status_code == 403


@pytest.mark.parametrize("url", [_progress_url, _status_url])
def test_import_pages_staff_with_permission_may_follow(client, url):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="import_reference_data"))
    client.force_login(staff)

    assert client.get(url(_queued())).status_code == 200


def test_import_pages_unknown_import_is_404(admin_client):
    url = reverse("admin:scorecard_importrecord_status", args=[999999])

    assert admin_client.get(url).status_code == 404


def test_job_while_another_import_is_applied_writes_nothing():
    ImportRecord.objects.create(file_name="other.csv", outcome=ImportOutcome.RUNNING)
    record = _queued()

    apply_import.enqueue(record.pk, None, "")

    record.refresh_from_db()
    assert record.outcome == ImportOutcome.FAILED
    assert "Another import was being applied" in record.message
    assert not record.upload
    assert not Source.objects.exists()
