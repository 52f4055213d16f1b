"""An engagement with one candidate, two rated indicators and a consultant, and an invitation
of the candidate's provider (``vendor``: the invitation, its token, and a client that opened
the link)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from scorecard.models import Candidate, Indicator, Role
from tests.factories import CandidateFactory, IndicatorFactory, MembershipFactory, make_invitation
from vendors.models import Invitation


@dataclass
class VendorSetup:
    invitation: Invitation
    token: str
    client: Client
    candidate: Candidate
    indicators: list[Indicator]
    consultant: Client


@pytest.fixture
def vendor(db, client) -> VendorSetup:
    candidate = CandidateFactory()
    indicators = [IndicatorFactory(), IndicatorFactory()]
    membership = MembershipFactory(engagement=candidate.engagement, role=Role.CONSULTANT)
    invitation, token = make_invitation(candidate)
    vendor_client = Client()
    response = vendor_client.get(f"/vendors/link/{token}/")
    assert response.status_code == 302
    consultant = Client()
    consultant.force_login(membership.user)
    return VendorSetup(invitation, token, vendor_client, candidate, indicators, consultant)
