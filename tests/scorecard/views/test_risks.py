"""The risk register (:mod:`scorecard.views.risks`): consultants only, scoped to the
engagement, validated."""

from __future__ import annotations

import pytest
from django.urls import reverse

from scorecard.access import CONFIGURE
from scorecard.models import Risk, Role

pytestmark = pytest.mark.django_db


def _url(name: str, world, **kwargs) -> str:
    return reverse(f"scorecard:{name}", kwargs={"pk": world.engagement.pk, **kwargs})


def test_risk_register_writes_consultants_only(world, priced, check_access):
    data = {"title": "FX exposure", "likelihood": "3", "impact": "4", "status": "open"}
    check_access(world, _url("risk-create", world), CONFIGURE, method="post", data=data, ok=302)
    risk = Risk.objects.get(engagement=world.engagement, title="FX exposure")
    assert risk.rating == 12
    check_access(
        world,
        _url("risk-delete", world, risk_id=risk.pk),
        CONFIGURE,
        method="post",
        ok=(302, 404),  # the consultant's first POST deletes it
    )
    assert not Risk.objects.filter(pk=risk.pk).exists()


def test_risk_of_another_engagement_is_404(client, world, priced):
    other = Risk.objects.create(engagement=world.other, title="Theirs", likelihood=1, impact=1)
    client.force_login(world.users[Role.CONSULTANT])
    assert client.get(_url("risk-edit", world, risk_id=other.pk)).status_code == 404


def test_risk_duplicate_title_is_a_field_error(client, world, priced):
    Risk.objects.create(engagement=world.engagement, title="Same", likelihood=1, impact=1)
    client.force_login(world.users[Role.CONSULTANT])
    data = {"title": "Same", "likelihood": "3", "impact": "4", "status": "open"}
    response = client.post(_url("risk-create", world), data)
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert Risk.objects.filter(engagement=world.engagement).count() == 1


@pytest.mark.parametrize(("field", "value"), [("likelihood", "6"), ("impact", "0")])
def test_risk_scales_are_1_to_5(client, world, priced, field, value):
    client.force_login(world.users[Role.CONSULTANT])
    data = {"title": "X", "likelihood": "3", "impact": "3", "status": "open", field: value}
    response = client.post(_url("risk-create", world), data)
    assert field in response.context["form"].errors
    assert not Risk.objects.exists()


def test_risk_added_twice_at_once_is_a_field_error_not_a_500(client, world, priced):
    from django.db.models.signals import pre_save

    def other_session_wins(sender, instance, **kwargs):
        # Between this form's validation and its insert, another session adds the same title.
        pre_save.disconnect(other_session_wins, sender=Risk)
        Risk.objects.create(
            engagement=instance.engagement, title=instance.title, likelihood=1, impact=1
        )

    client.force_login(world.users[Role.CONSULTANT])
    data = {"title": "FX exposure", "likelihood": "3", "impact": "4", "status": "open"}
    pre_save.connect(other_session_wins, sender=Risk)
    try:
        response = client.post(_url("risk-create", world), data)
    finally:
        pre_save.disconnect(other_session_wins, sender=Risk)
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == [
        "A risk with this title is already in the register."
    ]
    # The other session's row was inserted inside this request's savepoint here (one database
    # connection), so it went with the rollback; in production it is committed and stays.
    assert not Risk.objects.filter(likelihood=3).exists()
