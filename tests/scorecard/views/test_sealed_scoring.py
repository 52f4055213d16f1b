"""Sealed scoring on the pages: an analyst sees other assessors' work on a candidate only after
submitting their own (or once calibration is open); client viewers never see notes or names."""

from __future__ import annotations

import pytest
from django.urls import reverse

from scorecard.models import AssessmentStatus, Role
from tests.factories import UserFactory
from tests.scorecard.conftest import assess_noted
from tests.scorecard.test_tenant_isolation import _engagement_patterns, _ids, _tenant

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Xq9-the-assessor-note-nobody-else-sees"


@pytest.fixture
def drafting(world, ranked):
    """The analyst has a draft on Alpha; the second analyst submitted Alpha with a note."""
    alpha, analyst = ranked["a"], ranked["analyst"]
    mine = alpha.assessments.get(assessor=analyst)
    mine.status = AssessmentStatus.DRAFT
    mine.save()
    theirs = alpha.assessments.get(assessor=ranked["other"])
    theirs.scores.update(note=SECRET_NOTE)
    return {**ranked, "mine": mine, "theirs": theirs}


def test_analyst_with_a_draft_gets_403_on_another_assessors_assessment(client, world, drafting):
    client.force_login(drafting["analyst"])
    assert client.get(drafting["theirs"].get_absolute_url()).status_code == 403


def test_analyst_after_submitting_sees_another_assessors_assessment(client, world, drafting):
    drafting["mine"].status = AssessmentStatus.SUBMITTED
    drafting["mine"].save()
    client.force_login(drafting["analyst"])
    response = client.get(drafting["theirs"].get_absolute_url())
    assert response.status_code == 200


def test_open_calibration_unseals_another_assessors_assessment(client, world, drafting):
    client.force_login(world.users[Role.CONSULTANT])
    url = reverse("scorecard:calibration-open", kwargs={"pk": world.engagement.pk})
    assert client.post(url, {}).status_code == 302  # no confirmation: refused
    world.engagement.refresh_from_db()
    assert world.engagement.calibration_open is False
    client.post(url, {"confirm": "on"})
    world.engagement.refresh_from_db()
    assert world.engagement.calibration_open is True
    client.force_login(drafting["analyst"])
    assert client.get(drafting["theirs"].get_absolute_url()).status_code == 200


def test_calibration_open_access(world, check_access):
    url = reverse("scorecard:calibration-open", kwargs={"pk": world.engagement.pk})
    check_access(world, url, {Role.CONSULTANT}, method="post", data={"confirm": "on"}, ok=302)


def test_head_to_head_shows_a_drafting_analyst_only_their_own(client, world, drafting):
    client.force_login(drafting["analyst"])
    url = reverse("scorecard:results-compare", kwargs={"pk": world.engagement.pk})
    html = client.get(url, {"c": [drafting["a"].pk, drafting["b"].pk]}).content.decode()
    assert SECRET_NOTE not in html
    assert "second-analyst" not in html  # their only other answers are on sealed Alpha
    assert 'id="sealed-note"' in html
    assert "yours: 5" in html  # the analyst's own draft answer on s1
    assert "radar-data" not in html  # the radar would draw Alpha's combined criterion scores


def test_head_to_head_shows_a_consultant_everything(client, world, drafting):
    client.force_login(world.users[Role.CONSULTANT])
    url = reverse("scorecard:results-compare", kwargs={"pk": world.engagement.pk})
    html = client.get(url, {"c": [drafting["a"].pk, drafting["c"].pk]}).content.decode()
    assert SECRET_NOTE in html
    assert 'id="sealed-note"' not in html
    assert "radar-data" in html


def test_agreement_leaves_sealed_candidates_out_for_a_drafting_analyst(client, world, drafting):
    client.force_login(drafting["analyst"])
    url = reverse("scorecard:results-agreement", kwargs={"pk": world.engagement.pk})
    html = client.get(url, {"show": "all"}).content.decode()
    assert SECRET_NOTE not in html
    assert 'id="sealed-note"' in html


@pytest.fixture
def noted_tenant(db):
    """A tenant whose assessors' notes and names are unmistakable, two assessors, a note on
    every score."""
    from tests.factories import CriterionFactory, IndicatorFactory

    criterion = CriterionFactory(code="service")
    IndicatorFactory(criterion=criterion, code="omnichannel", default_weight=100)
    users = [
        UserFactory(username="carla-c"),
        UserFactory(username="zed-analyst", first_name="Zedekiah", last_name="Quillfeather"),
        UserFactory(username="cecilia-v"),
    ]
    ids = _tenant(*users)
    ids["engagement"].candidates.get().assessments.get().scores.update(note=SECRET_NOTE)
    second = UserFactory(username="yolanda-analyst", first_name="Yolanda", last_name="Quill")
    candidate = ids["engagement"].candidates.get()
    assess_noted(candidate, second, {"omnichannel": 1})
    candidate.assessments.get(assessor=second).scores.update(note=SECRET_NOTE + "-2")
    return ids, users[2]


def test_client_viewer_sees_no_assessor_note_or_name_on_any_page(client, noted_tenant):
    ids, viewer = noted_tenant
    client.force_login(viewer)
    seen = 0
    for name, arg_names in _engagement_patterns():
        url = reverse(f"scorecard:{name}", kwargs=_ids(arg_names, ids))
        for query in ("", "?show=all", "?format=csv", "?format=xlsx"):
            response = client.get(url + query)
            if response.status_code != 200:
                continue
            content = b"".join(response) if response.streaming else response.content
            for secret in (SECRET_NOTE, "Quillfeather", "Zedekiah", "Yolanda"):
                assert secret.encode() not in content, f"{secret} in GET {url}{query}"
            seen += 1
    assert seen > 10


def test_client_viewers_menu_has_no_agreement_tab(client, world):
    overview = reverse("scorecard:engagement-detail", kwargs={"pk": world.engagement.pk})
    agreement = reverse("scorecard:results-agreement", kwargs={"pk": world.engagement.pk})
    client.force_login(world.users[Role.CLIENT_VIEWER])
    assert f'href="{agreement}"' not in client.get(overview).content.decode()
    client.force_login(world.users[Role.ANALYST])
    assert f'href="{agreement}"' in client.get(overview).content.decode()


# The ranking pages: ranks and totals compare every candidate, so while one is sealed for a
# drafting analyst the whole ranking is withheld from them (a page naming what to submit).
PAGES = ["results", "results-robustness"]


def _get(client, world, name, **params):
    return client.get(reverse(f"scorecard:{name}", kwargs={"pk": world.engagement.pk}), params)


@pytest.mark.parametrize("name", PAGES)
def test_drafting_analyst_gets_the_sealed_page(client, world, drafting, name):
    client.force_login(drafting["analyst"])
    response = _get(client, world, name)
    assert response.status_code == 403
    html = response.content.decode()
    assert 'id="results-sealed"' in html
    assert drafting["a"].label in html  # names what to submit
    assert "ranking-chart" not in html


def test_drafting_analyst_gets_no_whatif_ranking(client, world, drafting):
    client.force_login(drafting["analyst"])
    response = _get(client, world, "results-whatif", w_x="1")
    assert response.status_code == 403
    assert "ranking" not in response.json()
    assert drafting["a"].label in response.json()["errors"]["__all__"]


@pytest.mark.parametrize("name", PAGES)
def test_analyst_sees_the_ranking_after_submitting(client, world, drafting, name):
    drafting["mine"].status = AssessmentStatus.SUBMITTED
    drafting["mine"].save()
    client.force_login(drafting["analyst"])
    response = _get(client, world, name)
    assert response.status_code == 200
    assert 'id="results-sealed"' not in response.content.decode()


def test_open_calibration_unseals_the_ranking(client, world, drafting):
    world.engagement.calibration_opened_at = world.engagement.created_at
    world.engagement.save()
    client.force_login(drafting["analyst"])
    assert _get(client, world, "results").status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_consultant_sees_the_ranking_while_an_analyst_drafts(client, world, drafting, name):
    client.force_login(world.users[Role.CONSULTANT])
    assert _get(client, world, name).status_code == 200
