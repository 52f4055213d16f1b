"""E-mail notices: submitted, reopened, decision published, due reminders (never twice)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from scorecard.models import AssessmentStatus, Role
from scorecard.notifications import notify_decision_published, send_due_reminders
from scorecard.services.assessments import reopen_assessment, submit_assessment
from tests.factories import ScoreFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 3, 1)


@pytest.fixture
def emails(world):
    for role, user in world.users.items():
        user.email = f"{role}@example.com"
        user.save()


def _answer_everything(sheet) -> None:
    for indicator in [*sheet.rated, sheet.later_indicator]:
        ScoreFactory(assessment=sheet.assessment, indicator=indicator, value=3)


def test_submit_emails_the_consultants_text_and_html(
    world, sheet, emails, django_capture_on_commit_callbacks
):
    _answer_everything(sheet)
    with django_capture_on_commit_callbacks(execute=True):
        submit_assessment(
            assessment=sheet.assessment, user=world.users[Role.ANALYST], reason="Checked all"
        )
    assert [m.to for m in mail.outbox] == [["consultant@example.com"]]
    message = mail.outbox[0]
    assert sheet.candidate.label in message.subject
    assert "Checked all" in message.body
    assert settings.SITE_URL + sheet.assessment.get_absolute_url() in message.body
    assert message.alternatives[0][1] == "text/html"


def test_reopen_emails_the_assessor_with_the_reason(
    world, sheet, emails, django_capture_on_commit_callbacks
):
    sheet.assessment.status = AssessmentStatus.SUBMITTED
    sheet.assessment.save()
    with django_capture_on_commit_callbacks(execute=True):
        reopen_assessment(
            assessment=sheet.assessment, user=world.users[Role.CONSULTANT], reason="Redo talent"
        )
    assert [m.to for m in mail.outbox] == [["analyst@example.com"]]
    assert "Redo talent" in mail.outbox[0].body


def test_notify_decision_published_emails_every_member(world, emails):
    sent = notify_decision_published(
        engagement=world.engagement, number=2, label="Final", url="/engagements/1/decisions/2/"
    )
    assert sent == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "analyst@example.com",
        "client_viewer@example.com",
        "consultant@example.com",
    ]
    assert "Decision 2" in mail.outbox[0].subject
    assert "/engagements/1/decisions/2/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("due", "expected"),
    [(TODAY + dt.timedelta(days=2), 1), (TODAY + dt.timedelta(days=3), 0), (TODAY, 1)],
)
def test_send_due_reminders_within_two_days(world, sheet, emails, due, expected):
    sheet.assessment.due_date = due
    sheet.assessment.save()
    assert send_due_reminders(TODAY) == expected


def test_send_due_reminders_never_twice_for_the_same_due_date(world, sheet, emails):
    sheet.assessment.due_date = TODAY + dt.timedelta(days=2)
    sheet.assessment.save()
    assert send_due_reminders(TODAY) == 1
    assert send_due_reminders(TODAY) == 0
    assert send_due_reminders(TODAY + dt.timedelta(days=1)) == 0
    sheet.assessment.due_date = TODAY + dt.timedelta(days=1)  # moved: a new reminder
    sheet.assessment.save()
    assert send_due_reminders(TODAY) == 1
    assert len(mail.outbox) == 2


def test_send_due_reminders_skips_submitted(world, sheet, emails):
    sheet.assessment.due_date = TODAY + dt.timedelta(days=1)
    sheet.assessment.status = AssessmentStatus.SUBMITTED
    sheet.assessment.save()
    assert send_due_reminders(TODAY) == 0


def test_send_due_reminders_command(world, sheet, emails, capsys):
    sheet.assessment.due_date = TODAY + dt.timedelta(days=2)
    sheet.assessment.save()
    call_command("send_due_reminders", "--today", TODAY.isoformat())
    call_command("send_due_reminders", "--today", TODAY.isoformat())
    assert capsys.readouterr().out.splitlines() == ["1 reminder(s) sent.", "0 reminder(s) sent."]
    assert len(mail.outbox) == 1
