"""The risk register (:mod:`scorecard.views.risks`): consultants only, scoped to the
engagement, validated."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from scorecard.access import CONFIGURE
from scorecard.models import FlagReview, Risk, Role
from scorecard.selectors.risks import risk_overview
from tests.factories import make_candidate

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


def _flag_url(world, candidate, code, about=""):
    url = _url("flag-review", world, candidate_id=candidate.pk, code=code)
    return f"{url}?about={about}" if about else url


def test_flag_review_is_consultants_only(world, priced, check_access):
    url = _flag_url(world, priced["cheap"], "no_security_certification")
    check_access(world, url, CONFIGURE, ok=200)


def test_a_reviewed_flag_shows_its_owner_status_and_note(client, world, priced):
    client.force_login(world.users[Role.CONSULTANT])
    url = _flag_url(world, priced["cheap"], "no_security_certification")
    response = client.post(
        url, {"owner": "Ana (procurement)", "status": "mitigating", "note": "ISO audit in May"}
    )
    assert response.status_code == 302
    review = FlagReview.objects.get(candidate=priced["cheap"], code="no_security_certification")
    assert (review.owner, review.status, review.updated_by) == (
        "Ana (procurement)",
        "mitigating",
        world.users[Role.CONSULTANT],
    )
    page = client.get(_url("compliance", world)).content.decode()
    assert "Ana (procurement)" in page
    assert "ISO audit in May" in page
    assert review.history.count() == 1


def test_a_closed_flag_is_raised_again_when_its_data_changes(client, world, priced):
    world.engagement.seats = 1000
    world.engagement.save()
    client.force_login(world.users[Role.CONSULTANT])
    client.post(
        _flag_url(world, priced["cheap"], "seats_short"),
        {"owner": "Ana", "status": "closed", "note": "Second site opens in March"},
    )
    rows = {row.candidate: row for row in risk_overview(world.engagement).rows}
    (closed,) = [r for r in rows[priced["cheap"]].reviewed_flags if r.flag.code == "seats_short"]
    assert (closed.status, closed.reraised) == ("closed", False)

    world.engagement.seats = 1200  # the data the flag read changed
    world.engagement.save()
    rows = {row.candidate: row for row in risk_overview(world.engagement).rows}
    (again,) = [r for r in rows[priced["cheap"]].reviewed_flags if r.flag.code == "seats_short"]
    assert (again.status, again.reraised, again.review.owner) == ("open", True, "Ana")
    page = client.get(_url("compliance", world)).content.decode()
    assert "raised again: the data changed since the review" in page


def test_a_flag_not_raised_or_of_another_engagement_is_404(client, world, priced):
    client.force_login(world.users[Role.CONSULTANT])
    assert client.get(_flag_url(world, priced["cheap"], "sat_69b_listed")).status_code == 404
    foreign = make_candidate(world.other, "Theirs")
    assert client.get(_flag_url(world, foreign, "no_security_certification")).status_code == 404
    assert not FlagReview.objects.exists()


def test_a_flag_about_one_figure_is_reviewed_on_its_own(client, world, priced):
    row = next(r for r in risk_overview(world.engagement).rows if r.candidate == priced["cheap"])
    first, second = [r.flag for r in row.reviewed_flags if r.flag.code == "city_figure_missing"][:2]
    client.force_login(world.users[Role.CONSULTANT])
    client.post(
        _flag_url(world, priced["cheap"], first.code, quote(first.subject)),
        {"owner": "Luis", "status": "closed", "note": "Asked INEGI"},
    )
    row = next(r for r in risk_overview(world.engagement).rows if r.candidate == priced["cheap"])
    statuses = {r.flag.subject: r.status for r in row.reviewed_flags}
    assert (statuses[first.subject], statuses[second.subject]) == ("closed", "open")
