"""Import and export from the admin: who may, and upload → preview → confirm."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cities.models import Source
from scorecard.models import ImportOutcome, ImportRecord
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:scorecard_importrecord_import"
EXPORT_URL = "admin:scorecard_importrecord_export"
CSV = b"code,title\r\nMW99,Minimum wages 2099\r\n"


@pytest.fixture(autouse=True)
def _pending_dir(settings, tmp_path):
    settings.IMPORT_PENDING_DIR = tmp_path / "pending"


def _upload(client, data: bytes = CSV, name: str = "sources.csv"):
    return client.post(reverse(IMPORT_URL), {"file": SimpleUploadedFile(name, data)})


def test_import_anonymous_is_sent_to_login(client):
    response = client.get(reverse(IMPORT_URL))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_import_non_staff_user_is_sent_to_admin_login(user_client):
    response = _upload(user_client)

    assert response.status_code == 302
    assert not Source.objects.exists()


def test_import_staff_without_permission_is_forbidden(client):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)

    assert client.get(reverse(IMPORT_URL)).status_code == 403
    assert _upload(client).status_code == 403
    assert not ImportRecord.objects.exists()


def test_import_staff_with_permission_may_preview(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="import_reference_data"))
    client.force_login(staff)

    response = _upload(client)

    assert response.status_code == 200
    assert response.context["result"].total("new") == 1


def test_import_preview_writes_nothing_and_confirm_applies(admin_client, admin_user):
    preview = _upload(admin_client)
    token = preview.context["token"]
    assert "MW99" in preview.content.decode()
    assert not Source.objects.exists()

    response = admin_client.post(reverse(IMPORT_URL), {"token": token})

    assert response.status_code == 302
    assert Source.objects.get().title == "Minimum wages 2099"
    record = ImportRecord.objects.latest("id")
    assert (record.user, record.outcome, record.created) == (admin_user, ImportOutcome.APPLIED, 1)
    history = Source.objects.get().history.get()
    assert history.history_user == admin_user


def test_import_confirm_token_works_once(admin_client):
    token = _upload(admin_client).context["token"]
    admin_client.post(reverse(IMPORT_URL), {"token": token})

    assert admin_client.post(reverse(IMPORT_URL), {"token": token}).status_code == 404


def test_import_invalid_file_shows_row_column_reason_and_no_confirm(admin_client):
    response = _upload(admin_client, b"code,title\r\nMW99,\r\n")

    page = response.content.decode()
    assert "token" not in response.context
    assert "This field cannot be blank." in page
    assert response.context["result"].errors[0].row == 2


def test_import_hostile_file_is_refused_in_the_page(admin_client):
    response = _upload(admin_client, b"code,title\r\n", name="sources.xlsx")

    assert "The file was refused" in response.content.decode()


def test_export_page_and_downloads_for_staff(admin_client):
    Source.objects.create(code="S1", title="=1+1")

    page = admin_client.get(reverse(EXPORT_URL))
    csv_file = admin_client.get(reverse(EXPORT_URL), {"table": "sources", "format": "csv"})
    workbook = admin_client.get(reverse(EXPORT_URL), {"format": "xlsx"})

    assert page.status_code == 200
    assert "'=1+1" in csv_file.content.decode("utf-8-sig")
    assert workbook.content[:2] == b"PK"


def test_reference_changelist_shows_export_and_import_buttons(admin_client):
    page = admin_client.get(reverse("admin:cities_city_changelist")).content.decode()

    assert "?table=cities&amp;format=csv" in page
    assert reverse(IMPORT_URL) + "?table=cities" in page


def test_import_confirm_after_data_changed_writes_nothing(admin_client):
    Source.objects.create(code="MW99", title="Old title")
    token = _upload(admin_client).context["token"]
    Source.objects.filter(code="MW99").update(title="Edited meanwhile", publisher="INEGI")
    Source.objects.create(code="NEW", title="Someone else's row")

    response = admin_client.post(reverse(IMPORT_URL), {"token": token}, follow=True)

    assert "changed since the preview" in response.content.decode()
    assert response.context["record"].outcome == ImportOutcome.INVALID
    assert Source.objects.get(code="MW99").title == "Edited meanwhile"


def test_import_log_links_to_import_export_and_data_health(admin_client):
    page = admin_client.get(reverse("admin:scorecard_importrecord_changelist")).content.decode()

    assert reverse(IMPORT_URL) in page
    assert reverse(EXPORT_URL) in page
    assert reverse("stewardship:data-health") in page


def test_import_preview_page_shows_field_diff(admin_client):
    Source.objects.create(code="MW99", title="Old title")

    page = _upload(admin_client).content.decode()

    assert "<del>Old title</del>" in page
    assert "<ins>Minimum wages 2099</ins>" in page


def test_import_preview_of_unchanged_file_offers_no_confirm(admin_client):
    Source.objects.create(code="MW99", title="Minimum wages 2099")

    response = _upload(admin_client)

    assert "token" not in response.context
    assert "Nothing to change" in response.content.decode()
