"""Ids beyond what an integer column holds: no match, never a database error (a 500)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from providers.models import Language, Provider
from scorecard.models import Role
from tests.factories import LanguageFactory, ProviderFactory

pytestmark = pytest.mark.django_db

HUGE = 10**40


@pytest.mark.parametrize("beyond", [HUGE, -HUGE, 2**63])
def test_in_lookup_ignores_ids_no_row_can_have(beyond):
    provider = ProviderFactory()
    assert list(Provider.objects.filter(pk__in=[provider.pk, beyond])) == [provider]
    assert not Provider.objects.filter(pk__in=[beyond]).exists()
    assert list(Provider.objects.exclude(pk__in=[beyond])) == [provider]


def test_in_lookup_keeps_the_largest_id_a_column_holds():
    provider = ProviderFactory()
    largest = 2**63 - 1
    assert list(Provider.objects.filter(pk__in=[provider.pk, largest])) == [provider]


def test_engagement_form_with_a_language_id_beyond_the_range_is_a_field_error(client, world):
    """What form fuzzing found: the engagement form's language boxes posted with 10**40."""
    LanguageFactory()
    client.force_login(world.users[Role.CONSULTANT])
    response = client.post(
        reverse("scorecard:engagement-edit", args=[world.engagement.pk]),
        {
            "client_name": "Acme",
            "name": "Care",
            "seats": 10,
            "complexity_tier": "high",
            "languages": [str(Language.objects.get().pk), str(HUGE)],
        },
    )
    assert response.status_code == 200
    assert "languages" in response.context["form"].errors
