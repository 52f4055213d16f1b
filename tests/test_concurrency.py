"""Concurrent writers on a file-backed database: no "database is locked", no lost update.

Eight threads save the same assessment's scores through the app's own service
(``save_criterion_scores``, which locks the assessment row and checks revisions) while readers
compute the ranking. Every save either lands or is refused as stale (never an error), and the
final revisions add up to the number of saves that landed. Runs in a subprocess against a real
SQLite file (WAL, ``BEGIN IMMEDIATE``), and against a scratch PostgreSQL database when the suite
runs on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import json, os, threading, django
os.environ["DJANGO_SETTINGS_MODULE"] = "scorecard.settings"
django.setup()
from django.core.management import call_command
from django.db import connection, OperationalError
call_command("migrate", "--no-input", verbosity=0)

from decimal import Decimal
from django.contrib.auth import get_user_model
from cities.models import City
from providers.models import Provider, Site
from scorecard.models import (Assessment, Candidate, Criterion, Engagement, Indicator,
                              Membership, RubricLevel, Score)
from scorecard.ranking.cache import get_results
from scorecard.services.assessments import StaleScores, save_criterion_scores

User = get_user_model()
analyst = User.objects.create_user("probe-analyst", password="x")
criterion = Criterion.objects.create(code="c", name="C", description="-", default_weight=100)
indicators = [Indicator.objects.create(criterion=criterion, code=f"i{n}", name=f"I{n}",
              guidance="-", kind="rated", default_weight=25) for n in range(4)]
for indicator in indicators:
    RubricLevel.objects.bulk_create(RubricLevel(indicator=indicator, level=l, label=str(l),
                                                description="-") for l in range(6))
city = City.objects.create(name="Probe", slug="probe", state="NL", timezone="America/Monterrey")
provider = Provider.objects.create(legal_name="Probe SA", trade_name="Probe", slug="probe")
site = Site.objects.create(provider=provider, city=city, name="S", seats_total=10,
                           seats_available=5)
engagement = Engagement.objects.create(name="Probe", client_name="Probe")
Membership.objects.create(engagement=engagement, user=analyst, role="analyst")
engagement.reset_weights_to_defaults()
candidate = Candidate.objects.create(engagement=engagement, provider=provider, primary_site=site)
candidate.sites.add(site)
assessment = Assessment.objects.create(candidate=candidate, assessor=analyst)
connection.close()

THREADS, SAVES = 8, 15
landed, stale, errors = [], [], []

def writer(n):
    try:
        for i in range(SAVES):
            a = Assessment.objects.get(pk=assessment.pk)
            current = {s.indicator_id: s.revision for s in a.scores.all()}
            data = {}
            for indicator in indicators:
                data[indicator.pk] = {"status": "scored", "value": (n + i) % 6,
                                      "note": f"t{n}-{i}", "confidence": "documented",
                                      "revision": current.get(indicator.pk, 0), "files": []}
            try:
                save_criterion_scores(assessment=a, criterion=criterion, answers=data,
                                      user=analyst)
                landed.append(1)
            except StaleScores:
                stale.append(1)
    except Exception as exc:  # anything else reaching a user is a failure
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        connection.close()

def reader():
    try:
        for _ in range(SAVES):
            get_results(Engagement.objects.get(pk=engagement.pk))
    except Exception as exc:
        errors.append(f"reader {type(exc).__name__}: {exc}")
    finally:
        connection.close()

threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
threads += [threading.Thread(target=reader) for _ in range(2)]
for t in threads: t.start()
for t in threads: t.join()
revisions = sum(Score.objects.filter(assessment=assessment).values_list("revision", flat=True))
print(json.dumps({"landed": len(landed), "stale": len(stale), "errors": errors,
                  "scores": Score.objects.filter(assessment=assessment).count(),
                  "revisions": revisions}))
"""


def _run(env_extra: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    env.update(ALLOW_INSECURE_SECRET_KEY="true", CACHE_URL="locmem://", **env_extra)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _check(outcome: dict) -> None:
    assert outcome["errors"] == []  # no "database is locked", no other error
    assert outcome["landed"] + outcome["stale"] == 8 * 15
    assert outcome["landed"] >= 1
    assert outcome["scores"] == 4  # one row per indicator, whatever the races
    # Each landed save bumps every changed indicator by one revision, starting from 1: no save
    # was lost or applied on top of one it had not seen.
    assert outcome["revisions"] <= 4 * outcome["landed"]


@pytest.mark.slow
def test_concurrent_saves_on_sqlite_file(tmp_path):
    _check(_run({"SQLITE_PATH": str(tmp_path / "concurrency.sqlite3")}))


@pytest.mark.slow
def test_concurrent_saves_on_postgresql():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("runs when the suite runs on PostgreSQL")
    import psycopg

    scratch = "scorecard_concurrency_probe"
    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {scratch}")
        connection.execute(f"CREATE DATABASE {scratch}")
    try:
        _check(_run({"DATABASE_URL": f"{base}/{scratch}"}))
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)")
