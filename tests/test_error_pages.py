"""The 403, 404 and 500 pages: inside the site's layout, in the visitor's language; the 500
page needs neither the request nor the database."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from scorecard.models import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

SPANISH = {"accept-language": "es-MX"}


def test_error_page_403_wrong_role_in_the_layout_in_spanish(client):
    analyst = MembershipFactory(role=Role.ANALYST)
    client.force_login(analyst.user)

    response = client.get(
        reverse("scorecard:engagement-members", args=[analyst.engagement.pk]), headers=SPANISH
    )

    assert response.status_code == 403
    assert '<h1 class="h3">Acceso denegado</h1>' in response.text
    assert 'class="navbar' in response.text  # the site's header, not a bare "403 Forbidden"


def test_error_page_403_in_english(client):
    analyst = MembershipFactory(role=Role.ANALYST)
    client.force_login(analyst.user)

    response = client.get(reverse("scorecard:engagement-members", args=[analyst.engagement.pk]))

    assert "Access refused" in response.text


def test_error_page_404_outsider_in_the_layout_in_spanish(client):
    member = MembershipFactory()
    outsider = MembershipFactory()
    client.force_login(outsider.user)

    response = client.get(
        reverse("scorecard:engagement-detail", args=[member.engagement.pk]), headers=SPANISH
    )

    assert response.status_code == 404
    assert "Página no encontrada" in response.text
    assert 'class="navbar' in response.text


def test_error_page_404_for_anonymous_visitors_has_the_language_switch(client):
    response = client.get("/accounts/no-such-page/", headers=SPANISH)

    assert response.status_code == 404
    assert "Página no encontrada" in response.text
    assert 'name="language" value="en"' in response.text


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Something went wrong on our side"), ("es-mx", "Ocurrió un error de nuestra parte")],
)
def test_error_page_500_renders_without_request_or_database(
    language, heading, django_assert_num_queries
):
    request = RequestFactory().get("/")

    with translation.override(language), django_assert_num_queries(0):
        response = server_error(request)

    assert response.status_code == 500
    assert heading in response.content.decode()
    assert 'class="navbar' in response.content.decode()
