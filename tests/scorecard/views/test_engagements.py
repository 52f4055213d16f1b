"""Engagement set-up views: access rules, creation, scope, members, logo."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from scorecard.models import CriterionWeight, Engagement, Membership, ReportLanguage, Role
from tests.factories import CriterionFactory
from tests.scorecard.conftest import ROLES

pytestmark = pytest.mark.django_db


def _png(size=(40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def test_engagement_detail_access(world, check_access):
    url = reverse("scorecard:engagement-detail", args=[world.engagement.pk])
    check_access(world, url, allowed=ROLES, ok=200)


@pytest.mark.parametrize("name", ["engagement-edit", "engagement-members"])
def test_engagement_configuration_pages_are_consultant_only(world, check_access, name):
    url = reverse(f"scorecard:{name}", args=[world.engagement.pk])
    check_access(world, url, allowed={Role.CONSULTANT}, ok=200)


def test_engagement_unknown_id_is_404_like_an_outsider(client, world):
    client.force_login(world.users[Role.CONSULTANT])
    assert client.get(reverse("scorecard:engagement-detail", args=[999999])).status_code == 404


def test_engagement_create_needs_permission(client, world):
    client.force_login(world.users[Role.ANALYST])
    assert client.get(reverse("scorecard:engagement-create")).status_code == 403


def test_engagement_create_makes_creator_consultant_and_copies_weights(client, world):
    CriterionFactory(code="talent", default_weight=40)
    consultant = world.users[Role.CONSULTANT]
    client.force_login(consultant)
    response = client.post(
        reverse("scorecard:engagement-create"),
        {
            "client_name": "Acme Telecom",
            "name": "Care 2027",
            "seats": 150,
            "complexity_tier": "high",
            "client_vertical": "telecom",
            "client_logo": SimpleUploadedFile("logo.png", _png(), content_type="image/png"),
        },
    )
    engagement = Engagement.objects.get(client_name="Acme Telecom")
    assert response["Location"] == engagement.get_absolute_url()
    assert engagement.client_vertical == "telecom"
    assert engagement.role_of(consultant) == Role.CONSULTANT
    assert list(
        CriterionWeight.objects.filter(engagement=engagement).values_list(
            "criterion__code", "weight"
        )
    ) == [("talent", 40)]


def test_engagement_create_invalid_seats_keeps_input_and_writes_nothing(client, world):
    client.force_login(world.users[Role.CONSULTANT])
    response = client.post(
        reverse("scorecard:engagement-create"),
        {"client_name": "Acme", "name": "Care", "seats": -3, "complexity_tier": "high"},
    )
    assert response.status_code == 200
    assert "seats" in response.context["form"].errors
    assert response.context["form"]["client_name"].value() == "Acme"
    assert not Engagement.objects.filter(client_name="Acme").exists()


def test_engagement_logo_disguised_file_is_refused(client, world):
    client.force_login(world.users[Role.CONSULTANT])
    response = client.post(
        reverse("scorecard:engagement-edit", args=[world.engagement.pk]),
        {
            "client_name": "Acme",
            "name": "Care",
            "seats": 10,
            "complexity_tier": "high",
            "client_logo": SimpleUploadedFile(
                "logo.png", b"%PDF-1.7 not an image", content_type="image/png"
            ),
        },
    )
    # Django's ImageField decodes the file first and refuses it before our content check.
    assert response.context["form"].errors["client_logo"] == [
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ]
    world.engagement.refresh_from_db()
    assert not world.engagement.client_logo


def test_engagement_logo_served_to_members_only(client, world, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    client.force_login(world.users[Role.CONSULTANT])
    client.post(
        reverse("scorecard:engagement-edit", args=[world.engagement.pk]),
        {
            "client_name": "Acme",
            "name": "Care",
            "seats": 10,
            "complexity_tier": "high",
            "client_logo": SimpleUploadedFile("logo.png", _png(), content_type="image/png"),
        },
    )
    url = reverse("scorecard:engagement-logo", args=[world.engagement.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_members_last_consultant_cannot_be_removed(client, world):
    consultant = world.users[Role.CONSULTANT]
    membership = world.engagement.memberships.get(user=consultant)
    client.force_login(consultant)
    client.post(
        reverse("scorecard:membership-update", args=[world.engagement.pk, membership.pk]),
        {"action": "remove"},
    )
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_members_membership_of_other_engagement_is_404(client, world):
    foreign = world.other.memberships.first()
    client.force_login(world.users[Role.CONSULTANT])
    response = client.post(
        reverse("scorecard:membership-update", args=[world.engagement.pk, foreign.pk]),
        {"action": "remove"},
    )
    assert response.status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_home_lists_only_own_engagements(client, world):
    client.force_login(world.users[Role.ANALYST])
    page = client.get(reverse("home")).content.decode()
    assert world.engagement.name in page
    assert world.other.name not in page


@pytest.mark.parametrize(("go_live", "accepted"), [("2100-12-31", True), ("2101-01-01", False)])
def test_engagement_go_live_after_2100_is_a_field_error(client, world, go_live, accepted):
    client.force_login(world.users[Role.CONSULTANT])
    data = {"client_name": "Acme", "name": "Care", "seats": 10, "complexity_tier": "high"}
    url = reverse("scorecard:engagement-edit", args=[world.engagement.pk])
    response = client.post(url, {**data, "go_live": go_live})
    world.engagement.refresh_from_db()
    assert (str(world.engagement.go_live) == go_live) is accepted
    if not accepted:
        assert response.context["form"].errors["go_live"] == [
            "Enter a date between 1 January 1900 and 31 December 2100."
        ]


def test_sensible_date_bounds_every_typed_date_field():
    from django.apps import apps
    from django.db.models import DateField, DateTimeField

    from cities.validators import validate_sensible_date

    unbounded = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in {"cities", "providers", "scorecard"}
        and not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if isinstance(field, DateField)
        and not isinstance(field, DateTimeField)
        and validate_sensible_date not in field.validators
    ]
    assert unbounded == []


@pytest.mark.parametrize(
    ("url_name", "tab"),
    [
        ("weights-ahp", "weights"),
        ("weights", "weights"),
        ("candidate-add", "candidate-list"),
        ("assessment-criterion", "assessment-list"),
        ("risk-edit", "compliance"),
        ("results-whatif", "results"),
        ("results-compare", "results-compare"),
        ("engagement-logo", None),
    ],
)
def test_sub_pages_highlight_their_tab(url_name, tab):
    from scorecard.access import tab_of

    names = [
        "engagement-detail", "engagement-edit", "engagement-members", "candidate-list",
        "weights", "gates", "assessment-list", "results", "results-compare", "compliance",
    ]  # fmt: skip
    assert tab_of(url_name, names) == tab


def test_ahp_page_highlights_the_set_up_tab(client, world):
    client.force_login(world.users[Role.CONSULTANT])
    page = client.get(reverse("scorecard:weights-ahp", args=[world.engagement.pk])).content.decode()
    assert 'class="dropdown-item active" aria-current="page" href="/engagements/' in page
    assert "Set-up: Weights" in page


def test_engagement_edit_sets_the_report_language(world, client):
    client.force_login(world.users[Role.CONSULTANT])
    url = reverse("scorecard:engagement-edit", args=[world.engagement.pk])
    data = {
        "client_name": world.engagement.client_name,
        "name": world.engagement.name,
        "seats": 120,
        "complexity_tier": world.engagement.complexity_tier,
        "report_language": ReportLanguage.BOTH,
    }

    response = client.post(url, data)

    assert response.status_code == 302
    world.engagement.refresh_from_db()
    assert world.engagement.report_language == ReportLanguage.BOTH


def _scope_post(world, **extra) -> dict:
    return {
        "client_name": world.engagement.client_name,
        "name": world.engagement.name,
        "seats": 250,
        "complexity_tier": world.engagement.complexity_tier,
    } | extra


def test_engagement_edit_saves_a_growing_seat_plan_and_shows_it(world, client):
    client.force_login(world.users[Role.CONSULTANT])
    url = reverse("scorecard:engagement-edit", args=[world.engagement.pk])

    response = client.post(url, _scope_post(world, target_seats=400, target_seats_month=12))

    assert response.status_code == 302
    world.engagement.refresh_from_db()
    assert (world.engagement.target_seats, world.engagement.target_seats_month) == (400, 12)
    assert world.engagement.peak_seats == 400
    page = client.get(world.engagement.get_absolute_url()).content.decode()
    assert "250 seats at go-live, growing in a straight line to 400 by month 12" in page


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"target_seats": 200, "target_seats_month": 12}, "target_seats", "cannot be fewer"),
        ({"target_seats": 400}, "target_seats_month", "in which month"),
        ({"target_seats_month": 12}, "target_seats", "Give the seats at full scale"),
        ({"target_seats": 400, "target_seats_month": 0}, "target_seats_month", "greater than"),
        ({"target_seats": 400, "target_seats_month": 61}, "target_seats_month", "less than"),
    ],
)
def test_engagement_edit_incoherent_seat_plan_is_a_field_error(
    world, client, extra, field, message
):
    client.force_login(world.users[Role.CONSULTANT])
    url = reverse("scorecard:engagement-edit", args=[world.engagement.pk])

    response = client.post(url, _scope_post(world, **extra))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    world.engagement.refresh_from_db()
    assert world.engagement.target_seats is None


@pytest.mark.parametrize(("target", "month"), [(400, None), (None, 12), (200, 12), (400, 61)])
def test_engagement_seat_plan_incoherent_rows_refused_by_the_database(world, target, month):
    from django.db import IntegrityError, transaction

    Engagement.objects.filter(pk=world.engagement.pk).update(seats=250)
    with pytest.raises(IntegrityError), transaction.atomic():
        Engagement.objects.filter(pk=world.engagement.pk).update(
            target_seats=target, target_seats_month=month
        )


def test_engagement_overview_lists_candidates_a_page_at_a_time(client, world, ranked, monkeypatch):
    monkeypatch.setattr("scorecard.views.engagements.CANDIDATES_PAGE", 2)
    client.force_login(world.users[Role.ANALYST])
    url = reverse("scorecard:engagement-detail", args=[world.engagement.pk])

    pages = [client.get(url, {"page": number}) for number in (1, 2)]

    shown = [c.pk for page in pages for c in page.context["overview"].candidates]
    assert sorted(shown) == sorted(c.pk for c in world.engagement.candidates.all())
    assert len(shown) == 3
    assert 'href="?page=2"' in pages[0].content.decode()
    assert 'href="?page=1"' in pages[1].content.decode()
    # The analyst's own assessment of a candidate on the second page is linked there.
    second = pages[1].context["overview"]
    assert set(second.my_assessments) <= {c.pk for c in second.candidates}
    for candidate in second.candidates:
        mine = candidate.assessments.filter(assessor=world.users[Role.ANALYST]).first()
        if mine:
            assert mine.get_absolute_url() in pages[1].content.decode()
