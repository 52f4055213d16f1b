"""Compliance & risks tab (:mod:`scorecard.views.compliance`): checklist items, who may edit
them, and which are derived (not editable)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scorecard.models import ComplianceCheck, ComplianceEvidence, Role

pytestmark = pytest.mark.django_db


def _url(name: str, world, **kwargs) -> str:
    return reverse(f"scorecard:{name}", kwargs={"pk": world.engagement.pk, **kwargs})


def test_compliance_check_saved_with_evidence(client, world, priced):
    client.force_login(world.users[Role.CONSULTANT])
    url = _url("compliance-check", world, candidate_id=priced["cheap"].pk, item="nom_035")
    data = {"status": "met", "evidence": "Policy v3", "issued_on": "2026-01-10"}
    assert client.post(url, data).status_code == 302
    check = ComplianceCheck.objects.get(candidate=priced["cheap"], item="nom_035")
    assert (check.status, check.updated_by) == ("met", world.users[Role.CONSULTANT])


def test_compliance_check_expiry_before_issue_refused(client, world, priced):
    client.force_login(world.users[Role.CONSULTANT])
    url = _url("compliance-check", world, candidate_id=priced["cheap"].pk, item="nom_035")
    data = {"status": "met", "issued_on": "2026-05-01", "expires_on": "2026-04-30"}
    response = client.post(url, data)
    assert "expires_on" in response.context["form"].errors
    assert not ComplianceCheck.objects.exists()


@pytest.mark.parametrize("item", ["repse", "sat_69b", "processor_contract", "no-such-item"])
def test_derived_or_unknown_items_are_not_editable(client, world, priced, item):
    client.force_login(world.users[Role.CONSULTANT])
    url = _url("compliance-check", world, candidate_id=priced["cheap"].pk, item=item)
    assert client.get(url).status_code == 404


PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


def _upload(client, world, candidate, name="dpa-signed.pdf", content=PDF):
    url = _url("compliance-check", world, candidate_id=candidate.pk, item="nom_035")
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(url, {"status": "met", "evidence": "Signed policy", "upload": upload})


def test_checklist_answer_keeps_an_evidence_file_members_can_download(client, world, priced):
    client.force_login(world.users[Role.CONSULTANT])
    assert _upload(client, world, priced["cheap"]).status_code == 302
    evidence = ComplianceEvidence.objects.get()
    assert (evidence.original_name, evidence.content_type) == ("dpa-signed.pdf", "application/pdf")
    page = client.get(_url("compliance", world)).content.decode()
    assert "dpa-signed.pdf" in page
    url = _url(
        "compliance-file-download",
        world,
        candidate_id=priced["cheap"].pk,
        item="nom_035",
        file_id=evidence.pk,
    )
    client.force_login(world.users[Role.CLIENT_VIEWER])
    response = client.get(url)
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_a_spoofed_evidence_file_is_refused_and_the_answer_not_saved(client, world, priced):
    client.force_login(world.users[Role.CONSULTANT])
    response = _upload(client, world, priced["cheap"], "policy.pdf", b"<html>not a pdf</html>")
    assert response.status_code == 200
    assert "upload" in response.context["form"].errors
    assert not ComplianceCheck.objects.exists()
    assert not ComplianceEvidence.objects.exists()


def test_an_evidence_file_can_be_removed_by_a_consultant(client, world, priced):
    client.force_login(world.users[Role.CONSULTANT])
    _upload(client, world, priced["cheap"])
    evidence = ComplianceEvidence.objects.get()
    url = _url("compliance-check", world, candidate_id=priced["cheap"].pk, item="nom_035")
    assert client.post(url, {"delete_file": str(evidence.pk)}).status_code == 302
    assert not ComplianceEvidence.objects.exists()
    refused = client.post(url, {"delete_file": "not-an-id"}, follow=True)
    assert "no longer attached" in refused.content.decode()


@pytest.mark.parametrize(("vertical", "status"), [("healthcare", 200), ("retail", 404)])
def test_hipaa_baa_answerable_only_for_healthcare_clients(client, world, priced, vertical, status):
    world.engagement.client_vertical = vertical
    world.engagement.save()
    client.force_login(world.users[Role.CONSULTANT])
    url = _url("compliance-check", world, candidate_id=priced["cheap"].pk, item="hipaa_baa")

    assert client.get(url).status_code == status
    page = client.get(_url("compliance", world)).content.decode()
    assert ("HIPAA business-associate agreement" in page) == (vertical == "healthcare")
