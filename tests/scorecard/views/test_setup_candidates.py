"""Candidates tab: shortlist, add, edit, remove, suggestions."""

import pytest
from django.urls import reverse

from scorecard.models import AssessmentStatus, Candidate, DpaStatus, Role
from tests.factories import (
    AssessmentFactory,
    CandidateFactory,
    CityFactory,
    ProviderFactory,
    SiteFactory,
    fitting_site,
    scope_voice_in_english,
)
from tests.scorecard.conftest import ROLES

pytestmark = pytest.mark.django_db

CONSULTANT_ONLY = {Role.CONSULTANT}


def _url(name, world, *args):
    return reverse(f"scorecard:{name}", args=[world.engagement.pk, *args])


def test_candidate_list_access(world, check_access):
    check_access(world, _url("candidate-list", world), allowed=ROLES, ok=200)


def test_candidate_add_access(world, check_access):
    check_access(world, _url("candidate-add", world), allowed=CONSULTANT_ONLY, ok=200)


def test_candidate_edit_and_remove_access(world, check_access):
    candidate = CandidateFactory(engagement=world.engagement)
    for name in ("candidate-edit", "candidate-remove"):
        check_access(world, _url(name, world, candidate.pk), allowed=CONSULTANT_ONLY, ok=200)


def test_candidate_remove_post_access(world, check_access):
    # Every allowed POST removes it, so give the consultant a fresh one each time: check the
    # refusals on one candidate, then the consultant's POST.
    candidate = CandidateFactory(engagement=world.engagement)
    check_access(
        world,
        _url("candidate-remove", world, candidate.pk),
        allowed=CONSULTANT_ONLY,
        method="post",
        ok=302,
    )
    assert not Candidate.objects.filter(pk=candidate.pk).exists()


def test_candidate_list_shows_sites_seats_and_dpa(client, world):
    site = SiteFactory(city=CityFactory(name="Monterrey"), seats_available=150)
    extra = SiteFactory(provider=site.provider, city=CityFactory(name="Saltillo"))
    CandidateFactory(
        engagement=world.engagement,
        primary_site=site,
        sites=[extra],
        dpa_status=DpaStatus.SIGNED,
    )
    client.force_login(world.users[Role.ANALYST])

    response = client.get(_url("candidate-list", world))

    text = response.content.decode()
    assert "Monterrey" in text
    assert "Saltillo" in text
    assert "270 of 200 needed" in text
    assert "Signed" in text
    assert response.context["suggestions"] == []  # suggestions are for consultants


def test_candidate_add_creates_candidate_with_primary_among_sites(client, world):
    site = SiteFactory()
    extra = SiteFactory(provider=site.provider)
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(
        _url("candidate-add", world),
        {
            "provider": site.provider.pk,
            "primary_site": site.pk,
            "sites": [extra.pk],
            "dpa_status": DpaStatus.UNKNOWN,
        },
    )

    assert response.status_code == 302
    candidate = Candidate.objects.get(engagement=world.engagement)
    assert set(candidate.sites.values_list("pk", flat=True)) == {site.pk, extra.pk}


def test_candidate_add_site_id_beyond_the_integer_range_is_a_field_error(client, world):
    site = SiteFactory()
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(
        _url("candidate-add", world),
        {
            "provider": site.provider.pk,
            "primary_site": site.pk,
            "sites": ["9" * 40],
            "dpa_status": DpaStatus.UNKNOWN,
        },
    )

    assert response.status_code == 200
    assert "sites" in response.context["form"].errors
    assert not Candidate.objects.exists()


def test_candidate_add_site_of_another_provider_is_refused(client, world):
    site = SiteFactory()
    foreign = SiteFactory()
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(
        _url("candidate-add", world),
        {
            "provider": site.provider.pk,
            "primary_site": site.pk,
            "sites": [foreign.pk],
            "dpa_status": DpaStatus.UNKNOWN,
        },
    )

    assert response.status_code == 200
    assert "sites" in response.context["form"].errors
    assert not Candidate.objects.exists()


def test_candidate_add_primary_site_of_another_provider_is_refused(client, world):
    provider = ProviderFactory()
    foreign = SiteFactory()
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(
        _url("candidate-add", world),
        {"provider": provider.pk, "primary_site": foreign.pk, "dpa_status": DpaStatus.UNKNOWN},
    )

    assert response.context["form"].errors["primary_site"] == [
        "This site belongs to another provider."
    ]
    assert not Candidate.objects.exists()


def test_candidate_add_same_primary_site_twice_is_refused(client, world):
    candidate = CandidateFactory(engagement=world.engagement)
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(
        _url("candidate-add", world),
        {
            "provider": candidate.provider.pk,
            "primary_site": candidate.primary_site.pk,
            "dpa_status": DpaStatus.UNKNOWN,
        },
    )

    assert response.context["form"].errors["primary_site"] == ["This site is already shortlisted."]
    assert Candidate.objects.count() == 1


def test_candidate_edit_changes_sites_dpa_and_notes(client, world):
    candidate = CandidateFactory(engagement=world.engagement)
    extra = SiteFactory(provider=candidate.provider)
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(
        _url("candidate-edit", world, candidate.pk),
        {"sites": [extra.pk], "dpa_status": DpaStatus.SIGNED, "notes": "Visited in May."},
    )

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.dpa_status == DpaStatus.SIGNED
    assert candidate.notes == "Visited in May."
    assert set(candidate.sites.values_list("pk", flat=True)) == {
        candidate.primary_site_id,
        extra.pk,
    }


def test_candidate_edit_site_of_another_provider_is_refused(client, world):
    candidate = CandidateFactory(engagement=world.engagement)
    foreign = SiteFactory()
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(
        _url("candidate-edit", world, candidate.pk),
        {"sites": [foreign.pk], "dpa_status": DpaStatus.SIGNED},
    )

    assert response.status_code == 200
    assert "sites" in response.context["form"].errors
    candidate.refresh_from_db()
    assert candidate.dpa_status == DpaStatus.UNKNOWN


@pytest.mark.parametrize("name", ["candidate-edit", "candidate-remove"])
def test_candidate_of_another_engagement_is_404(client, world, name):
    theirs = CandidateFactory(engagement=world.other)
    client.force_login(world.users[Role.CONSULTANT])

    assert client.get(_url(name, world, theirs.pk)).status_code == 404
    assert client.post(_url(name, world, theirs.pk), {"dpa_status": "signed"}).status_code == 404
    assert Candidate.objects.filter(pk=theirs.pk, dpa_status=DpaStatus.UNKNOWN).exists()


def test_candidate_remove_with_submitted_assessment_is_refused(client, world):
    candidate = CandidateFactory(engagement=world.engagement)
    AssessmentFactory(candidate=candidate, status=AssessmentStatus.SUBMITTED)
    client.force_login(world.users[Role.CONSULTANT])

    response = client.post(_url("candidate-remove", world, candidate.pk), follow=True)

    assert Candidate.objects.filter(pk=candidate.pk).exists()
    assert "cannot be removed" in response.content.decode()


def test_candidate_remove_confirmation_warns_about_drafts(client, world):
    candidate = CandidateFactory(engagement=world.engagement)
    AssessmentFactory(candidate=candidate)
    client.force_login(world.users[Role.CONSULTANT])

    response = client.get(_url("candidate-remove", world, candidate.pk))

    assert "1 draft assessment of this candidate will be deleted" in response.content.decode()


def test_candidate_list_suggestion_one_click_add(client, world):
    scope_voice_in_english(world.engagement)
    site = fitting_site()
    client.force_login(world.users[Role.CONSULTANT])

    page = client.get(_url("candidate-list", world))
    assert [s.site.site_id for s in page.context["suggestions"]] == [site.pk]
    response = client.post(
        _url("candidate-add", world),
        {"provider": site.provider_id, "primary_site": site.pk, "dpa_status": "unknown"},
    )

    assert response.status_code == 302
    assert Candidate.objects.get(engagement=world.engagement).primary_site == site
    page = client.get(_url("candidate-list", world))
    assert page.context["suggestions"] == []


def _add_candidates(world, n):
    for _ in range(n):
        site = fitting_site()
        CandidateFactory(engagement=world.engagement, primary_site=site, sites=[SiteFactory()])
        fitting_site()  # another suggestion


def test_candidate_list_query_count_does_not_grow_with_candidates(client, world, count_queries):
    scope_voice_in_english(world.engagement)
    client.force_login(world.users[Role.CONSULTANT])
    url = _url("candidate-list", world)
    _add_candidates(world, 1)
    _, one = count_queries(client, url)
    _add_candidates(world, 4)

    _, five = count_queries(client, url)

    assert five == one
