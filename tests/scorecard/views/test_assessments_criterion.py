"""The criterion form: rubric shown in full, draft saves, bad input, optimistic locking."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from scorecard.models import IndicatorWeight, Role, Score
from scorecard.services.assessments import StaleScores, save_criterion_scores
from tests.factories import CityFigureFactory, EvidenceFactory, IndicatorFactory, ScoreFactory
from tests.scorecard.conftest import answer_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(client, world):
    client.force_login(world.users[Role.ANALYST])
    return world.users[Role.ANALYST]


def _scores(sheet) -> list[tuple]:
    return list(
        Score.objects.filter(assessment=sheet.assessment)
        .order_by("indicator__order")
        .values_list("indicator__code", "status", "value", "note", "revision")
    )


def test_criterion_form_shows_every_rubric_level_and_the_rule(client, analyst, sheet):
    level = sheet.rated[0].rubric_levels.get(level=4)
    level.label, level.description = "Proactive", "Exit interviews feed a quarterly plan."
    level.save()
    response = client.get(sheet.criterion_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "4 · Proactive" in page
    assert "Exit interviews feed a quarterly plan." in page
    assert "Choose the highest level whose description is fully met" in page
    assert page.count('type="radio"') == 2 * 8  # two rated indicators: 0–5, N/A, unknown
    assert "Perks" not in page  # weighted 0 in this engagement


def test_criterion_form_shows_measured_figure_instead_of_a_score(client, analyst, sheet):
    page = client.get(sheet.criterion_url()).content.decode()
    assert "Agent attrition" in page
    assert "30.0 %" in page  # ProviderFactory's attrition
    assert f'name="i{sheet.measured.pk}-answer"' not in page


def test_criterion_save_draft_partial_then_resume(client, analyst, sheet):
    first, second = sheet.rated
    response = client.post(
        sheet.criterion_url(), answer_data((first, "4", 0, {"note": "Plan seen on site."}))
    )
    assert response.status_code == 302
    assert _scores(sheet) == [("attrition-plan", "scored", 4, "Plan seen on site.", 1)]
    score = Score.objects.get()
    assert score.updated_by == analyst
    resumed = client.get(sheet.criterion_url())
    rows = {row["indicator"].pk: row["form"] for row in resumed.context["rows"]}
    assert rows[first.pk]["answer"].value() == "4"
    assert rows[first.pk]["revision"].value() == 1
    assert rows[second.pk]["answer"].value() == ""


def test_criterion_save_not_applicable_and_unknown(client, analyst, sheet):
    first, second = sheet.rated
    client.post(
        sheet.criterion_url(),
        answer_data(
            (first, "not_applicable", 0), (second, "unknown", 0, {"confidence": "verified"})
        ),
    )
    assert _scores(sheet) == [
        ("attrition-plan", "not_applicable", None, "", 1),
        ("training", "unknown", None, "", 1),
    ]
    assert Score.objects.get(indicator=second).confidence == "verified"


def test_criterion_save_next_goes_to_the_next_criterion(client, analyst, sheet):
    data = answer_data((sheet.rated[0], "2", 0)) | {"go": "next"}
    response = client.post(sheet.criterion_url(), data)
    assert response["Location"] == sheet.criterion_url(sheet.later)


def test_criterion_change_bumps_revision(client, analyst, sheet):
    ScoreFactory(assessment=sheet.assessment, indicator=sheet.rated[0], value=2, revision=3)
    client.post(sheet.criterion_url(), answer_data((sheet.rated[0], "3", 3)))
    assert _scores(sheet) == [("attrition-plan", "scored", 3, "", 4)]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("7", "“7” is not an answer: choose a level from 0 to 5, not applicable or unknown."),
        (
            "maybe",
            "“maybe” is not an answer: choose a level from 0 to 5, not applicable or unknown.",
        ),
    ],
)
def test_criterion_bad_answer_is_a_field_error_and_nothing_is_written(
    client, analyst, sheet, answer, message
):
    first, second = sheet.rated
    response = client.post(sheet.criterion_url(), answer_data((first, "3", 0), (second, answer, 0)))
    assert response.status_code == 200
    rows = {row["indicator"].pk: row["form"] for row in response.context["rows"]}
    assert rows[second.pk].errors["answer"] == [message]
    assert rows[first.pk]["answer"].value() == "3"  # the user's input is kept
    assert _scores(sheet) == []


@pytest.mark.parametrize("intruder", ["later_indicator", "out_of_scope", "other_engagement"])
def test_criterion_indicator_from_elsewhere_is_refused_and_nothing_is_written(
    client, analyst, sheet, world, intruder
):
    if intruder == "other_engagement":
        # A catalogue indicator this engagement leaves out (another may well use it).
        indicator = IndicatorFactory(criterion=sheet.criterion, code="elsewhere")
        IndicatorWeight.objects.create(engagement=world.engagement, indicator=indicator, weight=0)
    else:
        indicator = getattr(sheet, intruder)
    data = answer_data((sheet.rated[0], "3", 0), (indicator, "5", 0))
    response = client.post(sheet.criterion_url(), data)
    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors()
    assert f"(ids {indicator.pk})" in error
    assert _scores(sheet) == []


def test_criterion_note_without_answer_is_a_field_error(client, analyst, sheet):
    response = client.post(
        sheet.criterion_url(), answer_data((sheet.rated[0], "", 0, {"note": "Looks good"}))
    )
    rows = {row["indicator"].pk: row["form"] for row in response.context["rows"]}
    assert rows[sheet.rated[0].pk].errors["answer"] == [
        "Choose an answer before adding a note or evidence."
    ]
    assert _scores(sheet) == []


def test_criterion_stale_save_is_refused_and_the_other_work_is_intact(
    client, analyst, sheet, world
):
    first, second = sheet.rated
    ScoreFactory(assessment=sheet.assessment, indicator=first, value=2, revision=1)
    # Two tabs load the form at revision 1; the first tab saves a 4 with a note.
    client.post(sheet.criterion_url(), answer_data((first, "4", 1, {"note": "Tab one"})))
    # The second tab, still at revision 1, tries to save a 1 and answer the second indicator.
    response = client.post(
        sheet.criterion_url(), answer_data((first, "1", 1, {"note": "Tab two"}), (second, "5", 0))
    )
    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors()
    assert error.startswith("analyst-user changed these indicators at ")
    assert "while you were editing: Attrition plan." in error
    assert "Your changes were not saved; here they are so you can re-apply them." in error
    assert _scores(sheet) == [("attrition-plan", "scored", 4, "Tab one", 2)]
    rows = {row["indicator"].pk: row for row in response.context["rows"]}
    assert rows[first.pk]["form"]["answer"].value() == "1"  # the user's input, shown again
    assert rows[first.pk]["form"]["note"].value() == "Tab two"
    assert rows[first.pk]["form"]["revision"].value() == "2"  # re-applying is a choice now
    assert rows[first.pk]["conflict"].value == 4
    assert rows[second.pk]["form"]["answer"].value() == "5"


def test_criterion_score_created_meanwhile_is_a_conflict(client, analyst, sheet, world):
    first = sheet.rated[0]
    # Loaded with no answer (revision 0); meanwhile a score appears (another tab).
    ScoreFactory(
        assessment=sheet.assessment, indicator=first, value=5, updated_by=world.users["consultant"]
    )
    response = client.post(sheet.criterion_url(), answer_data((first, "1", 0)))
    [error] = response.context["form"].non_field_errors()
    assert error.startswith("consultant-user changed these indicators at ")
    assert _scores(sheet) == [("attrition-plan", "scored", 5, "", 1)]


def test_criterion_double_submit_keeps_one_row(client, analyst, sheet):
    data = answer_data((sheet.rated[0], "4", 0, {"note": "Same form twice"}))
    first = client.post(sheet.criterion_url(), data)
    second = client.post(sheet.criterion_url(), data)
    assert (first.status_code, second.status_code) == (302, 302)
    assert _scores(sheet) == [("attrition-plan", "scored", 4, "Same form twice", 1)]


def test_save_criterion_scores_stale_raises_and_writes_nothing(sheet, world):
    first, second = sheet.rated
    ScoreFactory(assessment=sheet.assessment, indicator=first, value=2, revision=2)
    answer = {"note": "", "confidence": "self_declared", "files": []}
    with pytest.raises(StaleScores) as raised:
        save_criterion_scores(
            assessment=sheet.assessment,
            criterion=sheet.criterion,
            answers={
                second.pk: answer | {"status": "scored", "value": 3, "revision": 0},
                first.pk: answer | {"status": "scored", "value": 5, "revision": 1},
            },
            user=world.users[Role.ANALYST],
        )
    assert [score.indicator_id for score in raised.value.conflicts] == [first.pk]
    assert _scores(sheet) == [("attrition-plan", "scored", 2, "", 2)]


def test_score_unique_per_indicator_backs_the_revision_check(sheet):
    ScoreFactory(assessment=sheet.assessment, indicator=sheet.rated[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreFactory(assessment=sheet.assessment, indicator=sheet.rated[0])


def test_criterion_locked_assessment_refuses_posts(client, analyst, sheet):
    sheet.assessment.status = "submitted"
    sheet.assessment.save()
    response = client.post(sheet.criterion_url(), answer_data((sheet.rated[0], "4", 0)))
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["This assessment is submitted and locked; your changes were not saved."]
    assert _scores(sheet) == []
    page = client.get(sheet.criterion_url()).content.decode()
    assert "Save draft" not in page
    assert "disabled" in page


def test_criterion_consultant_sees_read_only(client, world, sheet):
    client.force_login(world.users[Role.CONSULTANT])
    page = client.get(sheet.criterion_url()).content.decode()
    assert "read-only" in page
    assert "Save draft" not in page


def test_criterion_unknown_code_is_404(client, analyst, sheet):
    assert client.get(sheet.url("assessment-criterion", criterion_code="nope")).status_code == 404


def _add_rated(sheet, n: int, private_files) -> None:
    for i in range(n):
        indicator = IndicatorFactory(criterion=sheet.criterion, order=10 + i)
        score = ScoreFactory(assessment=sheet.assessment, indicator=indicator)
        EvidenceFactory(score=score)


def test_criterion_form_query_count_does_not_grow(
    client, analyst, sheet, count_queries, private_files
):
    _add_rated(sheet, 1, private_files)
    _, few = count_queries(client, sheet.criterion_url())
    _add_rated(sheet, 3, private_files)
    response, many = count_queries(client, sheet.criterion_url())
    assert len(response.context["rows"]) == 6
    assert many == few


def test_criterion_measured_city_figure_shows_source_link_and_stale_badge(client, analyst, sheet):
    indicator = IndicatorFactory(
        criterion=sheet.criterion,
        name="Talent pool",
        kind="measured",
        measured_source="city.metro_population",
        value_function={"kind": "piecewise", "points": [[0, 0], [5000000, 5]]},
    )
    CityFigureFactory(
        city=sheet.candidate.primary_site.city,
        source__url="https://www.inegi.org.mx/programas/ccpv/2020/",
        as_of=dt.date(2015, 3, 15),
    )
    response = client.get(sheet.criterion_url())
    figures = dict(response.context["figures"])
    assert figures[indicator].stale
    page = response.content.decode()
    assert 'href="https://www.inegi.org.mx/programas/ccpv/2020/"' in page
    assert ">stale</span>" in page


def test_criterion_measured_figure_from_a_weak_source_is_unknown_and_marked(client, analyst, sheet):
    indicator = IndicatorFactory(
        criterion=sheet.criterion,
        name="Talent pool",
        kind="measured",
        measured_source="city.metro_population",
        value_function={"kind": "piecewise", "points": [[0, 0], [5000000, 5]]},
    )
    CityFigureFactory(
        city=sheet.candidate.primary_site.city,
        source__is_weak=True,
        source__weak_reason="Wikipedia mirror, no address",
    )

    response = client.get(sheet.criterion_url())

    figure = dict(response.context["figures"])[indicator]
    assert (figure.value, figure.weak_source) == (None, True)
    page = response.content.decode()
    assert "weak source, not scored" in page
    assert "Wikipedia mirror, no address" in page  # the note says why


def test_criterion_form_in_spanish_shows_spanish_rubric_and_marks_english_fallback(
    client, analyst, sheet
):
    translated = sheet.rated[0].rubric_levels.get(level=4)
    translated.label_en, translated.label_es_mx = "Proactive", "Proactivo"
    translated.save()
    untranslated = sheet.rated[0].rubric_levels.get(level=3)
    untranslated.label_en, untranslated.label_es_mx = "Established", ""
    untranslated.save()

    page = client.get(sheet.criterion_url(), HTTP_ACCEPT_LANGUAGE="es-MX").content.decode()

    assert "4 · Proactivo" in page
    assert '3 · <span lang="en">Established</span> <small class="untranslated"' in page
    assert "Proactive" not in page
