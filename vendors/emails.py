"""The invitation and reminder e-mails: text and HTML, in the invitation's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from vendors.models import Invitation


def link_for(token: str, base_url: str) -> str:
    """The absolute link a vendor opens (``base_url``: scheme and host, e.g. SITE_URL)."""
    return base_url.rstrip("/") + reverse("vendors:link", kwargs={"token": token})


def send_invitation(invitation: Invitation, link: str, *, reminder: bool = False) -> None:
    """E-mail ``link`` to the contact (console backend by default; SMTP via EMAIL_* settings)."""
    with translation.override(invitation.language):
        context = {"invitation": invitation, "link": link, "reminder": reminder}
        subject = (
            _("Reminder: your questionnaire for %(engagement)s")
            if reminder
            else _("Questionnaire for %(engagement)s")
        ) % {"engagement": invitation.title_shown}
        text = render_to_string("vendors/email/invitation.txt", context)
        html = render_to_string("vendors/email/invitation.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [f"{invitation.contact_name} <{invitation.email}>"],
    )
    message.attach_alternative(html, "text/html")
    message.send()
