"""An engagement with one member per role, and an outsider who belongs to another one."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from scorecard.models import Engagement, Role
from tests.factories import EngagementFactory, MembershipFactory, UserFactory

ROLES = (Role.CONSULTANT, Role.ANALYST, Role.CLIENT_VIEWER)


@dataclass
class World:
    engagement: Engagement
    other: Engagement
    users: dict[str, object]  # role -> user
    outsider: object


@pytest.fixture
def world(db) -> World:
    engagement = EngagementFactory()
    engagement.reset_weights_to_defaults()
    users = {}
    for role in ROLES:
        users[role] = UserFactory(username=f"{role}-user")
        MembershipFactory(engagement=engagement, user=users[role], role=role)
    users[Role.CONSULTANT].user_permissions.add(Permission.objects.get(codename="add_engagement"))
    other = EngagementFactory(name="Someone else's RFP")
    outsider = UserFactory(username="outsider")
    MembershipFactory(engagement=other, user=outsider, role=Role.CONSULTANT)
    return World(engagement=engagement, other=other, users=users, outsider=outsider)


@pytest.fixture
def check_access(client):
    """Assert the access rules of an engagement URL for anonymous, outsider and each role.

    ``allowed`` roles get ``ok`` (a status or a set of statuses); others get 403; the
    outsider gets 404; anonymous users are sent to the login page.
    """

    def _check(world: World, url: str, allowed, *, method="get", data=None, ok=(200, 302)):
        send = getattr(client, method)
        ok = {ok} if isinstance(ok, int) else set(ok)
        client.logout()
        response = send(url, data or {})
        assert response.status_code == 302, f"anonymous {url}"
        assert response["Location"].startswith(reverse("login")), f"anonymous {url}"
        client.force_login(world.outsider)
        assert send(url, data or {}).status_code == 404, f"outsider {url}"
        for role in ROLES:
            client.force_login(world.users[role])
            status = send(url, data or {}).status_code
            expected = ok if role in allowed else {403}
            assert status in expected, f"{role} {method.upper()} {url}: {status}"
        client.logout()

    return _check
