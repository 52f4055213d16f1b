"""Change history on reference data: who changed what and when, visible and restorable."""

import pytest
from django.urls import reverse

from cities.models import Source
from scorecard.stewardship.importer import import_file
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def test_history_import_records_previous_value_and_reason(admin_user):
    Source.objects.create(code="MW26", title="Minimum wages 2026")
    data = b"code,title\r\nMW26,Minimum wages 2026 (revised)\r\n"

    import_file(name="sources.csv", data=data, user=admin_user, apply=True, via="test")

    latest, previous = Source.objects.get().history.all()[:2]
    assert (previous.title, latest.title) == ("Minimum wages 2026", "Minimum wages 2026 (revised)")
    assert latest.history_user == admin_user
    assert latest.history_change_reason == "Imported from sources.csv"
    assert [c.field for c in latest.diff_against(previous).changes] == ["title"]


def test_history_unchanged_reimport_adds_no_history(admin_user):
    data = b"code,title\r\nMW26,Minimum wages 2026\r\n"
    import_file(name="sources.csv", data=data, apply=True, via="test")

    import_file(name="sources.csv", data=data, apply=True, via="test")

    assert Source.objects.get().history.count() == 1


def test_history_admin_page_lists_changes(admin_client):
    provider = ProviderFactory(trade_name="Old name")
    provider.trade_name = "New name"
    provider.save()

    response = admin_client.get(reverse("admin:providers_provider_history", args=[provider.pk]))

    assert response.status_code == 200
    assert (
        response.content.decode().count("Changed") + response.content.decode().count("Created") >= 2
    )


def test_history_admin_revert_restores_previous_value(admin_client):
    source = Source.objects.create(code="MW26", title="Minimum wages 2026")
    source.title = "Wrong title"
    source.save()
    first = source.history.earliest()
    url = reverse("admin:cities_source_simple_history", args=[source.pk, first.history_id])

    form = admin_client.get(url)
    response = admin_client.post(
        url,
        {
            "code": "MW26",
            "title": "Minimum wages 2026",
            "publisher": "",
            "url": "",
            "change_reason": "Restore the published title",
        },
    )

    assert form.status_code == 200
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "Minimum wages 2026"
    assert source.history.count() == 3
    assert source.history.latest().history_change_reason == "Restore the published title"
