"""Reference-data pages: access, content and query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cities.models import FigureStatus, Metric
from providers.models import CredentialKind
from tests.factories import (
    CityFactory,
    CityFigureFactory,
    CredentialFactory,
    LanguageFactory,
    ProviderFactory,
    ServiceFunctionFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return CityFactory(name="Monterrey", slug="monterrey", timezone="America/Monterrey")


@pytest.fixture
def provider(city):
    provider = ProviderFactory(trade_name="Cenzontle CX", slug="cenzontle-cx")
    SiteFactory(provider=provider, city=city, name="Valle Oriente")
    return provider


def _page_urls(city, provider):
    return [
        reverse("home"),
        reverse("cities:city-list"),
        reverse("cities:city-detail", args=[city.slug]),
        reverse("providers:provider-list"),
        reverse("providers:provider-detail", args=[provider.slug]),
        reverse("password_change"),
    ]


def test_pages_anonymous_are_redirected_to_login(client, city, provider):
    for url in _page_urls(city, provider):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (
            302,
            f"{reverse('login')}?next={url}",
        ), url


def test_pages_logged_in_are_ok(user_client, city, provider):
    for url in _page_urls(city, provider):
        assert user_client.get(url).status_code == 200, url


@pytest.mark.parametrize("name", ["login", "password_reset"])
def test_auth_pages_anonymous_are_ok(client, name):
    assert client.get(reverse(name)).status_code == 200


def test_login_with_valid_password_goes_to_the_landing_redirect(client, user):
    response = client.post(
        reverse("login"), {"username": user.username, "password": "correct-horse-battery"}
    )
    assert (response.status_code, response["Location"]) == (302, reverse("after-login"))
    assert client.get(response["Location"])["Location"] == reverse("home")  # no engagements


def test_login_with_wrong_password_shows_error_and_stays(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_logout_requires_post_and_ends_session(user_client):
    response = user_client.post(reverse("logout"))
    assert response.status_code == 302
    assert user_client.get(reverse("home")).status_code == 302


def test_password_reset_sends_email_with_link(client, user, mailoutbox):
    client.post(reverse("password_reset"), {"email": user.email})
    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body


def test_city_detail_unknown_slug_is_404(user_client):
    assert user_client.get(reverse("cities:city-detail", args=["atlantis"])).status_code == 404


def test_city_detail_shows_figure_source_and_unknowns(user_client, city):
    CityFigureFactory(
        city=city, metric=Metric.ENGLISH_LEVEL, value=Decimal(5), source__code="EPI24"
    )
    CityFigureFactory(
        city=city,
        metric=Metric.ATTRITION,
        status=FigureStatus.UNKNOWN,
        value=None,
        source=None,
        as_of=None,
        note="Only vendor blogs found.",
    )
    page = user_client.get(reverse("cities:city-detail", args=[city.slug])).content.decode()
    assert "5 / 5" in page
    assert "Level read from the EF EPI 2024 wording: 5 a top-3 city" in page  # the one rule
    assert "EPI24" in page
    assert "Only vendor blogs found." in page
    assert "unknown" in page


def test_city_detail_flags_stale_figure(user_client, city, settings):
    settings.STALE_AFTER_DAYS = 30
    CityFigureFactory(city=city, metric=Metric.UNSAFE_PERCEPTION, value=Decimal("64.6"))
    page = user_client.get(reverse("cities:city-detail", args=[city.slug])).content.decode()
    assert ">stale<" in page


def test_city_pages_mark_a_figure_from_a_weak_source(user_client, city):
    CityFigureFactory(
        city=city,
        metric=Metric.METRO_POPULATION,
        source__is_weak=True,
        source__weak_reason="Wikipedia mirror, no address",
    )

    detail = user_client.get(reverse("cities:city-detail", args=[city.slug])).content.decode()
    listing = user_client.get(reverse("cities:city-list")).content.decode()

    assert "weak source, not scored" in detail
    assert "Wikipedia mirror, no address" in detail
    assert "weak source, not scored" in listing


def test_provider_list_filters_by_city_function_language_and_certification(user_client, city):
    english = LanguageFactory(code="en", name="English")
    care = ServiceFunctionFactory(code="customer-care", name="Customer care")
    match = ProviderFactory(trade_name="Match")
    match.languages.add(english)
    match.functions.add(care)
    SiteFactory(provider=match, city=city)
    CredentialFactory(provider=match, kind=CredentialKind.ISO_27001)
    other_city = ProviderFactory(trade_name="Elsewhere")
    other_city.languages.add(english)
    other_city.functions.add(care)
    SiteFactory(provider=other_city)
    CredentialFactory(provider=other_city, kind=CredentialKind.ISO_27001)
    url = reverse("providers:provider-list")
    query = {
        "city": city.slug,
        "function": "customer-care",
        "language": "en",
        "certification": CredentialKind.ISO_27001,
    }
    response = user_client.get(url, query)
    assert [p.trade_name for p in response.context["providers"]] == ["Match"]


def test_provider_list_ignores_expired_certification(user_client):
    import datetime as dt

    provider = ProviderFactory()
    CredentialFactory(
        provider=provider,
        kind=CredentialKind.PCI_DSS,
        issued_on=dt.date(2019, 1, 1),
        expires_on=dt.date(2022, 1, 1),
    )
    response = user_client.get(
        reverse("providers:provider-list"), {"certification": CredentialKind.PCI_DSS}
    )
    assert list(response.context["providers"]) == []


def test_provider_list_invalid_filter_shows_field_error(user_client):
    response = user_client.get(reverse("providers:provider-list"), {"city": "atlantis"})
    assert response.status_code == 200
    assert "city" in response.context["form"].errors


def test_provider_detail_warns_on_rfc_checksum(user_client, provider):
    provider.rfc = provider.rfc[:-1] + ("1" if provider.rfc[-1] != "1" else "2")
    provider.save()
    page = user_client.get(provider.get_absolute_url()).content.decode()
    assert "check digit mismatch" in page


def _make_cities(n: int) -> None:
    for _ in range(n):
        city = CityFactory()
        for metric in (Metric.METRO_POPULATION, Metric.ENGLISH_LEVEL):
            CityFigureFactory(city=city, metric=metric, value=Decimal(3))


def _make_providers(n: int) -> None:
    english = LanguageFactory()
    care = ServiceFunctionFactory()
    for _ in range(n):
        provider = ProviderFactory()
        provider.languages.add(english)
        provider.functions.add(care)
        SiteFactory(provider=provider)
        SiteFactory(provider=provider)
        CredentialFactory(provider=provider)


def test_city_list_query_count_is_constant(user_client, count_queries):
    url = reverse("cities:city-list")
    _make_cities(1)
    _, one = count_queries(user_client, url)
    _make_cities(29)
    response, thirty = count_queries(user_client, url)
    assert len(response.context["rows"]) == 30
    # session, user, the user's two-factor devices (none: one UNION query), cities, figures
    # (+ sources joined)
    assert one == thirty == 5


def test_provider_list_query_count_is_constant(user_client, count_queries):
    url = reverse("providers:provider-list")
    _make_providers(1)
    _, one = count_queries(user_client, url)
    _make_providers(29)
    response, thirty = count_queries(user_client, url)
    assert len(response.context["providers"]) == 30
    # session, user, providers, languages, functions, sites (+ cities), credentials,
    # and the filter form's choice lists (cities, functions, languages)
    assert one == thirty


@pytest.mark.django_db
def test_login_lands_in_the_only_engagement_or_on_home(client):
    from scorecard.models import Role
    from tests.factories import EngagementFactory, MembershipFactory, UserFactory

    user = UserFactory(username="lander")
    data = {"username": "lander", "password": "correct-horse-battery"}
    response = client.post(reverse("login"), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    engagement = EngagementFactory()
    MembershipFactory(engagement=engagement, user=user, role=Role.ANALYST)
    client.logout()
    response = client.post(reverse("login"), data, follow=True)
    assert response.redirect_chain[-1][0] == engagement.get_absolute_url()
    MembershipFactory(engagement=EngagementFactory(), user=user, role=Role.ANALYST)
    client.logout()
    response = client.post(reverse("login"), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")


def test_provider_pages_mark_fictional_providers_and_certifiers(user_client, city):
    invented = ProviderFactory(trade_name="Invented CX", is_demo=True)
    real = ProviderFactory(trade_name="Real CX")
    CredentialFactory(provider=invented, issuer="Sello Inventado S.C.", issuer_is_fictional=True)
    CredentialFactory(provider=real, issuer="Real Registrar")

    listing = user_client.get(reverse("providers:provider-list")).content.decode()
    invented_page = user_client.get(
        reverse("providers:provider-detail", args=[invented.slug])
    ).content.decode()
    real_page = user_client.get(
        reverse("providers:provider-detail", args=[real.slug])
    ).content.decode()

    # The trade name and the legal name on the listing; the heading, the legal name and the
    # certifier on the page (the breadcrumb and title name it too).
    assert listing.count("Invented CX (fictional)") == 1
    assert listing.count("(fictional)") == 2
    assert "Sello Inventado S.C. (fictional)" in invented_page
    assert '<h1 class="h2">Invented CX (fictional)</h1>' in invented_page
    assert "(fictional)" not in real_page
