"""E-mail notices: an assessment submitted or reopened, a decision published, a due date near.

One function per notice, each rendering ``templates/scorecard/email/<notice>_subject.txt``,
``<notice>.txt`` and ``<notice>.html`` (translatable) and sending one message per recipient
with an address, through ``EMAIL_BACKEND`` (the console by default; SMTP through the
settings, see README). Links are absolute, from ``SITE_URL``. Services call these after their
transaction commits; a failure to send is logged and never undoes the write.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from scorecard.models import Assessment, AssessmentStatus, Engagement, Role

logger = logging.getLogger(__name__)

# How many days before its due date a draft assessment's assessor is reminded.
REMINDER_DAYS = 2


def absolute_url(path: str) -> str:
    """``path`` on this site (``SITE_URL``), for links in e-mails."""
    return settings.SITE_URL.rstrip("/") + path


def _send(notice: str, recipients: Iterable, context: dict) -> int:
    """Send ``notice`` to each of ``recipients`` (users) with an e-mail address; the number
    sent. Rendered in the site's language."""
    users = [user for user in recipients if getattr(user, "email", "")]
    if not users:
        return 0
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for user in users:
            data = {**context, "recipient": user}
            subject = render_to_string(f"scorecard/email/{notice}_subject.txt", data)
            message = EmailMultiAlternatives(
                subject=" ".join(subject.split()),
                body=render_to_string(f"scorecard/email/{notice}.txt", data),
                to=[user.email],
            )
            message.attach_alternative(
                render_to_string(f"scorecard/email/{notice}.html", data), "text/html"
            )
            messages.append(message)
    try:
        return get_connection().send_messages(messages) or 0
    except OSError:  # SMTP down or refusing: the write stands, the notice is logged
        logger.exception("Could not send %s to %d recipients", notice, len(messages))
        return 0


def _members(engagement: Engagement, role: str) -> list:
    return [m.user for m in engagement.memberships.filter(role=role).select_related("user")]


def _assessment_context(assessment: Assessment) -> dict:
    return {
        "assessment": assessment,
        "engagement": assessment.candidate.engagement,
        "candidate": assessment.candidate.label,
        "assessor": assessment.assessor.get_full_name() or assessment.assessor.username,
        "reason": assessment.status_reason,
        "url": absolute_url(assessment.get_absolute_url()),
    }


def notify_assessment_submitted(assessment: Assessment) -> int:
    """Tell the engagement's consultants that ``assessment`` was submitted (with its reason)."""
    consultants = _members(assessment.candidate.engagement, Role.CONSULTANT)
    return _send("assessment_submitted", consultants, _assessment_context(assessment))


def notify_assessment_reopened(assessment: Assessment, *, by) -> int:
    """Tell the assessor that ``assessment`` was reopened, by whom and why."""
    context = {**_assessment_context(assessment), "by": by.get_full_name() or by.username}
    return _send("assessment_reopened", [assessment.assessor], context)


def notify_decision_published(*, engagement: Engagement, number: int, label: str, url: str) -> int:
    """Tell every member of ``engagement`` that decision ``number`` (``label``) was published;
    ``url`` is the decision's path (or absolute URL). The decisions service calls this after
    its transaction commits."""
    link = url if url.startswith(("http://", "https://")) else absolute_url(url)
    members = [m.user for m in engagement.memberships.select_related("user")]
    context = {"engagement": engagement, "number": number, "label": label, "url": link}
    return _send("decision_published", members, context)


def send_due_reminders(today: dt.date | None = None) -> int:
    """Remind the assessor of each draft assessment due within :data:`REMINDER_DAYS` days
    (and not overdue) once per due date: the assessment is marked first, in the same
    transaction as the send, so a reminder is never sent twice (run twice, or by two workers
    at once) and a failed send is tried again on the next run. Returns the number sent."""
    today = today or timezone.localdate()
    due = Assessment.objects.filter(
        status=AssessmentStatus.DRAFT,
        due_date__gte=today,
        due_date__lte=today + dt.timedelta(days=REMINDER_DAYS),
    ).select_related("assessor", "candidate__engagement", "candidate__provider")
    sent = 0
    for assessment in due:
        if assessment.reminded_for == assessment.due_date:
            continue
        with transaction.atomic():
            claimed = (
                Assessment.objects.filter(pk=assessment.pk)
                .exclude(reminded_for=assessment.due_date)
                .update(reminded_for=assessment.due_date)
            )
            if not claimed:
                continue  # another run got there first
            context = {
                **_assessment_context(assessment),
                "due_date": assessment.due_date,
                "days_left": (assessment.due_date - today).days,
            }
            if not _send("due_reminder", [assessment.assessor], context):
                transaction.set_rollback(True)  # not sent: try again next run
                continue
            sent += 1
    return sent
