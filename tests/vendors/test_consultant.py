"""The consultant's side: access, invite, follow, review and accept profile changes; the
analyst's criterion page with the vendor's answer; the invite_vendor command."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from providers.models import Credential, CredentialKind
from scorecard.models import Confidence, Role
from tests.factories import AssessmentFactory, MembershipFactory, UserFactory
from vendors.models import Invitation, InvitationStatus

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pages(vendor) -> list[str]:
    pk = vendor.candidate.engagement_id
    return [
        reverse("vendors:invitation-list", args=[pk]),
        reverse("vendors:invitation-detail", args=[pk, vendor.invitation.pk]),
    ]


def test_pages_anonymous_redirect_to_login(db, vendor):
    for url in _pages(vendor):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_pages_outsider_404(db, vendor):
    outsider = Client()
    outsider.force_login(UserFactory())
    for url in _pages(vendor):
        assert outsider.get(url).status_code == 404


@pytest.mark.parametrize("role", [Role.ANALYST, Role.CLIENT_VIEWER])
def test_pages_other_roles_403(db, vendor, role):
    member = Client()
    member.force_login(MembershipFactory(engagement=vendor.candidate.engagement, role=role).user)
    for url in _pages(vendor):
        assert member.get(url).status_code == 403


def test_pages_consultant_200(db, vendor):
    for url in _pages(vendor):
        assert vendor.consultant.get(url).status_code == 200


def test_invitation_of_another_engagement_404(db, vendor):
    other = MembershipFactory(role=Role.CONSULTANT)
    client = Client()
    client.force_login(other.user)
    url = reverse("vendors:invitation-detail", args=[other.engagement_id, vendor.invitation.pk])
    assert client.get(url).status_code == 404
    assert client.post(url + "revoke/").status_code == 404
    vendor.invitation.refresh_from_db()
    assert vendor.invitation.revoked_at is None


def test_consultant_invites_from_the_page(db, vendor):
    url = reverse("vendors:invitation-list", args=[vendor.candidate.engagement_id])
    deadline = timezone.localdate() + dt.timedelta(days=10)

    response = vendor.consultant.post(
        url,
        {
            "candidate": vendor.candidate.pk,
            "contact_name": "Luis",
            "email": "luis@vendor.example",
            "language": "es-mx",
            "deadline": deadline.isoformat(),
            "blind": "on",
        },
    )

    assert response.status_code == 302
    invitation = Invitation.objects.get(email="luis@vendor.example")
    assert (invitation.language, invitation.blind) == ("es-mx", True)
    assert timezone.localdate(invitation.deadline) == deadline
    assert mail.outbox[-1].to == ["Luis <luis@vendor.example>"]
    listing = vendor.consultant.get(url).content.decode()
    assert "luis@vendor.example" in listing
    assert str(InvitationStatus.INVITED.label) in listing


def test_status_follows_the_vendor(db, vendor):
    vendor.invitation.refresh_from_db()
    assert vendor.invitation.status == InvitationStatus.OPENED
    form = vendor.client.get("/vendors/questionnaire/").context["form"]
    vendor.client.post("/vendors/questionnaire/", form.initial_data())
    vendor.invitation.refresh_from_db()
    assert vendor.invitation.status == InvitationStatus.DRAFTED


def _submit_profile(vendor, **changes) -> None:
    form = vendor.client.get("/vendors/questionnaire/").context["form"]
    data = form.initial_data()
    data.update(changes)
    vendor.client.post("/vendors/questionnaire/", data)
    vendor.client.post(reverse("vendors:submit"))


def test_profile_changes_previewed_then_applied_with_history_reason(db, vendor):
    site = vendor.candidate.primary_site
    _submit_profile(
        vendor,
        **{
            "company-headcount": "1500",
            f"site-{site.pk}-seats_available": "90",
            "cred-repse-number": "AR12345/2025",
            "cred-repse-issuer": "STPS",
            "cred-repse-issued_on": "2025-02-01",
        },
    )
    detail = reverse(
        "vendors:invitation-detail", args=[vendor.candidate.engagement_id, vendor.invitation.pk]
    )

    preview = vendor.consultant.get(detail)
    changes = {(c.label, c.old, c.new) for c in preview.context["changes"]}
    provider = vendor.candidate.provider
    provider.refresh_from_db()
    assert provider.headcount == 1200  # nothing applied before acceptance
    assert ("headcount", "1200", "1500") in changes
    assert ("seats available", "120", "90") in changes
    assert ("number / folio", "", "AR12345/2025") in changes

    vendor.consultant.post(detail + "accept-profile/")

    provider.refresh_from_db()
    site.refresh_from_db()
    assert (provider.headcount, site.seats_available) == (1500, 90)
    repse = Credential.objects.get(provider=provider, kind=CredentialKind.REPSE)
    assert (repse.number, repse.issuer) == ("AR12345/2025", "STPS")
    reason = provider.history.first().history_change_reason
    assert reason.startswith("from the vendor's answer of ")
    assert site.history.first().history_change_reason == reason


def test_profile_answer_that_does_not_fit_is_not_applied(db, vendor):
    _submit_profile(vendor, **{"cred-soc2-number": "SOC-1", "cred-soc2-issued_on": "2025-01-01"})
    detail = reverse(
        "vendors:invitation-detail", args=[vendor.candidate.engagement_id, vendor.invitation.pk]
    )

    response = vendor.consultant.post(detail + "accept-profile/", follow=True)

    assert "Not applied" in response.content.decode()
    assert not Credential.objects.filter(number="SOC-1").exists()
    vendor.invitation.refresh_from_db()
    assert vendor.invitation.profile_applied_at is None


def test_criterion_page_shows_answer_and_documented_confidence(db, vendor):
    vendor.client.post(
        "/vendors/questionnaire/evidence/",
        {"files": [SimpleUploadedFile("iso.pdf", PDF, content_type="application/pdf")]},
    )
    form = vendor.client.get("/vendors/questionnaire/").context["form"]
    evidence = vendor.client.get("/vendors/questionnaire/").context["library"].get()
    first = vendor.indicators[0]
    data = form.initial_data()
    data[f"a{first.pk}-text"] = "Certified since 2019."
    data[f"a{first.pk}-evidence"] = [str(evidence.pk)]
    vendor.client.post("/vendors/questionnaire/", data)
    vendor.client.post(reverse("vendors:submit"))
    analyst = MembershipFactory(engagement=vendor.candidate.engagement, role=Role.ANALYST).user
    assessment = AssessmentFactory(candidate=vendor.candidate, assessor=analyst)
    client = Client()
    client.force_login(analyst)
    engagement = vendor.candidate.engagement

    page = client.get(
        reverse(
            "scorecard:assessment-criterion",
            args=[engagement.pk, assessment.pk, first.criterion.code],
        )
    )

    html = page.content.decode()
    assert "Certified since 2019." in html
    assert reverse("vendors:staff-evidence", args=[engagement.pk, evidence.pk]) in html
    row = next(r for r in page.context["rows"] if r["indicator"] == first)
    assert row["form"].initial["confidence"] == Confidence.DOCUMENTED
    download = client.get(reverse("vendors:staff-evidence", args=[engagement.pk, evidence.pk]))
    assert b"".join(download.streaming_content) == PDF


def test_command_prints_a_working_link(db, vendor, settings):
    settings.SITE_URL = "https://scorecard.example.com"
    out = io.StringIO()
    engagement = vendor.candidate.engagement
    engagement.reference = "acme-2026"
    engagement.save(update_fields=["reference"])

    call_command(
        "invite_vendor",
        "acme-2026",
        str(vendor.candidate.pk),
        "--email",
        "x@v.example",
        "--days",
        "3",
        stdout=out,
    )

    link = out.getvalue().strip().splitlines()[-1]
    assert link.startswith("https://scorecard.example.com/vendors/link/")
    invitation = Invitation.objects.get(email="x@v.example")
    assert timezone.localdate(invitation.deadline) == timezone.localdate() + dt.timedelta(days=3)
    assert Client().get(link.removeprefix("https://scorecard.example.com")).status_code == 302


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "1", "--email", "a@b.example"], "No engagement"),
        (["{pk}", "999999", "--email", "a@b.example"], "No candidate"),
        (["{pk}", "{candidate}", "--email", "not-an-address"], "Not an e-mail"),
        (["{pk}", "{candidate}", "--email", "a@b.example", "--days", "0"], "--days"),
    ],
)
def test_command_refuses_bad_arguments(db, vendor, args, message):
    values = {"pk": vendor.candidate.engagement_id, "candidate": vendor.candidate.pk}
    with pytest.raises(CommandError, match=message):
        call_command("invite_vendor", *[a.format(**values) for a in args])


def test_invitation_list_queries_do_not_grow_with_invitations(db, vendor, count_queries):
    from tests.factories import CandidateFactory, make_invitation

    url = reverse("vendors:invitation-list", args=[vendor.candidate.engagement_id])
    _response, one = count_queries(vendor.consultant, url)
    for _ in range(2):
        make_invitation(CandidateFactory(engagement=vendor.candidate.engagement))

    response, three = count_queries(vendor.consultant, url)

    assert len(response.context["invitations"]) == 3
    assert three == one


def test_same_figure_written_differently_is_no_change(db, vendor):
    from vendors.profile import profile_changes

    provider = vendor.candidate.provider  # attrition 30.0, headcount 1200
    profile = {"company": {"attrition_pct": "30", "headcount": "1200", "year_founded": "2011"}}

    changes = profile_changes(provider, profile)

    assert [(c.label, c.old, c.new) for c in changes] == [("year founded", "2010", "2011")]


@pytest.mark.parametrize("action", ["remind", "extend", "reopen"])
def test_revoked_invitation_stays_revoked(db, vendor, action):
    pk = vendor.candidate.engagement_id
    base = reverse("vendors:invitation-detail", args=[pk, vendor.invitation.pk])
    vendor.consultant.post(base + "revoke/")
    sent = len(mail.outbox)
    deadline = (timezone.localdate() + dt.timedelta(days=3)).isoformat()

    response = vendor.consultant.post(f"{base}{action}/", {"deadline": deadline}, follow=True)

    assert "This invitation is revoked" in response.content.decode()
    assert len(mail.outbox) == sent
    vendor.invitation.refresh_from_db()
    assert vendor.invitation.status == InvitationStatus.REVOKED
    assert not vendor.invitation.link_works()


def test_detail_lists_file_cited_for_a_registration(db, vendor):
    vendor.client.post(
        "/vendors/questionnaire/evidence/",
        {"files": [SimpleUploadedFile("repse.pdf", PDF, content_type="application/pdf")]},
    )
    evidence = vendor.client.get("/vendors/questionnaire/").context["library"].get()
    _submit_profile(
        vendor,
        **{
            "cred-repse-number": "AR1/2025",
            "cred-repse-issuer": "STPS",
            "cred-repse-issued_on": "2025-02-01",
            "cred-repse-evidence": str(evidence.pk),
        },
    )
    detail = reverse(
        "vendors:invitation-detail", args=[vendor.candidate.engagement_id, vendor.invitation.pk]
    )

    response = vendor.consultant.get(detail)

    assert [(str(label), f.pk) for label, f in response.context["credential_files"]] == [
        (str(CredentialKind.REPSE.label), evidence.pk)
    ]


def test_admin_previews_and_accepts_profile_changes(db, vendor, admin_client):
    _submit_profile(vendor, **{"company-headcount": "1500"})
    invitation = vendor.invitation
    change = reverse("admin:vendors_invitation_change", args=[invitation.pk])

    page = admin_client.get(change).content.decode()
    admin_client.post(
        reverse("admin:vendors_invitation_changelist"),
        {"action": "accept_profiles", "_selected_action": [invitation.pk]},
    )

    assert "<td>1200</td><td>1500</td>" in page.replace("\n", "")
    vendor.candidate.provider.refresh_from_db()
    assert vendor.candidate.provider.headcount == 1500


def test_admin_change_page_escapes_vendor_text(db, vendor, admin_client):
    _submit_profile(vendor, **{"company-description": "<script>alert(1)</script>"})
    change = reverse("admin:vendors_invitation_change", args=[vendor.invitation.pk])

    page = admin_client.get(change).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
