"""The vendor's questionnaire: open the link, save a draft, come back, submit; deadline lock,
reopen, expiry, revocation, blind mode, evidence cited twice, the revision check."""

from __future__ import annotations

import datetime as dt
import io

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from vendors.models import Invitation, InvitationStatus

QUESTIONNAIRE = "/vendors/questionnaire/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _form_data(vendor, **answers) -> dict:
    """What the page posts: the form's current values with ``answers`` (indicator index →
    text) over them."""
    form = vendor.client.get(QUESTIONNAIRE).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = str(value)
    for index, text in answers.items():
        data[f"a{vendor.indicators[int(index[1:])].pk}-text"] = text
    return data


def test_invite_sends_email_with_link_in_both_parts(db, vendor):
    message = mail.outbox[0]
    assert vendor.token in message.body
    assert vendor.token in message.alternatives[0][0]
    assert vendor.invitation.token_hash != vendor.token
    assert vendor.token not in str(Invitation.objects.values_list().get())


def test_link_redirects_to_tokenless_questionnaire_and_marks_opened(db, vendor):
    response = vendor.client.get(QUESTIONNAIRE)

    assert response.status_code == 200
    assert vendor.token not in response.content.decode()
    vendor.invitation.refresh_from_db()
    assert vendor.invitation.status == InvitationStatus.OPENED


def test_save_draft_then_come_back_then_submit(db, vendor):
    data = _form_data(vendor, i0="We run ISO 27001 since 2019.", i1="Two sites with UPS.")

    response = vendor.client.post(QUESTIONNAIRE, data)
    assert response.status_code == 302
    page = vendor.client.get(QUESTIONNAIRE).content.decode()
    assert "We run ISO 27001 since 2019." in page
    assert vendor.client.post(reverse("vendors:submit")).status_code == 302

    vendor.invitation.refresh_from_db()
    assert vendor.invitation.status == InvitationStatus.SUBMITTED
    answers = {a.indicator_id: a.text for a in vendor.invitation.answers.all()}
    assert answers[vendor.indicators[1].pk] == "Two sites with UPS."


def test_submitted_answers_are_read_only(db, vendor):
    data = _form_data(vendor, i0="first")
    vendor.client.post(QUESTIONNAIRE, data)
    vendor.client.post(reverse("vendors:submit"))

    data[f"a{vendor.indicators[0].pk}-text"] = "changed after submit"
    vendor.client.post(QUESTIONNAIRE, data)

    assert vendor.invitation.answers.get(indicator=vendor.indicators[0]).text == "first"


def test_deadline_passed_locks_answers(db, vendor):
    data = _form_data(vendor, i0="too late")
    Invitation.objects.filter(pk=vendor.invitation.pk).update(
        deadline=timezone.now() - dt.timedelta(minutes=1)
    )

    response = vendor.client.post(QUESTIONNAIRE, data, follow=True)

    assert not vendor.invitation.answers.exists()
    assert "deadline has passed" in response.content.decode()
    vendor.invitation.refresh_from_db()
    assert vendor.invitation.status == InvitationStatus.LATE


def test_reopen_lets_vendor_change_a_submitted_answer(db, vendor):
    data = _form_data(vendor, i0="first")
    vendor.client.post(QUESTIONNAIRE, data)
    vendor.client.post(reverse("vendors:submit"))
    url = reverse(
        "vendors:invitation-action",
        args=[vendor.candidate.engagement_id, vendor.invitation.pk, "reopen"],
    )
    deadline = (timezone.localdate() + dt.timedelta(days=3)).isoformat()

    vendor.consultant.post(url, {"deadline": deadline})
    data = _form_data(vendor, i0="second")
    vendor.client.post(QUESTIONNAIRE, data)

    assert vendor.invitation.answers.get(indicator=vendor.indicators[0]).text == "second"


def test_extend_moves_deadline_and_unlocks_late_questionnaire(db, vendor):
    Invitation.objects.filter(pk=vendor.invitation.pk).update(
        deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    url = reverse(
        "vendors:invitation-action",
        args=[vendor.candidate.engagement_id, vendor.invitation.pk, "extend"],
    )
    deadline = timezone.localdate() + dt.timedelta(days=5)

    vendor.consultant.post(url, {"deadline": deadline.isoformat()})

    vendor.invitation.refresh_from_db()
    assert timezone.localdate(vendor.invitation.deadline) == deadline
    assert vendor.invitation.is_open_for_answers()


def test_expired_link_answers_clear_page_and_no_session(db, vendor, client):
    Invitation.objects.filter(pk=vendor.invitation.pk).update(
        link_expires_at=timezone.now() - dt.timedelta(seconds=1)
    )

    response = client.get(f"/vendors/link/{vendor.token}/")

    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert "vendors:invitation" not in client.session
    assert client.get(QUESTIONNAIRE).status_code == 403


def test_revoked_link_and_open_session_stop_working(db, vendor, client):
    url = reverse(
        "vendors:invitation-action",
        args=[vendor.candidate.engagement_id, vendor.invitation.pk, "revoke"],
    )
    vendor.consultant.post(url)

    fresh = client.get(f"/vendors/link/{vendor.token}/")
    in_session = vendor.client.get(QUESTIONNAIRE)

    assert fresh.status_code == 410
    assert "withdrawn" in fresh.content.decode()
    assert in_session.status_code == 403
    assert "withdrawn" in in_session.content.decode()
    assert "_auth_user_id" not in client.session


def test_remind_sends_new_link_and_old_one_stops(db, vendor, client):
    url = reverse(
        "vendors:invitation-action",
        args=[vendor.candidate.engagement_id, vendor.invitation.pk, "remind"],
    )
    vendor.consultant.post(url)

    new_token = mail.outbox[-1].body.split("/vendors/link/")[1].split("/")[0]
    assert client.get(f"/vendors/link/{vendor.token}/").status_code == 404
    assert client.get(f"/vendors/link/{new_token}/").status_code == 302
    assert vendor.client.get(QUESTIONNAIRE).status_code == 200


def test_blind_invitation_never_names_the_client(db, vendor, client):
    from tests.factories import make_invitation

    _invitation, token = make_invitation(vendor.candidate, blind=True)
    client.get(f"/vendors/link/{token}/")
    engagement = vendor.candidate.engagement
    client_name = engagement.client_name

    page = client.get(QUESTIONNAIRE).content.decode()
    workbook = load_workbook(io.BytesIO(client.get("/vendors/questionnaire/workbook/").content))
    cells = " ".join(
        str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row
    )

    message = mail.outbox[-1]
    for shown in (page, message.subject, message.body, message.alternatives[0][0]):
        assert client_name not in shown
        assert engagement.name not in shown
    assert client_name not in cells
    assert client_name in vendor.client.get(QUESTIONNAIRE).content.decode()


def test_one_file_cited_by_two_answers(db, vendor):
    upload = SimpleUploadedFile("policy.pdf", PDF, content_type="application/pdf")
    vendor.client.post(reverse("vendors:evidence-upload"), {"files": [upload]})
    evidence = vendor.client.get(QUESTIONNAIRE).context["library"].get()
    data = _form_data(vendor, i0="see policy", i1="see policy too")
    for indicator in vendor.indicators:
        data[f"a{indicator.pk}-evidence"] = [str(evidence.pk)]

    vendor.client.post(QUESTIONNAIRE, data)

    assert evidence.answers.count() == 2
    download = vendor.client.get(reverse("vendors:evidence", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == PDF


def test_two_browsers_same_draft_second_save_refused(db, vendor):
    second = vendor.client.__class__()
    second.get(f"/vendors/link/{vendor.token}/")
    first_data = _form_data(vendor, i0="from browser one")
    second_data = _form_data(vendor, i0="from browser two")

    vendor.client.post(QUESTIONNAIRE, first_data)
    response = second.post(QUESTIONNAIRE, second_data)

    assert response.status_code == 200
    assert "changed in another browser" in response.content.decode()
    assert "from browser two" in response.content.decode()  # the text is kept on the page
    answer = vendor.invitation.answers.get(indicator=vendor.indicators[0])
    assert (answer.text, answer.revision) == ("from browser one", 1)


def test_questionnaire_queries_do_not_grow_with_questions(db, vendor, count_queries):
    from tests.factories import IndicatorFactory

    _response, two = count_queries(vendor.client, QUESTIONNAIRE)
    for _ in range(2):
        IndicatorFactory()

    response, four = count_queries(vendor.client, QUESTIONNAIRE)

    assert len(response.context["form"].rows) == 4
    assert four == two


def test_vendor_deletes_own_file_and_its_citations(db, vendor, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("wrong.pdf", PDF, content_type="application/pdf")
    vendor.client.post(reverse("vendors:evidence-upload"), {"files": [upload]})
    evidence = vendor.client.get(QUESTIONNAIRE).context["library"].get()
    data = _form_data(vendor, i0="see file")
    data[f"a{vendor.indicators[0].pk}-evidence"] = [str(evidence.pk)]
    vendor.client.post(QUESTIONNAIRE, data)
    storage, name = evidence.file.storage, evidence.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = vendor.client.post(reverse("vendors:evidence-delete", args=[evidence.pk]))

    assert response.status_code == 302
    assert not vendor.invitation.answers.get().evidence.exists()
    assert not storage.exists(name)


def test_idle_vendor_session_ends_and_link_opens_a_new_one(db, vendor, settings):
    import time_machine

    settings.SESSION_IDLE_MINUTES = 30
    later = timezone.now() + dt.timedelta(minutes=31)

    with time_machine.travel(later, tick=False):
        ended = vendor.client.get(QUESTIONNAIRE)
        reopened = vendor.client.get(f"/vendors/link/{vendor.token}/")
        again = vendor.client.get(QUESTIONNAIRE)

    assert ended.status_code == 403
    assert "without activity" in ended.content.decode()
    assert reopened.status_code == 302
    assert again.status_code == 200


def test_active_vendor_session_stays_open(db, vendor, settings):
    import time_machine

    settings.SESSION_IDLE_MINUTES = 30
    start = timezone.now()
    for minutes in (20, 40, 60):
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert vendor.client.get(QUESTIONNAIRE).status_code == 200
