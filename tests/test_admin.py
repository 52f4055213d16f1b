"""The Django admin: every registered model's changelist, add and change pages, and errors."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse

from cities.models import Metric
from providers.models import Site
from tests.factories import (
    CityFactory,
    CityFigureFactory,
    CredentialFactory,
    IndicatorFactory,
    LanguageFactory,
    ProviderFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db

OUR_APPS = {"cities", "providers", "scorecard"}


@pytest.fixture
def objects():
    """One object of each model we register, so every change page has something to show."""
    site = SiteFactory()
    CityFigureFactory(city=site.city, metric=Metric.ENGLISH_LEVEL, value=Decimal(4))
    CredentialFactory(provider=site.provider)
    IndicatorFactory()
    LanguageFactory()
    from providers.models import Channel, ServiceFunction, Vertical
    from scorecard.models import GateDefinition

    Channel.objects.create(code="voice", name="Voice")
    ServiceFunction.objects.create(code="customer-care", name="Customer care")
    Vertical.objects.create(code="telecom", name="Telecommunications")
    GateDefinition.objects.create(
        code="repse-valid", name="Valid REPSE", description="…", fact="repse_valid"
    )
    from scorecard.models import ImportOutcome, ImportRecord

    ImportRecord.objects.create(file_name="cities.csv", outcome=ImportOutcome.PREVIEWED)
    from scorecard.models import KpiDefinition, StatutoryRate

    StatutoryRate.objects.create(
        code="infonavit_pct",
        from_year=2021,
        value=Decimal(5),
        unit="% of SBC",
        legal_basis="Ley INFONAVIT",
        source=site.city.figures.first().source,
        as_of=dt.date(2024, 1, 15),
    )
    KpiDefinition.objects.create(
        code="fcr", name="FCR", definition="…", unit="%", default_target="≥ 75 %"
    )


def _our_models():
    return [m for m in admin.site._registry if m._meta.app_label in OUR_APPS]


def test_admin_every_model_changelist_add_and_change_pages_load(admin_client, objects):
    for model in _our_models():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        assert admin_client.get(changelist).status_code == 200, changelist
        assert admin_client.get(changelist, {"q": "a"}).status_code == 200, changelist
        add = reverse("admin:{}_{}_add".format(*info))
        # The import log is read-only: records are written by imports, never by hand.
        expected = 403 if model._meta.model_name == "importrecord" else 200
        assert admin_client.get(add).status_code == expected, add
        obj = model.objects.first()
        change = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
        assert admin_client.get(change).status_code == 200, change


def test_admin_non_staff_user_is_sent_to_admin_login(user_client):
    response = user_client.get(reverse("admin:providers_provider_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_admin_site_with_available_above_total_shows_field_error(admin_client):
    provider = ProviderFactory()
    city = CityFactory()
    response = admin_client.post(
        reverse("admin:providers_site_add"),
        {
            "provider": provider.pk,
            "city": city.pk,
            "name": "Centro",
            "seats_total": 100,
            "seats_available": 150,
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["seats_available"] == ["Seats available cannot exceed the seats in total."]
    assert Site.objects.count() == 0


def test_admin_site_in_unknown_city_shows_field_error(admin_client):
    provider = ProviderFactory()
    response = admin_client.post(
        reverse("admin:providers_site_add"),
        {
            "provider": provider.pk,
            "city": 999999,
            "name": "Centro",
            "seats_total": 100,
            "seats_available": 50,
        },
    )
    assert "city" in response.context["adminform"].form.errors
    assert Site.objects.count() == 0


def test_admin_credential_expiry_before_issue_shows_field_error(admin_client):
    provider = ProviderFactory()
    response = admin_client.post(
        reverse("admin:providers_credential_add"),
        {
            "provider": provider.pk,
            "kind": "iso27001",
            "number": "X-1",
            "issuer": "Certifica",
            "issued_on": "2026-01-01",
            "expires_on": "2025-01-01",
        },
    )
    errors = response.context["adminform"].form.errors
    assert errors["expires_on"] == ["The expiry date is before the issue date."]


def test_admin_credential_filter_by_status(admin_client):
    CredentialFactory(number="OLD", issued_on=dt.date(2019, 1, 1), expires_on=dt.date(2022, 1, 1))
    CredentialFactory(number="NEW", expires_on=dt.date(2099, 1, 1))
    response = admin_client.get(
        reverse("admin:providers_credential_changelist"), {"status": "expired"}
    )
    assert [c.number for c in response.context["cl"].result_list] == ["OLD"]


def test_admin_provider_save_with_bad_checksum_warns(admin_client):
    provider = ProviderFactory()
    bad = provider.rfc[:-1] + ("1" if provider.rfc[-1] != "1" else "2")
    response = admin_client.post(
        reverse("admin:providers_provider_change", args=[provider.pk]),
        {
            "legal_name": provider.legal_name,
            "trade_name": provider.trade_name,
            "slug": provider.slug,
            "rfc": bad,
            "sat_69b_status": "unknown",
            "sites-TOTAL_FORMS": 0,
            "sites-INITIAL_FORMS": 0,
            "credentials-TOTAL_FORMS": 0,
            "credentials-INITIAL_FORMS": 0,
        },
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("check digit does not match" in m for m in messages)
    provider.refresh_from_db()
    assert provider.rfc == bad


def test_admin_city_figure_shows_provenance(admin_client):
    figure = CityFigureFactory(source__code="MW26", source__title="CONASAMI 2026 wages")
    page = admin_client.get(
        reverse("admin:cities_cityfigure_change", args=[figure.pk])
    ).content.decode()
    assert "CONASAMI 2026 wages" in page


def test_admin_translated_model_edits_each_language_in_tabs(admin_client):
    from scorecard.models import Criterion, GateDefinition

    gate = GateDefinition.objects.create(
        code="repse-valid", name_en="Valid REPSE", description_en="…", fact="repse_valid"
    )
    change = reverse("admin:scorecard_gatedefinition_change", args=[gate.pk])

    page = admin_client.get(change).content.decode()
    response = admin_client.post(
        change,
        {
            "code": "repse-valid",
            "name_en": "Valid REPSE registration",
            "name_es_mx": "Registro REPSE vigente",
            "description_en": "Fails without REPSE.",
            "description_es_mx": "No se cumple sin REPSE.",
            "legal_basis": "",
            "fact": "repse_valid",
            "order": 0,
            "change_reason": "Spanish name and description",
        },
    )

    assert 'name="name_en"' in page
    assert 'name="name_es_mx"' in page
    assert "js/admin_translation_tabs.js" in page
    assert response.status_code == 302
    gate.refresh_from_db()
    assert (gate.name_en, gate.name_es_mx) == ("Valid REPSE registration", "Registro REPSE vigente")
    assert list(Criterion.objects.all()) == []


def test_admin_rubric_inline_has_both_language_columns(admin_client):
    indicator = IndicatorFactory()

    page = admin_client.get(reverse("admin:scorecard_indicator_change", args=[indicator.pk]))

    html = page.content.decode()
    assert 'name="rubric_levels-0-label_en"' in html
    assert 'name="rubric_levels-0-label_es_mx"' in html
