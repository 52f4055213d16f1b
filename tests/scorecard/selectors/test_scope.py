"""Indicators and criteria in scope of an engagement (:mod:`scorecard.selectors.scope`)."""

from __future__ import annotations

import pytest

from scorecard.models import CriterionWeight
from scorecard.selectors.scope import criteria_in_scope, indicators_in_scope

pytestmark = pytest.mark.django_db


def test_indicators_in_scope_zero_weight_excluded_unweighted_kept(sheet):
    engagement = sheet.candidate.engagement

    codes = set(indicators_in_scope(engagement).values_list("code", flat=True))

    # "perks" is weighted 0; the others have no weight row and keep the catalogue default.
    assert codes == {"attrition-plan", "training", "attrition", "wfm"}


def test_criteria_in_scope_zero_criterion_weight_drops_its_indicators(sheet):
    engagement = sheet.candidate.engagement
    CriterionWeight.objects.create(engagement=engagement, criterion=sheet.later, weight=0)

    criteria = list(criteria_in_scope(engagement))

    assert criteria == [sheet.criterion]
    assert "wfm" not in set(indicators_in_scope(engagement).values_list("code", flat=True))


def test_criteria_in_scope_catalogue_order(sheet):
    assert list(criteria_in_scope(sheet.candidate.engagement)) == [sheet.criterion, sheet.later]
