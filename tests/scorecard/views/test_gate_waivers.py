"""One gate rule: the Gates page and the ranking say the same; waivers of unverified gates."""

import pytest
from django.urls import reverse

from scorecard.engine.gates import UNVERIFIED
from scorecard.models import DpaStatus, GateDefinition, GateFact, GateWaiver, Role
from scorecard.ranking.cache import get_results
from scorecard.ranking.evaluate import publish_blockers
from scorecard.ranking.gates import gate_rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpa_gate(ranked):
    """The DPA gate on ``ranked``: nobody's agreement status is known, so all unverified
    (Bravo also fails the 69-B gate)."""
    gate = GateDefinition.objects.create(
        code="dpa", name="DPA signed", description="…", fact=GateFact.DPA_SIGNED
    )
    ranked["a"].engagement.gates.add(gate)
    provider = ranked["a"].provider
    provider.sat_69b_status = "not_listed"
    provider.save()
    return gate


def _gates_url(world):
    return reverse("scorecard:gates", args=[world.engagement.pk])


def _waive_url(world):
    return reverse("scorecard:gate-waiver-add", args=[world.engagement.pk])


def test_gate_statuses_identical_on_gates_page_and_ranking(client, world, ranked, dpa_gate):
    ranked["c"].dpa_status = DpaStatus.SIGNED
    ranked["c"].save()
    client.force_login(world.users[Role.CONSULTANT])

    page = client.get(_gates_url(world))

    on_page = {
        (row.candidate.id, cell.gate.code): cell.outcome
        for row in page.context["rows"]
        for cell in row.cells
    }
    results = get_results(world.engagement)
    in_ranking = {
        (row.candidate.id, code): outcome
        for row in results.rows
        for code, outcome in row.gates.items()
    }
    assert on_page == in_ranking
    assert on_page[(ranked["a"].pk, "dpa")] == UNVERIFIED
    assert on_page[(ranked["c"].pk, "dpa")] == "passed"
    assert on_page[(ranked["b"].pk, "no-69b")] == "failed"
    html = page.content.decode()
    assert gate_rule() in html
    assert "disqualified." not in html.split('id="gate-rule"')[0]  # the old contradicting help


def test_unverified_gate_on_the_leader_blocks_publishing_until_waived(
    client, world, ranked, dpa_gate, django_capture_on_commit_callbacks
):
    results = get_results(world.engagement)
    assert [(b.candidate.id, b.gate) for b in publish_blockers(results)] == [
        (ranked["a"].pk, "dpa")
    ]
    client.force_login(world.users[Role.CONSULTANT])

    with django_capture_on_commit_callbacks(execute=True):  # the cache's version bump
        response = client.post(
            _waive_url(world),
            {"candidate": ranked["a"].pk, "gate": dpa_gate.pk, "reason": "Signed copy due Friday."},
        )

    assert response.status_code == 302
    waiver = GateWaiver.objects.get()
    assert (waiver.waived_by, waiver.reason) == (
        world.users[Role.CONSULTANT],
        "Signed copy due Friday.",
    )
    assert publish_blockers(get_results(world.engagement)) == []
    assert waiver.history.count() == 1


@pytest.mark.parametrize("reason", ["", "   "])
def test_waiver_without_reason_is_refused_and_nothing_written(
    client, world, ranked, dpa_gate, reason
):
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(
        _waive_url(world), {"candidate": ranked["a"].pk, "gate": dpa_gate.pk, "reason": reason}
    )

    assert response.status_code == 200
    assert "reason" in response.context["waiver_form"].errors
    assert not GateWaiver.objects.exists()


def test_waiver_of_a_failed_gate_is_refused(client, world, ranked, dpa_gate):
    client.force_login(world.users[Role.CONSULTANT])
    gate = GateDefinition.objects.get(code="no-69b")

    response = client.post(
        _waive_url(world), {"candidate": ranked["b"].pk, "gate": gate.pk, "reason": "Trust me."}
    )

    assert response.status_code == 200
    assert response.context["waiver_form"].non_field_errors()
    assert not GateWaiver.objects.exists()


def test_waiver_is_consultant_only(world, check_access, ranked, dpa_gate):
    check_access(
        world,
        _waive_url(world),
        allowed={Role.CONSULTANT},
        method="post",
        data={"candidate": ranked["a"].pk, "gate": dpa_gate.pk, "reason": "ok"},
        ok=302,
    )


def test_waiver_shown_on_gates_page_and_ranking(client, world, ranked, dpa_gate):
    GateWaiver.objects.create(
        engagement=world.engagement,
        candidate=ranked["a"],
        gate=dpa_gate,
        reason="Signed copy due Friday.",
        waived_by=world.users[Role.CONSULTANT],
    )
    client.force_login(world.users[Role.ANALYST])  # live results (clients see decisions)

    gates_html = client.get(_gates_url(world)).content.decode()
    ranking_html = client.get(reverse("scorecard:results", args=[world.engagement.pk])).content

    assert "Signed copy due Friday." in gates_html.split('id="gates-table"')[1]
    assert "Signed copy due Friday." in ranking_html.decode().split('id="ranking-table"')[1]


def test_waiver_withdrawn_blocks_again(
    client, world, ranked, dpa_gate, django_capture_on_commit_callbacks
):
    waiver = GateWaiver.objects.create(
        engagement=world.engagement, candidate=ranked["a"], gate=dpa_gate, reason="r"
    )
    client.force_login(world.users[Role.CONSULTANT])

    url = reverse("scorecard:gate-waiver-withdraw", args=[world.engagement.pk, waiver.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302

    assert not GateWaiver.objects.exists()
    assert len(publish_blockers(get_results(world.engagement))) == 1
    history = client.get(_gates_url(world)).content.decode().split('id="waiver-history"')[1]
    assert "withdrawn" in history


def test_gates_page_query_count_does_not_grow_with_waivers(
    client, world, ranked, dpa_gate, count_queries
):
    from django.core.cache import cache

    client.force_login(world.users[Role.CONSULTANT])
    consultant = world.users[Role.CONSULTANT]
    counts = []
    for key in ("a", "c"):
        GateWaiver.objects.create(
            engagement=world.engagement,
            candidate=ranked[key],
            gate=dpa_gate,
            reason=f"Reason {key}",
            waived_by=consultant,
        )
        cache.clear()  # the page reads the ranking, cached under a version bumped on commit
        counts.append(count_queries(client, _gates_url(world))[1])

    assert counts[0] == counts[1], counts
