"""Settings: environment helpers fail loudly; production refuses to start without a key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from scorecard.settings import envbool, envint, envlist

ROOT = Path(__file__).resolve().parent.parent


def test_settings_debug_default_is_off():
    assert settings.DEBUG is False


@pytest.mark.parametrize(
    ("raw", "value"), [("1", True), ("YES", True), ("off", False), ("", False)]
)
def test_envbool_accepts_common_spellings(monkeypatch, raw, value):
    monkeypatch.setenv("FLAG", raw)
    assert envbool("FLAG", "false") is value


def test_envbool_rejects_typo(monkeypatch):
    monkeypatch.setenv("FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="FLAG must be one of"):
        envbool("FLAG", "false")


def test_envint_rejects_non_integer_and_below_minimum(monkeypatch):
    monkeypatch.setenv("N", "ten")
    with pytest.raises(ImproperlyConfigured, match="N must be an integer"):
        envint("N", "1")
    monkeypatch.setenv("N", "0")
    with pytest.raises(ImproperlyConfigured, match="N must be at least 1"):
        envint("N", "1", minimum=1)


def test_envlist_drops_blanks(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example, ,b.example ")
    assert envlist("HOSTS", "") == ["a.example", "b.example"]


def _import_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    clean.pop("ALLOW_INSECURE_SECRET_KEY", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import scorecard.settings"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_settings_without_secret_key_in_production_refuse_to_start():
    result = _import_settings()
    assert result.returncode == 1
    assert "SECRET_KEY is not set" in result.stderr


def test_settings_bad_database_url_is_reported():
    result = _import_settings(SECRET_KEY="x" * 50, DATABASE_URL="notadb://")
    assert result.returncode == 1
    assert "DATABASE_URL" in result.stderr


def test_settings_sqlite_uses_wal_and_immediate_transactions():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite settings only")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
