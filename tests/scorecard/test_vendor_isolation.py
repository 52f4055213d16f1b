"""Vendor-portal isolation: what a vendor's link and session can reach, and what they leave.

- The link opens its own questionnaire only; the session then sees every other URL of the app
  as an anonymous visitor does (login redirect or 404), each URL pattern enumerated from the
  resolver with real ids of the vendor's own engagement filled in, and every admin page.
- Another vendor's evidence ids answer 404; posting them cites nothing.
- A revoked or expired link answers a clear page and logs nobody in.
- The token never appears in a log record.
- Uploads with a spoofed type, oversize or a path-traversal name are refused.
- Answers are escaped wherever they are shown (vendor page, consultant page, criterion page).
"""

from __future__ import annotations

import logging
import re

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from scorecard.models import Role
from tests.factories import (
    AssessmentFactory,
    CandidateFactory,
    IndicatorFactory,
    MembershipFactory,
    make_invitation,
)
from vendors.models import EvidenceFile, Invitation

QUESTIONNAIRE = "/vendors/questionnaire/"
PORTAL_PAGES = {
    "vendors:questionnaire",
    "vendors:workbook",
    "vendors:evidence-upload",
    "vendors:evidence",
    "vendors:evidence-delete",
    "vendors:submit",
    "vendors:link",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
CONVERTER = re.compile(r"<(?:(?P<kind>[^>:]+):)?(?P<name>[^>]+)>")


def _routes() -> list[tuple[str, str]]:
    """(view name, route with converters) of every path() pattern; admin's regexes apart."""
    found = []

    def walk(patterns, prefix: str, namespace: str | None) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if route.startswith("admin/") or route.startswith("^"):
                    continue
                walk(pattern.url_patterns, prefix + route, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and not route.startswith("^"):
                name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or route)
                found.append((name, prefix + route))

    walk(get_resolver().url_patterns, "", None)
    return found


@pytest.fixture
def setup(db):
    candidate = CandidateFactory()
    indicators = [IndicatorFactory(), IndicatorFactory()]
    consultant = MembershipFactory(engagement=candidate.engagement, role=Role.CONSULTANT).user
    analyst = MembershipFactory(engagement=candidate.engagement, role=Role.ANALYST).user
    assessment = AssessmentFactory(candidate=candidate, assessor=analyst)
    invitation, token = make_invitation(candidate)
    vendor = Client()
    vendor.get(f"/vendors/link/{token}/")
    vendor.post(
        "/vendors/questionnaire/evidence/",
        {"files": [SimpleUploadedFile("mine.pdf", PDF, content_type="application/pdf")]},
    )
    return {
        "candidate": candidate,
        "indicators": indicators,
        "consultant": consultant,
        "analyst": analyst,
        "assessment": assessment,
        "invitation": invitation,
        "token": token,
        "vendor": vendor,
    }


def _fill(route: str, setup) -> str:
    engagement = setup["candidate"].engagement
    ids = {
        "pk": engagement.pk,
        "candidate_id": setup["candidate"].pk,
        "assessment_id": setup["assessment"].pk,
        "invitation_id": setup["invitation"].pk,
        "file_id": EvidenceFile.objects.first().pk,
        "criterion_code": setup["indicators"][0].criterion.code,
        "action": "revoke",
    }

    def value(match: re.Match) -> str:
        return str(ids.get(match["name"], 1 if match["kind"] in {"id", "int"} else "x"))

    return "/" + CONVERTER.sub(value, route)


def _anonymous_equivalent(response, anonymous) -> bool:
    if response.status_code in (301, 302):
        return response["Location"].startswith(("/accounts/login/", "/admin/login/")) or (
            response["Location"] == anonymous.get("Location")
        )
    return response.status_code in (404, 405) or response.status_code == anonymous.status_code


def test_vendor_session_sees_every_other_url_as_an_anonymous_visitor(setup):
    vendor, anonymous = setup["vendor"], Client()
    checked = []
    for name, route in _routes():
        if name in PORTAL_PAGES:
            continue
        url = _fill(route, setup)
        for method in ("get", "post"):
            response = getattr(vendor, method)(url)
            reference = getattr(anonymous, method)(url)
            assert _anonymous_equivalent(response, reference), (
                name,
                url,
                method,
                response.status_code,
            )
            assert response.status_code != 200 or reference.status_code == 200, (name, url)
        checked.append(name)
    assert "vendors:invitation-detail" in checked
    assert "scorecard:assessment-criterion" in checked
    assert vendor.get(QUESTIONNAIRE).status_code == 200  # still in after all that


def test_vendor_session_gets_no_admin_page(setup):
    vendor = setup["vendor"]
    for model in admin.site._registry:
        meta = model._meta
        for url in (
            f"/admin/{meta.app_label}/{meta.model_name}/",
            f"/admin/{meta.app_label}/{meta.model_name}/1/change/",
        ):
            response = vendor.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(("/admin/login/", "/accounts/login/")), url
    assert vendor.get("/admin/").status_code == 302


def test_link_opens_its_own_questionnaire_only(setup):
    other_candidate = CandidateFactory(engagement=setup["candidate"].engagement)
    other, other_token = make_invitation(other_candidate, email="b@other.example")
    vendor = setup["vendor"]

    page = vendor.get(QUESTIONNAIRE).content.decode()
    vendor.get(f"/vendors/link/{other_token}/")
    switched = vendor.get(QUESTIONNAIRE).content.decode()

    assert setup["candidate"].provider.trade_name in page
    assert other_candidate.provider.trade_name not in page
    assert other_candidate.provider.trade_name in switched  # the other link, its own page
    assert vendor.session["vendors:invitation"] == other.pk


def test_another_vendors_file_ids_answer_404_and_cite_nothing(setup):
    other_candidate = CandidateFactory(engagement=setup["candidate"].engagement)
    _other, other_token = make_invitation(other_candidate, email="b@other.example")
    other_vendor = Client()
    other_vendor.get(f"/vendors/link/{other_token}/")
    other_vendor.post(
        "/vendors/questionnaire/evidence/",
        {"files": [SimpleUploadedFile("theirs.pdf", PDF, content_type="application/pdf")]},
    )
    theirs = EvidenceFile.objects.get(original_name="theirs.pdf")
    vendor = setup["vendor"]
    form = vendor.get(QUESTIONNAIRE).context["form"]
    data = {k: str(v) for k, v in form.initial.items() if not isinstance(v, list) and v is not None}
    data[f"a{setup['indicators'][0].pk}-text"] = "x"
    data[f"a{setup['indicators'][0].pk}-evidence"] = [str(theirs.pk)]

    assert vendor.get(reverse("vendors:evidence", args=[theirs.pk])).status_code == 404
    assert vendor.post(reverse("vendors:evidence-delete", args=[theirs.pk])).status_code == 404
    assert EvidenceFile.objects.filter(pk=theirs.pk).exists()
    vendor.post(QUESTIONNAIRE, data)
    assert not theirs.answers.exists()


@pytest.mark.parametrize("state", ["revoked", "expired"])
def test_dead_link_answers_clear_page_and_logs_nobody_in(setup, state):
    field = {"revoked": "revoked_at", "expired": "link_expires_at"}[state]
    Invitation.objects.filter(pk=setup["invitation"].pk).update(**{field: timezone.now()})
    browser = Client()

    response = browser.get(f"/vendors/link/{setup['token']}/")

    assert response.status_code == 410
    assert "This link does not work" in response.content.decode()
    assert "vendors:invitation" not in browser.session
    assert "_auth_user_id" not in browser.session
    assert browser.get(QUESTIONNAIRE).status_code == 403


def test_token_never_in_logs(setup, caplog):
    caplog.set_level(logging.DEBUG)
    token = setup["token"]
    browser = Client()
    browser.get(f"/vendors/link/{token}/")
    browser.get(f"/vendors/link/{token}x/")  # unknown: 404, logged by django.request
    Invitation.objects.filter(pk=setup["invitation"].pk).update(revoked_at=timezone.now())
    browser.get(f"/vendors/link/{token}/")  # revoked: 410, logged

    assert any("/vendors/link/" in r.getMessage() for r in caplog.records)
    for record in caplog.records:
        assert token not in record.getMessage()
        assert token not in str(vars(record))


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("report.pdf", b"<html><script>alert(1)</script></html>", "not an accepted file type"),
        ("photo.png", PDF, "is named .png"),
        ("big.pdf", PDF + b"0" * 2048, "the limit is"),
    ],
)
def test_hostile_uploads_refused(setup, settings, name, content, why):
    settings.EVIDENCE_MAX_BYTES = 1024
    response = setup["vendor"].post(
        "/vendors/questionnaire/evidence/",
        {"files": [SimpleUploadedFile(name, content, content_type="application/pdf")]},
        follow=True,
    )

    assert why in response.content.decode()
    assert not EvidenceFile.objects.filter(original_name=name).exists()


def test_path_traversal_name_is_stored_under_a_safe_name(setup):
    setup["vendor"].post(
        "/vendors/questionnaire/evidence/",
        {
            "files": [
                SimpleUploadedFile("../../etc/passwd.pdf", PDF, content_type="application/pdf")
            ]
        },
    )

    stored = EvidenceFile.objects.order_by("-pk").first()
    assert stored.original_name == "passwd.pdf"
    assert ".." not in stored.file.name
    assert stored.file.name.startswith("vendor-evidence/")


def test_answers_escaped_everywhere_shown(setup):
    vendor = setup["vendor"]
    form = vendor.get(QUESTIONNAIRE).context["form"]
    data = {k: str(v) for k, v in form.initial.items() if not isinstance(v, list) and v is not None}
    data[f"a{setup['indicators'][0].pk}-text"] = HOSTILE
    vendor.post(QUESTIONNAIRE, data)
    vendor.post(reverse("vendors:submit"))
    engagement = setup["candidate"].engagement
    consultant, analyst = Client(), Client()
    consultant.force_login(setup["consultant"])
    analyst.force_login(setup["analyst"])
    pages = [
        vendor.get(QUESTIONNAIRE),
        consultant.get(
            reverse("vendors:invitation-detail", args=[engagement.pk, setup["invitation"].pk])
        ),
        analyst.get(
            reverse(
                "scorecard:assessment-criterion",
                args=[engagement.pk, setup["assessment"].pk, setup["indicators"][0].criterion.code],
            )
        ),
    ]

    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_vendor_pages_never_cached(setup):
    response = setup["vendor"].get(QUESTIONNAIRE)

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_user_login_ends_the_vendor_session(setup):
    vendor = setup["vendor"]
    vendor.force_login(setup["analyst"])

    assert "vendors:invitation" not in vendor.session
    assert vendor.get(QUESTIONNAIRE).status_code == 403


def test_vendor_needs_no_second_factor_when_staff_do(setup, settings):
    settings.TWO_FACTOR_REQUIRED = True
    browser = Client()
    token = setup["token"]

    opened = browser.get(f"/vendors/link/{token}/")

    assert opened["Location"] == QUESTIONNAIRE
    assert browser.get(QUESTIONNAIRE).status_code == 200


@pytest.mark.parametrize("logger_name", ["django.server", "gunicorn.access", "django.request"])
def test_access_log_lines_redact_the_token(caplog, logger_name):
    caplog.set_level(logging.INFO)
    token = "Abc_defGhij-klmnopQRSTuvwxyz0123456789abcde"

    logging.getLogger(logger_name).info(
        '"%s" %s %s', f"GET /vendors/link/{token}/ HTTP/1.1", 302, 0
    )

    assert caplog.records[-1].getMessage() == '"GET /vendors/link/[redacted]/ HTTP/1.1" 302 0'


def test_consultant_urls_with_another_engagements_ids_answer_404(setup):
    """A consultant of engagement A, with B's pk or with A's pk and B's invitation or file ids:
    404 to GET and POST, and B's invitation is left as it was."""
    mine = MembershipFactory(role=Role.CONSULTANT)
    client = Client()
    client.force_login(mine.user)
    theirs = setup["invitation"]
    their_pk = setup["candidate"].engagement_id
    their_file = EvidenceFile.objects.get(invitation=theirs).pk
    urls = [reverse("vendors:invitation-list", args=[their_pk])]
    for pk in (their_pk, mine.engagement_id):
        urls.append(reverse("vendors:invitation-detail", args=[pk, theirs.pk]))
        urls.append(reverse("vendors:staff-evidence", args=[pk, their_file]))
        urls += [
            reverse("vendors:invitation-action", args=[pk, theirs.pk, action])
            for action in ("remind", "extend", "reopen", "revoke", "accept-profile")
        ]
    before = Invitation.objects.values().get(pk=theirs.pk)

    for url in urls:
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {"deadline": "2030-01-01"}).status_code == 404, url

    assert Invitation.objects.values().get(pk=theirs.pk) == before
