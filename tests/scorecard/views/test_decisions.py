"""Decision pages: access, publishing from the web, the frozen ranking, what client viewers
see, the diff page, and a report built from a decision."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scorecard.models import CriterionWeight, Decision, Report, Role
from scorecard.services.decisions import publish_decision
from tests.factories import CandidateFactory, ProviderFactory, SiteFactory

EVERYONE = {Role.CONSULTANT, Role.ANALYST, Role.CLIENT_VIEWER}

pytestmark = pytest.mark.usefixtures("gates_verified")


def url(world, name, **kwargs) -> str:
    return reverse(f"scorecard:{name}", kwargs={"pk": world.engagement.pk, **kwargs})


def publish(world, label="Steering committee"):
    return publish_decision(
        engagement=world.engagement, label=label, published_by=world.users[Role.CONSULTANT]
    )


def set_weight(world, code: str, weight: int) -> None:
    CriterionWeight.objects.filter(engagement=world.engagement, criterion__code=code).update(
        weight=Decimal(weight)
    )


# --- Access -------------------------------------------------------------------------------


def test_decision_list_access(world, check_access):
    check_access(world, url(world, "decision-list"), EVERYONE, ok=200)


def test_decision_detail_access(world, ranked, check_access):
    publish(world)
    check_access(world, url(world, "decision-detail", number=1), EVERYONE, ok=200)


def test_decision_publish_access(world, check_access):
    check_access(world, url(world, "decision-publish"), {Role.CONSULTANT}, ok=200)


def test_decision_diff_access(world, ranked, check_access):
    publish(world)
    check_access(
        world, url(world, "decision-diff", number=1), {Role.CONSULTANT, Role.ANALYST}, ok=200
    )


def test_decision_report_access(world, ranked, check_access, settings):
    publish(world)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    check_access(
        world, url(world, "decision-report", number=1), {Role.CONSULTANT}, method="post", ok=302
    )


def test_decision_detail_unknown_number_is_404(client, world):
    client.force_login(world.users[Role.CONSULTANT])

    assert client.get(url(world, "decision-detail", number=7)).status_code == 404


# --- Publishing ---------------------------------------------------------------------------


def test_decision_publish_post_publishes_and_redirects_to_it(client, world, ranked):
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(url(world, "decision-publish"), {"label": "Board", "confirm": "on"})

    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(world, "decision-detail", number=1)
    assert (decision.label, decision.published_by) == ("Board", world.users[Role.CONSULTANT])


@pytest.mark.parametrize(
    "data", [{"label": "Board"}, {"label": "", "confirm": "on"}, {"label": "x" * 300}]
)
def test_decision_publish_bad_post_shows_the_form_and_writes_nothing(client, world, data):
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(url(world, "decision-publish"), data)

    assert response.status_code == 200
    assert 'class="invalid-feedback' in response.content.decode()
    assert Decision.objects.count() == 0


def test_decision_detail_shows_the_frozen_ranking_after_a_weight_change(client, world, ranked):
    publish(world)
    before = client_html(client, world, Role.CONSULTANT, url(world, "decision-detail", number=1))
    set_weight(world, "service", 5)

    after = client_html(client, world, Role.CONSULTANT, url(world, "decision-detail", number=1))

    assert ranking_table(after) == ranking_table(before)
    assert "Alpha" in ranking_table(after)
    assert "Steering committee" in after
    assert Decision.objects.get().fingerprint in after


def ranking_table(html: str) -> str:
    return html.split('id="decision-ranking"')[1].split("</table>")[0]


def client_html(client, world, role, address) -> str:
    client.force_login(world.users[role])
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


# --- What client viewers see --------------------------------------------------------------


@pytest.mark.parametrize("name", ["results", "results-compare", "results-robustness"])
def test_results_pages_client_viewer_without_decision_sees_no_decision_yet(
    client, world, ranked, name
):
    html = client_html(client, world, Role.CLIENT_VIEWER, url(world, name))

    assert 'id="no-decision"' in html
    assert "Alpha" not in html


def test_results_dashboard_client_viewer_sees_the_latest_decision_not_the_draft(
    client, world, ranked
):
    publish(world, "First")
    set_weight(world, "service", 5)
    latest = publish(world, "Second")
    set_weight(world, "service", 95)  # the live draft moves on
    CandidateFactory(
        engagement=world.engagement,
        primary_site=SiteFactory(provider=ProviderFactory(trade_name="Draft-only candidate")),
    )

    html = client_html(client, world, Role.CLIENT_VIEWER, url(world, "results"))
    consultant = client_html(client, world, Role.CONSULTANT, url(world, "results"))

    assert 'id="shown-decision"' in html
    assert "Second" in html
    # Weights are printed as shares of 100 (service 5 beside talent 40: 11.1 %).
    assert "weight 11.1 %" in html
    assert "weight 70.4 %" not in html  # the draft's 95 beside 40
    assert "Draft-only candidate" not in html
    assert "weight 70.4 %" in consultant
    assert 'id="shown-decision"' not in consultant
    assert latest.number == 2


def test_decision_list_client_viewer_sees_the_latest_only(client, world, ranked):
    publish(world, "First")
    publish(world, "Second")
    client.force_login(world.users[Role.CLIENT_VIEWER])

    html = client.get(url(world, "decision-list")).content.decode()

    assert "Second" in html
    assert "First" not in html
    assert client.get(url(world, "decision-detail", number=1)).status_code == 404
    assert client.get(url(world, "decision-detail", number=2)).status_code == 200


def test_decision_list_queries_do_not_grow_with_decisions(client, world, ranked):
    client.force_login(world.users[Role.CONSULTANT])
    publish(world, "One")
    with CaptureQueriesContext(connection) as one:
        client.get(url(world, "decision-list"))
    publish(world, "Two")
    publish(world, "Three")
    with CaptureQueriesContext(connection) as three:
        client.get(url(world, "decision-list"))

    assert len(three) == len(one)


# --- Diff ---------------------------------------------------------------------------------


def test_decision_diff_against_live_lists_the_weight_change_and_its_effect(client, world, ranked):
    publish(world)
    set_weight(world, "service", 20)

    html = client_html(client, world, Role.CONSULTANT, url(world, "decision-diff", number=1))

    assert 'id="attribution-method"' in html
    assert "Weight of Service" in html
    assert '<th scope="col" class="text-end">Weights</th>' in html
    assert "Scores</th>" not in html


def test_decision_diff_between_two_decisions_and_bad_against(client, world, ranked):
    publish(world, "One")
    set_weight(world, "service", 20)
    publish(world, "Two")
    client.force_login(world.users[Role.CONSULTANT])

    same = client.get(url(world, "decision-diff", number=2) + "?against=2").content.decode()
    other = client.get(url(world, "decision-diff", number=1) + "?against=2")

    assert 'id="no-changes"' in same
    assert "Weight of Service" in other.content.decode()
    for bad in ("9", "abc", "9" * 40):
        address = url(world, "decision-diff", number=1) + f"?against={bad}"
        assert client.get(address).status_code == 404


# --- Report from a decision ---------------------------------------------------------------


def test_decision_report_queues_a_report_linked_to_the_decision(client, world, ranked, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    decision = publish(world)
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(url(world, "decision-report", number=1))

    report = Report.objects.get()
    assert response.status_code == 302
    assert report.decision == decision


def test_export_ranking_client_viewer_gets_the_published_decision(client, world, ranked):
    publish(world)
    set_weight(world, "service", 5)
    client.force_login(world.users[Role.CLIENT_VIEWER])

    frozen = client.get(url(world, "export-ranking"), {"format": "csv"}).content
    client.force_login(world.users[Role.CONSULTANT])
    live = client.get(url(world, "export-ranking"), {"format": "csv"}).content

    assert b"Alpha" in frozen
    assert frozen != live
