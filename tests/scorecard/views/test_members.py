"""Adding members: colleagues by name, anyone else by e-mail invitation, never a leak of
whether an account exists; the invitee's side of the link."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from scorecard.models import Invitation, Role
from tests.factories import EngagementFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _members_url(world):
    return reverse("scorecard:engagement-members", args=[world.engagement.pk])


def _invite(client, world, email, role=Role.ANALYST):
    client.force_login(world.users[Role.CONSULTANT])
    with_callbacks = client.post(_members_url(world), {"person": email, "role": role})
    return with_callbacks


def _link_from_mail() -> str:
    return re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)


def test_member_form_defaults_to_the_least_powerful_role(client, world):
    client.force_login(world.users[Role.CONSULTANT])
    form = client.get(_members_url(world)).context["form"]
    assert form["role"].value() == Role.CLIENT_VIEWER
    assert next(value for value, _label in form.fields["role"].choices) == Role.CLIENT_VIEWER


def test_colleagues_are_suggested_and_added_by_name(client, world):
    colleague = UserFactory(username="ana", first_name="Ana", last_name="López")
    shared = EngagementFactory(name="Earlier RFP")
    MembershipFactory(engagement=shared, user=world.users[Role.CONSULTANT], role=Role.CONSULTANT)
    MembershipFactory(engagement=shared, user=colleague, role=Role.ANALYST)
    client.force_login(world.users[Role.CONSULTANT])
    page = client.get(_members_url(world)).content.decode()
    assert "Ana López &lt;ana@example.test&gt;" in page
    assert "outsider" not in page  # works on someone else's engagement only
    response = client.post(
        _members_url(world), {"person": "Ana López <ana@example.test>", "role": Role.ANALYST}
    )
    assert response.status_code == 302
    assert world.engagement.memberships.get(user=colleague).role == Role.ANALYST
    assert not mail.outbox


@pytest.mark.parametrize("email", ["outsider@example.test", "nobody@example.test"])
def test_an_address_outside_the_colleagues_is_always_an_invitation(
    client, world, django_capture_on_commit_callbacks, email
):
    """Same answer whether or not the address has an account: nothing leaks."""
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, world, email)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert f"Invitation sent to {email}. The link expires in 14 days." in page
    assert not world.engagement.memberships.filter(user__email=email).exists()
    assert Invitation.objects.get(email=email).role == Role.ANALYST
    assert mail.outbox[-1].to == [email]


def test_an_unknown_name_is_a_clear_field_error(client, world):
    client.force_login(world.users[Role.CONSULTANT])
    response = client.post(_members_url(world), {"person": "Analyst", "role": Role.ANALYST})
    assert response.context["form"].errors["person"] == [
        "Pick a colleague from the suggestions or enter an e-mail address."
    ]
    assert not Invitation.objects.exists()


def test_new_person_creates_an_account_and_joins(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, world, "maria@example.test")
    link = _link_from_mail()
    client.logout()
    assert "Choose a username" in client.get(link).content.decode()
    response = client.post(
        link,
        {
            "username": "maria",
            "first_name": "María",
            "last_name": "Pérez",
            "password1": "a-long-unusual-passphrase-42",
            "password2": "a-long-unusual-passphrase-42",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    membership = world.engagement.memberships.get(user__username="maria")
    assert membership.role == Role.ANALYST
    assert membership.user.email == "maria@example.test"
    assert client.get(link).status_code == 410  # single use


def test_invitation_token_is_stored_hashed(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, world, "maria@example.test")
    token = _link_from_mail().rstrip("/").rsplit("/", 1)[-1]
    stored = Invitation.objects.get().token_hash
    assert token not in stored
    assert len(stored) == 64


def test_existing_account_logs_in_then_joins(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, world, "outsider@example.test", role=Role.CLIENT_VIEWER)
    link = _link_from_mail()
    client.logout()
    assert "Log in to accept" in client.get(link).content.decode()
    client.force_login(world.outsider)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    response = client.post(reverse("invitation-join", args=[token]))
    assert response["Location"] == world.engagement.get_absolute_url()
    assert world.engagement.role_of(world.outsider) == Role.CLIENT_VIEWER


def test_another_account_cannot_use_the_link(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, world, "maria@example.test")
    token = _link_from_mail().rstrip("/").rsplit("/", 1)[-1]
    client.force_login(world.outsider)
    client.post(reverse("invitation-join", args=[token]))
    assert world.engagement.role_of(world.outsider) is None
    assert Invitation.objects.get().accepted_at is None


def test_revoked_and_unknown_links_answer_with_a_clear_page(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, world, "maria@example.test")
    link = _link_from_mail()
    invitation = Invitation.objects.get()
    client.post(reverse("scorecard:invitation-revoke", args=[world.engagement.pk, invitation.pk]))
    client.logout()
    response = client.get(link)
    assert response.status_code == 410
    assert "no longer works" in response.content.decode()
    assert client.get(reverse("invitation", args=["not-a-token"])).status_code == 410


def test_revoking_is_consultant_only_and_404_outside(client, world):
    invitation = Invitation.objects.create(
        engagement=world.other,
        email="x@example.test",
        role=Role.ANALYST,
        token_hash="0" * 64,
        invited_by=world.outsider,
        expires_at="2100-01-01T00:00Z",
    )
    client.force_login(world.users[Role.CONSULTANT])
    url = reverse("scorecard:invitation-revoke", args=[world.engagement.pk, invitation.pk])
    assert client.post(url).status_code == 404
    client.force_login(world.users[Role.ANALYST])
    url = reverse("scorecard:invitation-revoke", args=[world.other.pk, invitation.pk])
    assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
