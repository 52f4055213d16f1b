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
