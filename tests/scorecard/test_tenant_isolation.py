"""Tenant isolation: nobody sees or changes another client's engagement.

Every URL pattern of the evaluation app is enumerated from the URL resolver (so a new view is
covered the day it is added; a URL argument this suite cannot fill fails the suite). For every
role in engagement A:

- each URL with engagement B's ids (B's pk, or A's pk with B's candidate/assessment/… ids)
  answers 404 to GET and POST, and not one value in the database changes;
- a marker string seeded into every text field of engagement B never appears in any page,
  JSON response or export that a member of A can open with A's ids, nor in the text of a
  PDF report built for A.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from pypdf import PdfReader

from scorecard.models import (
    AssessmentStatus,
    ComplianceCheck,
    ComplianceEvidence,
    ComplianceItem,
    Evidence,
    GateDefinition,
    GateFact,
    GateWaiver,
    Invitation,
    Membership,
    Report,
    Risk,
    Role,
)
from scorecard.reports.sections import section_choices
from scorecard.services.decisions import publish_decision
from tests.factories import (
    AssessmentFactory,
    CandidateFactory,
    CriterionFactory,
    EngagementFactory,
    IndicatorFactory,
    MembershipFactory,
    ProviderFactory,
    ScoreFactory,
    SiteFactory,
    UserFactory,
)

MARKER = "Zq7-MARKER-of-engagement-B"
ROLES = (Role.CONSULTANT, Role.ANALYST, Role.CLIENT_VIEWER)


def _engagement_patterns() -> list[tuple[str, list[str]]]:
    """(URL name, its argument names) for every pattern under the ``scorecard`` namespace."""
    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "scorecard" and pattern.name:
                found.append((pattern.name, list(pattern.pattern.converters)))

    walk(get_resolver().url_patterns, None)
    return found


def _tenant(consultant, analyst, viewer, *, marker: str = ""):
    """An engagement with one of everything a URL can point at."""
    engagement = EngagementFactory(
        name=f"Engagement {marker}", client_name=f"Client {marker}", description=marker
    )
    for user, role in (
        (consultant, Role.CONSULTANT),
        (analyst, Role.ANALYST),
        (viewer, Role.CLIENT_VIEWER),
    ):
        MembershipFactory(engagement=engagement, user=user, role=role)
    engagement.reset_weights_to_defaults()
    # Providers and sites are shared reference data; what is confidential is the engagement,
    # its candidates' notes, scores, notes and evidence.
    candidate = CandidateFactory(
        engagement=engagement, primary_site=SiteFactory(provider=ProviderFactory()), notes=marker
    )
    assessment = AssessmentFactory(
        candidate=candidate,
        assessor=analyst,
        status=AssessmentStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    indicator = engagement.indicator_weights.first().indicator
    score = ScoreFactory(assessment=assessment, indicator=indicator, value=4, note=marker)
    evidence = Evidence.objects.create(
        score=score,
        file=ContentFile(b"%PDF-1.4 " + marker.encode(), name="evidence.pdf"),
        original_name=f"{marker}.pdf",
        content_type="application/pdf",
        size=20,
        uploaded_by=analyst,
    )
    risk = Risk.objects.create(
        engagement=engagement,
        candidate=candidate,
        title=f"Risk {marker}",
        description=marker,
        likelihood=3,
        impact=4,
        mitigation=marker,
    )
    report = Report.objects.create(
        engagement=engagement, requested_by=consultant, commentary=marker, status="done"
    )
    report.file.save("report.pdf", ContentFile(b"%PDF-1.4 " + marker.encode()), save=False)
    report.data_pack.save("report.xlsx", ContentFile(b"PK " + marker.encode()), save=False)
    report.deck.save("report.pptx", ContentFile(b"PK " + marker.encode()), save=True)
    answer = ComplianceCheck.objects.create(
        candidate=candidate, item=ComplianceItem.PRIVACY_NOTICE, status="met", evidence=marker
    )
    compliance_file = ComplianceEvidence.objects.create(
        answer=answer,
        file=ContentFile(b"%PDF-1.4 " + marker.encode(), name="dpa.pdf"),
        original_name=f"{marker}.pdf",
        content_type="application/pdf",
        size=20,
    )
    gate, _created = GateDefinition.objects.get_or_create(
        code="dpa-signed",
        defaults={"name": "DPA signed", "description": "…", "fact": GateFact.DPA_SIGNED},
    )
    engagement.gates.add(gate)
    waiver = GateWaiver.objects.create(
        engagement=engagement,
        candidate=candidate,
        gate=gate,
        reason=marker or "r",
        waived_by=consultant,
    )
    # B publishes two decisions, A one: B's decision number is not one of A's.
    for _ in range(2 if marker else 1):
        decision = publish_decision(
            engagement=engagement, label=f"Decision {marker}", published_by=consultant
        )
    invitation = Invitation.objects.create(
        engagement=engagement,
        email=f"invitee-{engagement.pk}@example.test",
        role=Role.ANALYST,
        token_hash=f"{engagement.pk:064d}",
        invited_by=consultant,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    return {
        "invitation_id": invitation.pk,
        "code": "no_security_certification",
        "file_id": compliance_file.pk,
        "pk": engagement.pk,
        "report_id": report.pk,
        "kind": "xlsx",  # a report's data pack (the deck answers to the same view)
        "risk_id": risk.pk,
        "item": ComplianceItem.PRIVACY_NOTICE.value,
        "candidate_id": candidate.pk,
        "assessment_id": assessment.pk,
        "criterion_code": indicator.criterion.code,
        "evidence_id": evidence.pk,
        "membership_id": Membership.objects.get(engagement=engagement, user=analyst).pk,
        "waiver_id": waiver.pk,
        "number": decision.number,
        "engagement": engagement,
    }


@pytest.fixture
def tenants(db):
    criterion = CriterionFactory(code="service")
    IndicatorFactory(criterion=criterion, code="omnichannel", default_weight=100)
    a_users = {role: UserFactory(username=f"a-{role}") for role in ROLES}
    b_users = {role: UserFactory(username=f"b-{role}") for role in ROLES}
    a = _tenant(*a_users.values())
    b = _tenant(*b_users.values(), marker=MARKER)
    return a, b, a_users


def _ids(kwargs_names, source, *, fallback=None) -> dict:
    kwargs = {}
    for name in kwargs_names:
        value = source.get(name, fallback.get(name) if fallback else None)
        if value is None:
            pytest.fail(f"The isolation suite cannot fill URL argument {name!r}: add it.")
        kwargs[name] = value
    return kwargs


def _snapshot() -> dict[str, list[tuple]]:
    """Every field of every row (history included) of the apps' models and the users: an
    update that changes one value shows up, not only a row created or deleted."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values_list())
        for app in ("scorecard", "providers", "cities", "auth")
        for model in apps.get_app_config(app).get_models()
    }


def test_every_engagement_url_is_covered():
    names = {name for name, _ in _engagement_patterns()}
    assert {"engagement-detail", "results", "assessment-detail", "evidence-download"} <= names


@pytest.mark.parametrize("role", ROLES)
def test_other_engagements_ids_are_404_and_change_nothing(client, tenants, role):
    a, b, a_users = tenants
    client.force_login(a_users[role])
    before = _snapshot()
    checked = 0
    for name, arg_names in _engagement_patterns():
        if not arg_names:
            continue
        variants = [_ids(arg_names, b)]  # everything from B
        if "pk" in arg_names and len(arg_names) > 1:
            variants.append({**_ids(arg_names, b), "pk": a["pk"]})  # A's engagement, B's objects
        for kwargs in variants:
            url = reverse(f"scorecard:{name}", kwargs=kwargs)
            for method in ("get", "post"):
                status = getattr(client, method)(url, {"role": "consultant"}).status_code
                if status == 403 and kwargs["pk"] == a["pk"]:
                    # A member whose role may not do this at all is refused before any lookup:
                    # the same 403 as for A's own objects, which says nothing about B.
                    own = reverse(f"scorecard:{name}", kwargs=_ids(arg_names, a))
                    assert getattr(client, method)(own).status_code == 403, (role, url)
                    continue
                assert status in (404, 405), f"{role} {method.upper()} {url}: {status}"
                checked += 1
    assert checked > 20
    assert _snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_marker_of_engagement_b_never_shown_to_members_of_a(client, tenants, role):
    a, _b, a_users = tenants
    client.force_login(a_users[role])
    seen = 0
    for name, arg_names in _engagement_patterns():
        kwargs = _ids(arg_names, a)
        url = reverse(f"scorecard:{name}", kwargs=kwargs)
        for query in ("", "?format=csv", "?format=xlsx"):
            response = client.get(url + query)
            if response.status_code != 200:
                continue
            content = b"".join(response) if response.streaming else response.content
            assert MARKER.encode() not in content, f"{role} GET {url}{query}"
            seen += 1
    for url in (reverse("home"), reverse("providers:provider-list"), reverse("cities:city-list")):
        assert MARKER.encode() not in client.get(url).content, url
        seen += 1
    assert seen > 10


@pytest.mark.slow
def test_report_built_for_a_never_contains_the_marker_of_b(client, tenants):
    """A real PDF report of engagement A, every section, built by the job and downloaded by
    A's consultant: its text names A's candidate and nothing of B."""
    a, _b, a_users = tenants
    client.force_login(a_users[Role.CONSULTANT])
    response = client.post(
        reverse("scorecard:report-create", kwargs={"pk": a["pk"]}),
        {"sections": [key for key, _ in section_choices()]},
    )
    assert response.status_code == 302
    report = a["engagement"].reports.latest("version")
    assert report.status == "done", report.error
    download = client.get(
        reverse("scorecard:report-download", kwargs={"pk": a["pk"], "report_id": report.pk})
    )
    assert download.status_code == 200
    pdf = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    provider = a["engagement"].candidates.get().primary_site.provider
    assert provider.trade_name in text  # the text was read: A's own candidate is in it
    assert MARKER not in text
    assert MARKER not in str(pdf.metadata)
