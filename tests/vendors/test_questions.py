"""The vendor-facing questions: every rated indicator of the catalogue has one, and the
questionnaire shows them, never the guidance, the rubric or a score."""

from __future__ import annotations

from django.core.management import call_command

from scorecard.models import Indicator, RubricLevel, ScoreStatus
from tests.factories import AssessmentFactory, ScoreFactory
from vendors.models import VendorQuestion
from vendors.selectors import question_for


def test_every_rated_indicator_of_the_catalogue_has_a_vendor_question(db):
    call_command("loaddata", "taxonomy", "sources", "criteria", "vendor_questions", verbosity=0)
    call_command("loaddata", "vendor_questions", verbosity=0)  # reloading updates, never adds

    rated = set(Indicator.objects.rated().values_list("code", flat=True))
    worded = set(VendorQuestion.objects.values_list("indicator__code", flat=True))
    assert rated == worded
    assert VendorQuestion.objects.count() == len(rated)
    for wording in VendorQuestion.objects.select_related("indicator"):
        rubric = RubricLevel.objects.filter(indicator=wording.indicator)
        for level in rubric:
            assert level.description not in wording.question
        assert "score" not in (wording.question + wording.evidence_requested).lower()


def test_questionnaire_shows_vendor_wording_not_guidance_rubric_or_scores(db, vendor):
    first = vendor.indicators[0]
    VendorQuestion.objects.create(
        indicator=first, question="How do you test failover?", evidence_requested="DR report."
    )
    first.guidance = "INTERNAL-GUIDANCE: score 5 only if tested twice."
    first.save()
    RubricLevel.objects.filter(indicator=first, level=5).update(description="RUBRIC-LEVEL-FIVE")
    ScoreFactory(
        assessment=AssessmentFactory(candidate=vendor.candidate),
        indicator=first,
        status=ScoreStatus.SCORED,
        value=4,
        note="ANALYST-NOTE",
    )

    html = vendor.client.get("/vendors/questionnaire/").content.decode()

    assert "How do you test failover?" in html
    assert "DR report." in html
    for secret in ("INTERNAL-GUIDANCE", "RUBRIC-LEVEL-FIVE", "ANALYST-NOTE"):
        assert secret not in html
    assert (
        question_for(vendor.indicators[1])[0]
        == f"Describe your practice for: {vendor.indicators[1].name}."
    )
