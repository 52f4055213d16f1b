"""Compliance & risks tab (:mod:`scorecard.views.compliance`): checklist items, who may edit
them, and which are derived (not editable)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from scorecard.models import ComplianceCheck, Role

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
