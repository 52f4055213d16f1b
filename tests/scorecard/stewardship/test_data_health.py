"""The data-health page: who sees it, what it lists, and a constant number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cities.models import FigureStatus, Metric
from providers.models import CredentialKind
from scorecard.models import IndicatorKind
from tests.factories import (
    CityFactory,
    CityFigureFactory,
    CredentialFactory,
    IndicatorFactory,
    ProviderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("stewardship:data-health")


def _make(n: int) -> None:
    """n of each problem: stale figure, expiring credential, unproven provider, missing figure."""
    today = timezone.localdate()
    for i in range(n):
        city = CityFactory()
        CityFigureFactory(
            city=city,
            metric=Metric.UNSAFE_PERCEPTION,
            value=Decimal(50),
            as_of=today - dt.timedelta(days=2000 + i),
        )
        CredentialFactory(
            provider=ProviderFactory(),
            kind=CredentialKind.ISO_27001,
            issued_on=today - dt.timedelta(days=1000),
            expires_on=today + dt.timedelta(days=10),
        )


@pytest.fixture
def measured_english():
    return IndicatorFactory(
        kind=IndicatorKind.MEASURED,
        measured_source="city.english_level",
        value_function={"kind": "piecewise", "points": [[1, 0], [5, 5]]},
    )


def test_data_health_anonymous_is_sent_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_data_health_non_staff_is_forbidden(user_client):
    assert user_client.get(URL).status_code == 403


def test_data_health_staff_sees_page(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(URL).status_code == 200


def test_data_health_lists_each_problem(admin_client, measured_english):
    _make(1)
    fresh = CityFactory(name="Fresh")
    CityFigureFactory(
        city=fresh, metric=Metric.ENGLISH_LEVEL, value=Decimal(3), as_of=timezone.localdate()
    )
    CityFigureFactory(
        city=CityFactory(name="Unknown English"),
        metric=Metric.ENGLISH_LEVEL,
        status=FigureStatus.UNKNOWN,
        value=None,
        source=None,
        as_of=None,
        note="No survey.",
    )

    health = admin_client.get(URL).context["health"]

    assert [f.metric for f in health.stale_figures] == [Metric.UNSAFE_PERCEPTION]
    assert [c.kind for c in health.credentials] == [CredentialKind.ISO_27001]
    assert len(health.providers_without_evidence) == 1
    missing = {item.city.name for item in health.missing_figures}
    assert "Fresh" not in missing
    assert "Unknown English" in missing


def test_data_health_renewed_credential_is_not_listed(admin_client):
    today = timezone.localdate()
    provider = ProviderFactory()
    CredentialFactory(
        provider=provider,
        number="OLD",
        issued_on=today - dt.timedelta(days=800),
        expires_on=today - dt.timedelta(days=5),
        evidence_url="https://registry.example/old",
    )
    CredentialFactory(
        provider=provider,
        number="NEW",
        issued_on=today - dt.timedelta(days=5),
        expires_on=today + dt.timedelta(days=1000),
        evidence_url="https://registry.example/new",
    )

    health = admin_client.get(URL).context["health"]

    assert health.credentials == []
    assert health.providers_without_evidence == []


def test_data_health_query_count_is_constant(admin_client, count_queries, measured_english):
    _make(1)
    _response, one = count_queries(admin_client, URL)
    _make(3)
    _response, four = count_queries(admin_client, URL)

    # session, user, the user's two-factor devices (none: one UNION query), then: stale
    # figures, credentials, providers, measured indicators, cities, their needed figures.
    assert one == four == 9
