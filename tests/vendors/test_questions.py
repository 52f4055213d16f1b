"""The vendor-facing questions: every rated indicator of the catalogue has one, and the
questionnaire shows them, never the guidance, the rubric or a score."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

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


def _spanish(vendor) -> None:
    vendor.invitation.language = "es-mx"
    vendor.invitation.save(update_fields=["language"])


def test_questionnaire_in_spanish_shows_the_spanish_wording(db, vendor):
    _spanish(vendor)
    VendorQuestion.objects.create(
        indicator=vendor.indicators[0],
        question_en="How do you test failover?",
        question_es_mx="¿Cómo prueba la conmutación por falla?",
        evidence_requested_en="DR report.",
        evidence_requested_es_mx="Reporte de DR.",
    )

    html = vendor.client.get("/vendors/questionnaire/").content.decode()

    assert "¿Cómo prueba la conmutación por falla?" in html
    assert "Reporte de DR." in html
    assert "How do you test failover?" not in html
    assert "DR report." not in html


def test_questionnaire_in_spanish_marks_the_english_fallback(db, vendor):
    _spanish(vendor)
    VendorQuestion.objects.create(
        indicator=vendor.indicators[0],
        question_en="How do you test failover?",
        evidence_requested_en="DR report.",
    )

    html = vendor.client.get("/vendors/questionnaire/").content.decode()

    assert '<span lang="en">How do you test failover?</span> <small class="untranslated"' in html
    assert '<span lang="en">DR report.</span>' in html


def test_questionnaire_in_english_reads_the_english_wording(db, vendor):
    VendorQuestion.objects.create(
        indicator=vendor.indicators[0],
        question_en="How do you test failover?",
        question_es_mx="¿Cómo prueba la conmutación por falla?",
    )

    html = vendor.client.get("/vendors/questionnaire/").content.decode()

    assert "How do you test failover?" in html
    assert "¿Cómo prueba" not in html
    assert 'lang="en">How do you test' not in html


def test_workbook_of_a_spanish_invitation_carries_the_spanish_questions(db, vendor):
    _spanish(vendor)
    VendorQuestion.objects.create(
        indicator=vendor.indicators[0],
        question_en="How do you test failover?",
        question_es_mx="¿Cómo prueba la conmutación por falla?",
    )

    content = vendor.client.get("/vendors/questionnaire/workbook/").content

    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    questions = {row[0].value: row[2].value for row in sheet.iter_rows(min_row=2)}
    assert questions[vendor.indicators[0].code] == "¿Cómo prueba la conmutación por falla?"


def test_shipped_vendor_questions_load_in_both_languages(db):
    call_command("loaddata", "taxonomy", "sources", "criteria", "vendor_questions", verbosity=0)

    wording = VendorQuestion.objects.get(indicator__code="cmp-repse")
    with translation.override("es-mx"):
        spanish = (wording.question, wording.evidence_requested)
    with translation.override("en"):
        english = wording.question

    assert spanish[0].startswith("¿Su registro REPSE está vigente")
    assert "opiniones de cumplimiento" in spanish[1]
    assert english.startswith("Is your REPSE registration current")
