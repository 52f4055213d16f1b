"""Submitting, locking, reopening, the overview, the list and the history of an assessment."""

import pytest
from django.urls import reverse

from scorecard.models import Assessment, AssessmentStatus, Role, Score
from tests.factories import AssessmentFactory, CandidateFactory, EvidenceFactory, ScoreFactory
from tests.scorecard.conftest import answer_data

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


def _answer_everything(sheet) -> None:
    for indicator in [*sheet.rated, sheet.later_indicator]:
        ScoreFactory(assessment=sheet.assessment, indicator=indicator, value=3)


def test_submit_with_missing_answers_is_refused_naming_them(client, world, sheet):
    ScoreFactory(assessment=sheet.assessment, indicator=sheet.rated[0])
    client.force_login(world.users[Role.ANALYST])
    response = client.post(sheet.url("assessment-submit"), {"confirm": "1"})
    assert _messages(response) == [
        "Not submitted: 2 indicators have no answer yet: Training, Workforce management."
    ]
    sheet.assessment.refresh_from_db()
    assert sheet.assessment.status == AssessmentStatus.DRAFT
    page = client.get(sheet.assessment.get_absolute_url()).content.decode()
    training_link = sheet.criterion_url() + f"#indicator-{sheet.rated[1].pk}"
    assert f'href="{training_link}"' in page
    assert "Perks" not in page  # weighted 0
    assert "Agent attrition" not in page  # measured, nothing to answer


def test_submit_complete_locks_the_assessment(client, world, sheet):
    _answer_everything(sheet)
    client.force_login(world.users[Role.ANALYST])
    response = client.post(sheet.url("assessment-submit"), {"confirm": "1"})
    assert response["Location"] == sheet.assessment.get_absolute_url()
    sheet.assessment.refresh_from_db()
    assert sheet.assessment.status == AssessmentStatus.SUBMITTED
    assert sheet.assessment.submitted_at is not None
    refused = client.post(sheet.criterion_url(), answer_data((sheet.rated[0], "5", 1)))
    assert _messages(refused)[-1] == (
        "This assessment is submitted and locked; your changes were not saved."
    )
    assert set(Score.objects.values_list("value", flat=True)) == {3}


def test_submit_answers_not_applicable_and_unknown_count_as_answered(client, world, sheet):
    ScoreFactory(
        assessment=sheet.assessment, indicator=sheet.rated[0], status="unknown", value=None
    )
    ScoreFactory(
        assessment=sheet.assessment, indicator=sheet.rated[1], status="not_applicable", value=None
    )
    ScoreFactory(assessment=sheet.assessment, indicator=sheet.later_indicator, value=0)
    client.force_login(world.users[Role.ANALYST])
    client.post(sheet.url("assessment-submit"), {"confirm": "1"})
    sheet.assessment.refresh_from_db()
    assert sheet.assessment.status == AssessmentStatus.SUBMITTED


def test_reopen_by_consultant_puts_it_back_in_draft(client, world, sheet):
    _answer_everything(sheet)
    client.force_login(world.users[Role.ANALYST])
    client.post(sheet.url("assessment-submit"), {"confirm": "1", "reason": "All checked."})
    client.force_login(world.users[Role.CONSULTANT])
    client.post(sheet.url("assessment-reopen"), {"confirm": "1", "reason": "Recheck training."})
    sheet.assessment.refresh_from_db()
    assert (sheet.assessment.status, sheet.assessment.submitted_at) == ("draft", None)
    assert list(
        sheet.assessment.history.order_by("history_date").values_list(
            "status", "history_user__username", "history_change_reason", "status_reason"
        )
    ) == [
        ("draft", None, None, ""),
        ("submitted", "analyst-user", "submitted", "All checked."),
        # the change reason is a code, shown translated; the consultant's words beside it
        ("draft", "consultant-user", "reopened", "Recheck training."),
    ]


def test_submit_without_confirmation_shows_the_confirmation_step(client, world, sheet):
    _answer_everything(sheet)
    client.force_login(world.users[Role.ANALYST])
    response = client.post(sheet.url("assessment-submit"), {"reason": "Done"})
    assert response.status_code == 200
    assert 'id="confirm-form"' in response.content.decode()
    assert "Done" in response.content.decode()  # the note is carried to the confirmation
    sheet.assessment.refresh_from_db()
    assert sheet.assessment.status == AssessmentStatus.DRAFT


def test_reopen_without_a_reason_is_refused_and_changes_nothing(client, world, sheet):
    sheet.assessment.status = AssessmentStatus.SUBMITTED
    sheet.assessment.save()
    client.force_login(world.users[Role.CONSULTANT])
    ask = client.post(sheet.url("assessment-reopen"))
    assert ask.status_code == 200
    assert 'id="confirm-form"' in ask.content.decode()
    refused = client.post(sheet.url("assessment-reopen"), {"confirm": "1", "reason": "  "})
    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    sheet.assessment.refresh_from_db()
    assert sheet.assessment.status == AssessmentStatus.SUBMITTED


def test_history_page_shows_the_reopen_reason(client, world, sheet):
    sheet.assessment.status = AssessmentStatus.SUBMITTED
    sheet.assessment.save()
    client.force_login(world.users[Role.CONSULTANT])
    client.post(sheet.url("assessment-reopen"), {"confirm": "1", "reason": "Recheck training."})
    html = client.get(sheet.url("assessment-history")).content.decode()
    assert "reopened by a consultant" in html
    assert "Recheck training." in html


def test_due_date_set_by_a_consultant(client, world, sheet):
    client.force_login(world.users[Role.CONSULTANT])
    client.post(sheet.url("assessment-due"), {"due_date": "2027-03-01"})
    sheet.assessment.refresh_from_db()
    assert str(sheet.assessment.due_date) == "2027-03-01"
    refused = client.post(sheet.url("assessment-due"), {"due_date": "1899-12-31"})
    assert "Due date not saved" in _messages(refused)[-1]
    sheet.assessment.refresh_from_db()
    assert str(sheet.assessment.due_date) == "2027-03-01"


def test_due_date_access(world, check_access, sheet):
    check_access(
        world,
        sheet.url("assessment-due"),
        allowed={Role.CONSULTANT},
        method="post",
        data={"due_date": "2027-03-01"},
        ok=302,
    )


def test_reopen_refused_to_the_analyst(client, world, sheet):
    sheet.assessment.status = AssessmentStatus.SUBMITTED
    sheet.assessment.save()
    client.force_login(world.users[Role.ANALYST])
    assert (
        client.post(sheet.url("assessment-reopen"), {"confirm": "1", "reason": "x"}).status_code
        == 403
    )
    sheet.assessment.refresh_from_db()
    assert sheet.assessment.status == AssessmentStatus.SUBMITTED


def test_history_shows_who_changed_what_and_when(client, world, sheet):
    client.force_login(world.users[Role.ANALYST])
    client.post(sheet.criterion_url(), answer_data((sheet.rated[0], "2", 0)))
    client.post(
        sheet.criterion_url(), answer_data((sheet.rated[0], "4", 1, {"note": "Saw the plan"}))
    )
    client.force_login(world.users[Role.CONSULTANT])
    response = client.get(sheet.url("assessment-history"))
    events = [
        (e.who.username if e.who else None, e.subject, e.action, e.changes)
        for e in response.context["events"]
    ]
    assert events[:2] == [
        (
            "analyst-user",
            "Attrition plan",
            "changed",
            [("score", "2", "4"), ("note", "—", "Saw the plan")],
        ),
        (
            "analyst-user",
            "Attrition plan",
            "created",
            [
                ("answer", "—", "Scored"),
                ("score", "—", "2"),
                ("note", "—", "—"),
                ("confidence", "—", "Self-declared by the provider"),
            ],
        ),
    ]
    assert "Saw the plan" in response.content.decode()


def test_history_query_count_does_not_grow(client, world, sheet, count_queries, private_files):
    client.force_login(world.users[Role.ANALYST])
    EvidenceFactory(score=ScoreFactory(assessment=sheet.assessment, indicator=sheet.rated[0]))
    _, few = count_queries(client, sheet.url("assessment-history"))
    EvidenceFactory(score=ScoreFactory(assessment=sheet.assessment, indicator=sheet.rated[1]))
    ScoreFactory(assessment=sheet.assessment, indicator=sheet.later_indicator)
    _, many = count_queries(client, sheet.url("assessment-history"))
    assert many == few


def test_assessment_start_get_shows_a_button_then_post_creates_once(client, world, sheet):
    other = CandidateFactory(engagement=world.engagement)
    url = reverse("scorecard:assessment-start", args=[world.engagement.pk, other.pk])
    client.force_login(world.users[Role.ANALYST])
    assert client.get(url).status_code == 200
    assert not Assessment.objects.filter(candidate=other).exists()
    first = client.post(url)
    second = client.post(url)
    mine = Assessment.objects.get(candidate=other)
    assert first["Location"] == second["Location"] == mine.get_absolute_url()
    assert client.get(url)["Location"] == mine.get_absolute_url()


def test_assessment_list_analyst_sees_own_with_progress(client, world, sheet):
    ScoreFactory(assessment=sheet.assessment, indicator=sheet.rated[0])
    ScoreFactory(assessment=sheet.assessment, indicator=sheet.out_of_scope)  # not counted
    AssessmentFactory(candidate=sheet.candidate, assessor=world.users[Role.CONSULTANT])
    client.force_login(world.users[Role.ANALYST])
    response = client.get(reverse("scorecard:assessment-list", args=[world.engagement.pk]))
    listing = response.context["listing"]
    assert [(a.assessor.username, a.n_answered) for a in listing.assessments] == [
        ("analyst-user", 1)
    ]
    assert listing.n_rated == 3
    assert "1 of 3 rated indicators answered" in response.content.decode()


def test_assessment_list_consultant_sees_everyone_with_reopen(client, world, sheet):
    sheet.assessment.status = AssessmentStatus.SUBMITTED
    sheet.assessment.save()
    client.force_login(world.users[Role.CONSULTANT])
    response = client.get(reverse("scorecard:assessment-list", args=[world.engagement.pk]))
    assert [a.assessor.username for a in response.context["listing"].assessments] == [
        "analyst-user"
    ]
    reopen = reverse("scorecard:assessment-reopen", args=[world.engagement.pk, sheet.assessment.pk])
    assert f'action="{reopen}"' in response.content.decode()


def test_assessment_list_query_count_does_not_grow(client, world, sheet, count_queries):
    client.force_login(world.users[Role.CONSULTANT])
    url = reverse("scorecard:assessment-list", args=[world.engagement.pk])
    _, few = count_queries(client, url)
    for _n in range(3):
        assessment = AssessmentFactory(candidate=CandidateFactory(engagement=world.engagement))
        ScoreFactory(assessment=assessment, indicator=sheet.rated[0])
    _, many = count_queries(client, url)
    assert many == few


def test_assessment_detail_query_count_does_not_grow(client, world, sheet, count_queries):
    client.force_login(world.users[Role.ANALYST])
    _, few = count_queries(client, sheet.assessment.get_absolute_url())
    _answer_everything(sheet)
    _, many = count_queries(client, sheet.assessment.get_absolute_url())
    assert many == few


def test_engagement_tabs_show_assessments_to_assessors_only(client, world):
    url = reverse("scorecard:engagement-detail", args=[world.engagement.pk])
    tab = reverse("scorecard:assessment-list", args=[world.engagement.pk])
    client.force_login(world.users[Role.ANALYST])
    assert f'href="{tab}"' in client.get(url).content.decode()
    client.force_login(world.users[Role.CLIENT_VIEWER])
    assert f'href="{tab}"' not in client.get(url).content.decode()


def test_assessment_list_shows_the_due_date(client, world, sheet):
    sheet.assessment.due_date = "2027-03-01"
    sheet.assessment.save()
    client.force_login(world.users[Role.ANALYST])
    html = client.get(reverse("scorecard:assessment-list", args=[world.engagement.pk]))
    assert "due 2027-03-01" in html.content.decode()  # English dates are ISO (scorecard.formats)
