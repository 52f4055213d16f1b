"""Gates tab: choose must-have gates, see each candidate's current result."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from providers.models import CredentialKind
from scorecard.models import DpaStatus, GateDefinition, GateFact, Role
from tests.factories import CandidateFactory, CredentialFactory, SiteFactory
from tests.scorecard.conftest import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def gates(db):
    def gate(code, fact, order, legal_basis=""):
        return GateDefinition.objects.create(
            code=code,
            name=code.replace("-", " ").capitalize(),
            description=f"About {code}.",
            legal_basis=legal_basis,
            fact=fact,
            order=order,
        )

    return {
        "dpa": gate("dpa-signed", GateFact.DPA_SIGNED, 1, "LFPDPPP 2025 art. 21"),
        "seats": gate("min-seats", GateFact.SEATS_AVAILABLE, 2),
        "security": gate("security", GateFact.SECURITY_CERTIFIED, 3),
    }


def _url(world):
    return reverse("scorecard:gates", args=[world.engagement.pk])


def test_gates_page_visible_to_all_members(world, check_access, gates):
    check_access(world, _url(world), allowed=ROLES, ok=200)


def test_gates_post_is_consultant_only(world, check_access, gates):
    check_access(
        world,
        _url(world),
        allowed={Role.CONSULTANT},
        method="post",
        data={"gates": [gates["dpa"].pk]},
    )


def test_gates_choice_shows_description_and_legal_basis(client, world, gates):
    client.force_login(world.users[Role.CONSULTANT])

    text = client.get(_url(world)).content.decode()

    assert "About dpa-signed." in text
    assert "LFPDPPP 2025 art. 21" in text


def test_gates_save_chosen(client, world, gates):
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(_url(world), {"gates": [gates["dpa"].pk, gates["seats"].pk]})

    assert response.status_code == 302
    assert set(world.engagement.gates.values_list("code", flat=True)) == {
        "dpa-signed",
        "min-seats",
    }


@pytest.mark.parametrize("unknown", ["999999", "9" * 40, "-" + "9" * 40])
def test_gates_unknown_gate_id_refused_and_nothing_written(client, world, gates, unknown):
    """An id beyond the database's integer range too: SQLite cannot bind it (once a 500)."""
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(_url(world), {"gates": [gates["dpa"].pk, unknown]})

    assert response.status_code == 200
    assert "gates" in response.context["form"].errors
    assert not world.engagement.gates.exists()


def test_gates_table_shows_pass_fail_and_unverified(client, world, gates):
    world.engagement.gates.set(gates.values())
    signed = CandidateFactory(
        engagement=world.engagement,
        primary_site=SiteFactory(seats_available=300),
        dpa_status=DpaStatus.SIGNED,
    )
    CredentialFactory(provider=signed.provider, kind=CredentialKind.ISO_27001)
    unknown = CandidateFactory(
        engagement=world.engagement, primary_site=SiteFactory(seats_available=50)
    )
    client.force_login(world.users[Role.CLIENT_VIEWER])

    response = client.get(_url(world))

    outcomes = {
        row.candidate.id: [cell.outcome for cell in row.cells] for row in response.context["rows"]
    }
    assert outcomes == {
        signed.pk: ["passed", "passed", "passed"],
        unknown.pk: ["unverified", "failed", "failed"],
    }
    text = response.content.decode()
    assert "data-processing agreement status not known" in text
    assert "50 seats available" in text


def _add_candidates(world, n):
    for _ in range(n):
        candidate = CandidateFactory(engagement=world.engagement, sites=[SiteFactory()])
        CredentialFactory(provider=candidate.provider)


def test_gates_query_count_does_not_grow_with_candidates(client, world, gates, count_queries):
    world.engagement.gates.set(gates.values())
    client.force_login(world.users[Role.CONSULTANT])
    _add_candidates(world, 1)
    cache.clear()  # the page reads the ranking, cached under a version bumped on commit
    _, one = count_queries(client, _url(world))
    _add_candidates(world, 4)
    cache.clear()

    _, five = count_queries(client, _url(world))

    assert five == one
