"""Engagement writes called directly, with plain typed data (no form)."""

import datetime as dt

import pytest

from scorecard.models import CriterionWeight, IndicatorWeight, Role
from scorecard.services.engagements import create_engagement
from tests.factories import (
    CityFactory,
    CriterionFactory,
    IndicatorFactory,
    LanguageFactory,
    ServiceFunctionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_create_engagement_makes_creator_consultant_and_copies_default_weights():
    criterion = CriterionFactory(code="talent", default_weight=100)
    indicator = IndicatorFactory(criterion=criterion, code="attrition-plan", default_weight=100)
    user = UserFactory()
    voice = ServiceFunctionFactory(code="voice")
    english = LanguageFactory(code="en")
    city = CityFactory()

    engagement = create_engagement(
        created_by=user,
        client_name="Aurora Health",
        name="Care 2027",
        functions=[voice],
        languages=[english],
        seats=250,
        go_live=dt.date(2027, 6, 1),
        complexity_tier="medium",
        preferred_cities=[city],
    )

    assert engagement.reference == "AURORA-HEALTH-CARE-2027"
    assert engagement.created_by == user
    assert engagement.role_of(user) == Role.CONSULTANT
    assert (engagement.seats, engagement.complexity_tier) == (250, "medium")
    assert list(engagement.functions.all()) == [voice]
    assert list(engagement.languages.all()) == [english]
    assert list(engagement.channels.all()) == []
    assert list(engagement.preferred_cities.all()) == [city]
    assert not engagement.client_logo
    assert CriterionWeight.objects.get(engagement=engagement).criterion == criterion
    assert IndicatorWeight.objects.get(engagement=engagement).indicator == indicator
