"""`make run` twice: setup_demo loads everything, and loading again changes nothing."""

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in ("cities", "providers", "scorecard")
        for model in apps.get_app_config(app).get_models()
        if not model._meta.label.split(".")[1].startswith("Historical")
    }


def test_setup_demo_twice_is_idempotent(settings):
    settings.DEBUG = True
    call_command("setup_demo", verbosity=0)
    first = _counts()
    assert first["scorecard.Engagement"] == 1
    assert first["scorecard.Candidate"] == 7
    assert first["scorecard.Quote"] == 7
    assert first["scorecard.Decision"] == 1  # the client viewer has a decision to see
    call_command("setup_demo", verbosity=0)
    assert _counts() == first


def test_setup_demo_refuses_demo_logins_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("setup_demo", verbosity=0)


def test_setup_demo_resolves_natural_keys_once(settings):
    # loaddata looked every natural key up with its own query (and the related rows that make
    # up a key, and each foreign key again for validation): about 10 SELECTs an object.
    from django.db import connection

    from scorecard.management.natural_keys import cached_natural_keys

    settings.DEBUG = True
    selects = []

    def count(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("SELECT"):
            selects.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        call_command("setup_demo", verbosity=0)
    objects = sum(_counts().values())

    assert len(selects) < 1.5 * objects  # one existence check an object, and a few more
    with cached_natural_keys():  # the look-ups are answered as the database would
        from scorecard.models import Score

        score = Score.objects.select_related("assessment__candidate").first()
        assert Score.objects.get_by_natural_key(*score.natural_key()).pk == score.pk


def test_setup_demo_decision_keeps_the_demo_seat_plan(settings):
    """The demo's published decision records the seat plan it was ranked with (250 seats
    growing to 400 by month 12), and its report reads it: the seat need it tested (the peak)
    and the plan it prints agree, with nothing shown live."""
    from scorecard.models import Decision
    from scorecard.reports.context import ReportData
    from scorecard.reports.cost_sections import build_costs
    from scorecard.reports.decision import build_decision

    settings.DEBUG = True
    call_command("setup_demo", verbosity=0)
    decision = Decision.objects.get()
    engagement = decision.engagement
    assert decision.inputs["scope"] == {
        "seats": 250,
        "target_seats": 400,
        "target_seats_month": 12,
        "go_live": engagement.go_live.isoformat(),
    }
    assert decision.inputs["settings"]["seats"] == engagement.peak_seats == 400

    data = ReportData(engagement, sections=["summary", "costs"], decision=decision)
    assert data.live_parts == []
    page = build_decision(data, data.results.winner, data.results.ranked[1])
    seat_rows = build_costs(data)["seat_rows"]
    assert page.seats_needed == data.scope.peak_seats == seat_rows[-1].seats == 400
    assert seat_rows[0].seats == 250
