"""Who may open and change assessments: anonymous, outsider, each role, and other assessors."""

import pytest
from django.urls import reverse

from scorecard.models import Assessment, AssessmentStatus, Role
from tests.factories import AssessmentFactory, CandidateFactory, EvidenceFactory, ScoreFactory

pytestmark = pytest.mark.django_db

ASSESSORS = {Role.CONSULTANT, Role.ANALYST}


def test_assessment_list_access(world, check_access):
    url = reverse("scorecard:assessment-list", args=[world.engagement.pk])
    check_access(world, url, allowed=ASSESSORS, ok=200)


def test_assessment_start_access(world, check_access, sheet):
    """Analysts start assessments; a consultant of an engagement with analysts does not (it
    would add an assessment beyond the analysts assigned)."""
    other = CandidateFactory(engagement=world.engagement)
    url = reverse("scorecard:assessment-start", args=[world.engagement.pk, other.pk])
    check_access(world, url, allowed={Role.ANALYST}, ok=200)
    check_access(world, url, allowed={Role.ANALYST}, method="post", ok=302)
    assert sorted(Assessment.objects.filter(candidate=other).values_list("assessor__username")) == [
        ("analyst-user",),
    ]


@pytest.mark.parametrize(
    "name", ["assessment-detail", "assessment-criterion", "assessment-history"]
)
def test_assessment_pages_of_an_analyst_are_for_them_and_consultants(
    world, check_access, sheet, name
):
    kwargs = {"criterion_code": sheet.criterion.code} if name == "assessment-criterion" else {}
    check_access(world, sheet.url(name, **kwargs), allowed=ASSESSORS, ok=200)


def test_assessment_of_a_consultant_is_hidden_from_analysts(world, check_access, sheet):
    theirs = AssessmentFactory(candidate=sheet.candidate, assessor=world.users[Role.CONSULTANT])
    url = theirs.get_absolute_url()
    check_access(world, url, allowed={Role.CONSULTANT}, ok=200)


def test_assessment_criterion_post_only_by_the_assessor(world, check_access, sheet):
    check_access(world, sheet.criterion_url(), allowed={Role.ANALYST}, method="post", ok=302)


def test_assessment_submit_only_by_the_assessor(world, check_access, sheet):
    check_access(
        world,
        sheet.url("assessment-submit"),
        allowed={Role.ANALYST},
        method="post",
        data={"confirm": "1"},
        ok=302,
    )


def test_assessment_reopen_only_by_a_consultant(world, check_access, sheet):
    sheet.assessment.status = AssessmentStatus.SUBMITTED
    sheet.assessment.save()
    check_access(
        world,
        sheet.url("assessment-reopen"),
        allowed={Role.CONSULTANT},
        method="post",
        data={"confirm": "1", "reason": "Recheck."},
        ok=302,
    )


def test_evidence_download_access(world, check_access, sheet, private_files):
    evidence = EvidenceFactory(
        score=ScoreFactory(assessment=sheet.assessment, indicator=sheet.rated[0])
    )
    url = sheet.url("evidence-download", evidence_id=evidence.pk)
    check_access(world, url, allowed=ASSESSORS, ok=200)


def test_evidence_delete_only_by_the_uploader(world, check_access, sheet, private_files):
    evidence = EvidenceFactory(
        score=ScoreFactory(assessment=sheet.assessment, indicator=sheet.rated[0])
    )
    url = sheet.url("evidence-delete", evidence_id=evidence.pk)
    check_access(world, url, allowed={Role.ANALYST}, method="post", ok=302)


def test_assessment_of_another_engagement_is_404(client, world, sheet):
    stranger = AssessmentFactory(
        candidate=CandidateFactory(engagement=world.other), assessor=world.outsider
    )
    client.force_login(world.users[Role.CONSULTANT])
    url = reverse(
        "scorecard:assessment-detail",
        kwargs={"pk": world.engagement.pk, "assessment_id": stranger.pk},
    )
    assert client.get(url).status_code == 404


def test_assessment_start_candidate_of_another_engagement_is_404(client, world):
    stranger = CandidateFactory(engagement=world.other)
    client.force_login(world.users[Role.ANALYST])
    url = reverse("scorecard:assessment-start", args=[world.engagement.pk, stranger.pk])
    assert client.post(url).status_code == 404
    assert not Assessment.objects.exists()


def test_evidence_of_another_assessment_is_404_through_this_one(
    client, world, sheet, private_files
):
    theirs = AssessmentFactory(candidate=sheet.candidate, assessor=world.users[Role.CONSULTANT])
    evidence = EvidenceFactory(score=ScoreFactory(assessment=theirs, indicator=sheet.rated[0]))
    client.force_login(world.users[Role.ANALYST])
    assert client.get(sheet.url("evidence-download", evidence_id=evidence.pk)).status_code == 404


def test_consultant_overview_has_no_start_link_beyond_the_analysts(client, world, sheet):
    """The overview offered the consultant a "start" link on every candidate, each one a third
    assessment beside the two analysts'; with analysts in the engagement there is none."""
    other = CandidateFactory(engagement=world.engagement)
    start = reverse("scorecard:assessment-start", args=[world.engagement.pk, other.pk])
    overview = reverse("scorecard:engagement-detail", args=[world.engagement.pk])
    client.force_login(world.users[Role.CONSULTANT])
    assert start not in client.get(overview).content.decode()
    assert (
        start
        not in client.get(
            reverse("scorecard:assessment-list", args=[world.engagement.pk])
        ).content.decode()
    )
    client.force_login(world.users[Role.ANALYST])
    assert start in client.get(overview).content.decode()


def test_consultant_without_analysts_may_start(client, world):
    world.engagement.memberships.filter(role=Role.ANALYST).delete()
    candidate = CandidateFactory(engagement=world.engagement)
    start = reverse("scorecard:assessment-start", args=[world.engagement.pk, candidate.pk])
    client.force_login(world.users[Role.CONSULTANT])
    overview = reverse("scorecard:engagement-detail", args=[world.engagement.pk])
    assert start in client.get(overview).content.decode()
    assert client.post(start).status_code == 302
