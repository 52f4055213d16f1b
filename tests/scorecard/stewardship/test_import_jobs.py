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
from tests.scorecard.stewardship.conftest import (
    half_written_import,
    reference_snapshot,
    write_chunk,
)

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


def _roll_back_url(record: ImportRecord) -> str:
    return reverse("admin:scorecard_importrecord_roll_back", args=[record.pk])


def _idle_for(record: ImportRecord, minutes: int) -> None:
    import datetime as dt

    from django.utils import timezone

    since = timezone.now() - dt.timedelta(minutes=minutes)
    ImportRecord.objects.filter(pk=record.pk).update(progress_at=since)


def test_import_is_stalled_only_after_the_setting_without_progress(settings):
    import datetime as dt

    settings.IMPORT_STALLED_AFTER_MINUTES = 30
    record = _queued()
    record.set_progress(10, "Writing sources: chunk 1 of 10")
    moved = record.progress_at

    assert not record.is_stalled(moved + dt.timedelta(minutes=30))
    assert record.is_stalled(moved + dt.timedelta(minutes=30, seconds=1))
    record.outcome = ImportOutcome.APPLIED
    assert not record.is_stalled(moved + dt.timedelta(days=1))


def test_stalled_import_is_stopped_and_rolled_back_from_its_page(admin_client, admin_user):
    Source.objects.create(code="S0", title="Before")
    before = reference_snapshot()
    record = half_written_import(admin_user)
    _idle_for(record, 31)

    page = admin_client.get(_progress_url(record)).content.decode()
    assert admin_client.get(_status_url(record)).json()["stalled"] is True
    response = admin_client.post(_roll_back_url(record), follow=True)

    assert "Stop and roll back this import" in page
    assert "js/import_progress.js" not in page  # nothing left to poll
    record.refresh_from_db()
    assert reference_snapshot() == before
    assert (record.outcome, record.step, record.undo_log.exists()) == (
        ImportOutcome.FAILED,
        "Rolled back",
        False,
    )
    assert f"Stopped and rolled back by {admin_user.username}" in record.message
    assert "1 chunk it had written was rolled back" in response.content.decode()


def test_import_still_moving_is_not_stopped(admin_client, admin_user):
    record = half_written_import(admin_user)
    _idle_for(record, 5)

    page = admin_client.get(_progress_url(record)).content.decode()
    response = admin_client.post(_roll_back_url(record), follow=True)

    assert "Stop and roll back this import" not in page
    assert "it can be stopped only after 30 minutes" in response.content.decode()
    record.refresh_from_db()
    assert record.outcome == ImportOutcome.RUNNING
    assert Source.objects.get(code="S1").title == "New"


def test_stopped_import_writes_no_further_chunk(admin_user):
    from scorecard.stewardship.writer import ImportStopped, stop_and_roll_back

    record = half_written_import(admin_user)
    stop_and_roll_back(record, note="test")

    with pytest.raises(ImportStopped):  # its worker, still alive, goes on to its next chunk
        write_chunk(record, admin_user, b"code,title\r\nS9,Late\r\n")
    assert not Source.objects.exists()
    assert not record.undo_log.exists()


def test_queued_import_stopped_before_its_worker_started_is_never_applied(admin_client):
    record = _queued()
    _idle_for(record, 31)

    admin_client.post(_roll_back_url(record))
    apply_import.enqueue(record.pk, None, "")

    record.refresh_from_db()
    assert (record.outcome, record.step) == (ImportOutcome.FAILED, "Rolled back")
    assert not Source.objects.exists()


def test_roll_back_needs_the_import_permission(client, admin_user):
    record = half_written_import(admin_user)
    _idle_for(record, 31)
    staff = UserFactory(is_staff=True)
    client.force_login(staff)

    response = client.post(_roll_back_url(record))

    assert response.status_code == 403
    record.refresh_from_db()
    assert record.outcome == ImportOutcome.RUNNING


def test_stopping_a_stalled_queued_import_says_nothing_was_written(admin_client):
    record = _queued()
    _idle_for(record, 31)

    page = admin_client.post(_roll_back_url(record), follow=True).content.decode()

    assert "it had written nothing that needed rolling back" in page
