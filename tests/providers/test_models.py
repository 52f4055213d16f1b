import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from providers.models import Credential, CredentialKind, CredentialStatus, Provider, Site
from providers.rfc import company_rfc_checksum_ok, make_company_rfc, validate_company_rfc
from tests.factories import CredentialFactory, ProviderFactory, SiteFactory

pytestmark = pytest.mark.django_db


def test_validate_company_rfc_well_formed_passes():
    validate_company_rfc(make_company_rfc("ABC", "150301", "K7"))


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("ABC15030", "12 characters"),
        ("ABCD150301K73", "12 characters"),
        ("AB1150301K73", "not a valid company RFC"),
        ("ABC151301K73", "not a valid company RFC"),  # month 13
    ],
)
def test_validate_company_rfc_bad_format_says_what_is_expected(value, fragment):
    with pytest.raises(ValidationError) as exc:
        validate_company_rfc(value)
    assert fragment in exc.value.messages[0]


def test_rfc_checksum_mismatch_is_a_warning_not_an_error():
    good = make_company_rfc("ABC", "150301", "K7")
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    provider = ProviderFactory.build(rfc=bad)
    provider.full_clean()
    assert (company_rfc_checksum_ok(good), provider.rfc_checksum_ok) == (True, False)


def test_provider_rfc_is_normalised_to_upper_case():
    provider = ProviderFactory(rfc=make_company_rfc("abc", "150301", "k7").lower())
    assert provider.rfc == provider.rfc.upper()


def test_provider_duplicate_legal_name_is_a_field_error():
    existing = ProviderFactory()
    duplicate = ProviderFactory.build(legal_name=existing.legal_name)
    with pytest.raises(ValidationError) as exc:
        duplicate.full_clean()
    assert "legal_name" in exc.value.message_dict


def test_provider_year_founded_in_future_is_rejected():
    provider = ProviderFactory.build(year_founded=2099)
    with pytest.raises(ValidationError) as exc:
        provider.full_clean()
    assert "year_founded" in exc.value.message_dict


def test_provider_69b_status_without_check_date_is_rejected():
    provider = ProviderFactory.build(sat_69b_status="not_listed", sat_69b_checked_on=None)
    with pytest.raises(ValidationError) as exc:
        provider.full_clean()
    assert "sat_69b_checked_on" in exc.value.message_dict


def test_site_available_seats_above_total_is_a_field_error():
    site = SiteFactory.build(
        provider=ProviderFactory(), city=SiteFactory().city, seats_total=100, seats_available=101
    )
    with pytest.raises(ValidationError) as exc:
        site.full_clean()
    assert exc.value.message_dict["seats_available"] == [
        "Seats available cannot exceed the seats in total."
    ]


def test_site_negative_seats_are_rejected():
    site = SiteFactory.build(provider=ProviderFactory(), city=SiteFactory().city, seats_total=-5)
    with pytest.raises(ValidationError) as exc:
        site.full_clean()
    assert "seats_total" in exc.value.message_dict


def test_site_database_refuses_available_above_total():
    site = SiteFactory()
    site.seats_available = site.seats_total + 1
    with pytest.raises(IntegrityError), transaction.atomic():
        site.save()


def test_site_natural_key_round_trips():
    site = SiteFactory()
    assert Site.objects.get_by_natural_key(*site.natural_key()) == site


def test_credential_expiry_before_issue_is_a_field_error():
    credential = CredentialFactory.build(
        provider=ProviderFactory(), issued_on=dt.date(2026, 1, 1), expires_on=dt.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        credential.full_clean()
    assert exc.value.message_dict["expires_on"] == ["The expiry date is before the issue date."]


def test_credential_repse_without_expiry_gets_three_years():
    credential = CredentialFactory.build(
        provider=ProviderFactory(),
        kind=CredentialKind.REPSE,
        issued_on=dt.date(2024, 2, 29),
        expires_on=None,
    )
    credential.full_clean()
    assert credential.expires_on == dt.date(2027, 2, 28)


@pytest.mark.parametrize(
    ("expires_on", "status"),
    [
        (None, CredentialStatus.NO_EXPIRY),
        (dt.date(2026, 11, 21), CredentialStatus.EXPIRED),
        (dt.date(2026, 11, 22), CredentialStatus.EXPIRING),
        (dt.date(2027, 2, 20), CredentialStatus.EXPIRING),
        (dt.date(2027, 2, 21), CredentialStatus.VALID),
    ],
)
def test_credential_status_on_date(expires_on, status):
    credential = CredentialFactory(expires_on=expires_on)
    today = dt.date(2026, 11, 22)
    assert credential.status(today) == status
    assert list(Credential.objects.with_status(status, today)) == [credential]


def test_provider_current_credentials_skip_expired():
    provider = ProviderFactory()
    current = CredentialFactory(provider=provider, expires_on=dt.date(2099, 1, 1))
    CredentialFactory(
        provider=provider, issued_on=dt.date(2017, 1, 1), expires_on=dt.date(2020, 1, 1)
    )
    assert provider.current_credentials() == [current]


def test_provider_cities_are_distinct_and_sorted():
    provider = ProviderFactory()
    first = SiteFactory(provider=provider, city__name="Zacatecas")
    SiteFactory(provider=provider, city=first.city)
    second = SiteFactory(provider=provider, city__name="Aguascalientes")
    assert provider.cities == [second.city, first.city]


def test_provider_natural_key_round_trips():
    provider = ProviderFactory()
    assert Provider.objects.get_by_natural_key(*provider.natural_key()) == provider


def test_credential_opinion_expiring_window_is_one_week():
    opinion = CredentialFactory(
        kind=CredentialKind.SAT_OPINION,
        outcome="positive",
        issued_on=dt.date(2026, 11, 1),
        expires_on=dt.date(2026, 12, 1),
    )
    assert (opinion.status(dt.date(2026, 11, 23)), opinion.status(dt.date(2026, 11, 24))) == (
        CredentialStatus.VALID,
        CredentialStatus.EXPIRING,
    )
    assert list(Credential.objects.with_status(CredentialStatus.VALID, dt.date(2026, 11, 23))) == [
        opinion
    ]


def test_credential_opinion_without_outcome_is_rejected():
    opinion = CredentialFactory.build(
        provider=ProviderFactory(), kind=CredentialKind.SAT_OPINION, outcome=""
    )
    with pytest.raises(ValidationError) as exc:
        opinion.full_clean()
    assert "outcome" in exc.value.message_dict


def test_credential_certificate_with_outcome_is_rejected():
    certificate = CredentialFactory.build(provider=ProviderFactory(), outcome="positive")
    with pytest.raises(ValidationError) as exc:
        certificate.full_clean()
    assert "outcome" in exc.value.message_dict
