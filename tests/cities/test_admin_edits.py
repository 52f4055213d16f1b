"""Reference-data admin (issue 18): past dates and web addresses only, a duplicate figure links
to the existing one, every change says why, and the history says what each record did."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cities.models import CityFigure, Metric, Source
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def _figure_form(city, **overrides):
    data = {
        "city": city.pk,
        "metric": Metric.values[0],
        "status": "known",
        "value": "12",
        "text": "",
        "note": "",
        "source": "",
        "as_of": "2025-01-01",
        "period": "",
        "change_reason": "",
    }
    return data | overrides


def test_a_future_as_of_date_is_refused(admin_client):
    city = CityFactory()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = admin_client.post(
        reverse("admin:cities_cityfigure_add"), _figure_form(city, as_of=tomorrow.isoformat())
    )
    assert "no later than today" in response.content.decode()
    assert not CityFigure.objects.exists()


@pytest.mark.parametrize("address", ["not a url", "ftp://example.org/x", "https://ok.example; x"])
def test_a_source_address_must_be_web_addresses(admin_client, address):
    response = admin_client.post(
        reverse("admin:cities_source_add"), {"code": "X1", "title": "T", "url": address}
    )
    assert "starting with https://" in response.content.decode()
    assert not Source.objects.exists()


def test_two_web_addresses_are_accepted(admin_client):
    admin_client.post(
        reverse("admin:cities_source_add"),
        {"code": "X1", "title": "T", "url": "https://a.example/x; https://b.example/y"},
    )
    assert Source.objects.get().history.get().history_change_reason == "Added in the admin"


def test_a_duplicate_figure_links_to_the_existing_one(admin_client):
    city = CityFactory(name="Mérida")
    existing = CityFigure.objects.create(
        city=city, metric=Metric.values[0], status="known", value=3, as_of=dt.date(2025, 1, 1)
    )
    response = admin_client.post(reverse("admin:cities_cityfigure_add"), _figure_form(city))
    page = response.content.decode()
    link = reverse("admin:cities_cityfigure_change", args=[existing.pk])
    assert f'<a href="{link}">open that figure</a>' in page
    assert "already exists" not in page  # the generic unique message is not repeated
    assert CityFigure.objects.count() == 1


def test_changing_a_record_needs_a_reason_which_the_history_shows(admin_client):
    source = Source.objects.create(code="MW26", title="Minimum wages 2026")
    url = reverse("admin:cities_source_change", args=[source.pk])
    data = {"code": "MW26", "title": "Minimum wages 2026 (DOF)", "publisher": "", "url": ""}
    refused = admin_client.post(url, data)
    assert "This field is required" in refused.content.decode()
    admin_client.post(url, data | {"change_reason": "Title as published in the DOF"})
    history = admin_client.get(reverse("admin:cities_source_history", args=[source.pk]))
    page = history.content.decode()
    assert "Title as published in the DOF" in page
    assert "Minimum wages 2026 (DOF)" in page  # the Changes column: old → new
    assert "Created with the values shown on the record." in page
    assert ">None<" not in page.replace(" ", "").replace("\n", "")


def test_admin_is_branded(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "Nearshore Scorecard · reference data" in page
    assert "css/admin.css" in page


def test_a_future_date_is_refused_through_the_import_preview_too():
    from scorecard.stewardship.importer import import_file

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    data = (
        "legal_name,trade_name,profile_as_of\r\n"
        f"Proveedor Uno S.A. de C.V.,Provider One,{tomorrow.isoformat()}"
    ).encode()
    preview = import_file(name="providers.csv", data=data, via="test")
    assert [(e.row, e.column) for e in preview.errors] == [(2, "profile_as_of")]
    assert "no later than today" in preview.errors[0].message


def test_marking_a_source_weak_asks_its_reason_and_the_history_keeps_it(admin_client):
    source = Source.objects.create(code="POPHM", title="Municipalities of Sonora (mirror)")
    url = reverse("admin:cities_source_change", args=[source.pk])
    data = {"code": "POPHM", "title": source.title, "change_reason": "Mirror without address"}

    refused = admin_client.post(url, data | {"is_weak": "on", "weak_reason": ""})
    admin_client.post(url, data | {"is_weak": "on", "weak_reason": "Wikipedia mirror, no URL"})

    assert "Say why the source is weak." in refused.content.decode()
    source.refresh_from_db()
    assert (source.is_weak, source.weak_reason) == (True, "Wikipedia mirror, no URL")
    assert source.history.first().history_change_reason == "Mirror without address"
