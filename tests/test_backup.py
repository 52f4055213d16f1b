"""Backup and restore drill: back up a live database, damage it, restore, compare.

Runs the real commands in subprocesses against a file-backed SQLite database (and a scratch
PostgreSQL database when the suite runs on PostgreSQL and pg_dump is installed).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COUNTS = "import json; from scorecard.backup import row_counts; print(json.dumps(row_counts()))"
DAMAGE = (
    "from cities.models import CityFigure, City; CityFigure.objects.all().delete(); "
    "City.objects.filter(name='Monterrey').update(state='damaged')"
)


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _counts(env: dict) -> dict[str, int]:
    return json.loads(_manage(env, "shell", "-c", COUNTS).strip().splitlines()[-1])


def _drill(env: dict, backup_file: Path) -> None:
    _manage(env, "migrate", "--no-input", "-v0")
    _manage(env, "loaddata", "taxonomy", "sources", "cities", "-v0")
    before = _counts(env)
    assert before["cities_cityfigure"] > 200

    output = _manage(env, "backup_db", "-o", str(backup_file))
    assert "Backed up" in output
    assert backup_file.stat().st_size > 0

    _manage(env, "shell", "-c", DAMAGE)
    assert _counts(env)["cities_cityfigure"] == 0

    _manage(env, "restore_db", str(backup_file), "--yes")
    assert _counts(env) == before
    state = _manage(
        env,
        "shell",
        "-c",
        "from cities.models import City; print(City.objects.get(name='Monterrey').state)",
    )
    assert state.strip().splitlines()[-1] == "Nuevo León"


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    env.update(ALLOW_INSECURE_SECRET_KEY="true", CACHE_URL="locmem://", **extra)
    return env


@pytest.mark.slow
def test_sqlite_backup_restore_drill(tmp_path):
    _drill(_env(SQLITE_PATH=str(tmp_path / "live.sqlite3")), tmp_path / "backup.sqlite3")


@pytest.mark.slow
def test_postgresql_backup_restore_drill(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") or not shutil.which("pg_dump"):
        pytest.skip("runs when the suite runs on PostgreSQL with pg_dump installed")
    import psycopg

    scratch = "scorecard_backup_drill"
    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {scratch}")
        connection.execute(f"CREATE DATABASE {scratch}")
    try:
        _drill(_env(DATABASE_URL=f"{base}/{scratch}"), tmp_path / "backup.dump")
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)")
