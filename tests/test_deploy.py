"""The production configuration: Dockerfile, compose file, health endpoints, S3, JSON logs,
static files (compressed, hashed names cached for good).

This machine cannot run Docker, so the files are checked by parsing them against what the code
actually provides (settings variables, URLs, commands, extras).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = (ROOT / "scorecard" / "settings.py").read_text()


def _settings_variables() -> set[str]:
    """Environment variables settings.py reads (os.getenv and the env* helpers)."""
    return set(
        re.findall(r'(?:getenv|envbool|envint|envlist|envpath)\(\s*"([A-Z0-9_]+)"', SETTINGS)
    )


def _dockerfile() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def test_dockerfile_builds_what_the_project_provides():
    instructions = _dockerfile()
    keywords = [k for k, _ in instructions]
    assert keywords[0] == "FROM"
    assert instructions[0][1].startswith("python:3.11")
    run = " ".join(rest for k, rest in instructions if k == "RUN")
    assert "chromium" in run  # charts in PDF reports
    assert "collectstatic" in run
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    # The locked production set, which includes the S3 extra.
    assert "pip install -r requirements/prod.txt" in run
    assert "pip install --no-deps ." in run
    assert "s3" in extras
    copied = " ".join(rest for k, rest in instructions if k == "COPY")
    assert "requirements/prod.txt" in copied
    assert "django-storages==" in (ROOT / "requirements" / "prod.txt").read_text()
    cmd = json.loads(next(rest for k, rest in instructions if k == "CMD"))
    assert cmd[:2] == ["gunicorn", "scorecard.wsgi:application"]
    healthcheck = next(rest for k, rest in instructions if k == "HEALTHCHECK")
    assert reverse("healthz") in healthcheck
    env = " ".join(rest for k, rest in instructions if k == "ENV")
    for name in re.findall(r"([A-Z_]+)=", env):
        assert name in _settings_variables() | {
            "PYTHONDONTWRITEBYTECODE",
            "PYTHONUNBUFFERED",
            "PIP_NO_CACHE_DIR",
            "BROWSER_PATH",
        }, name
    assert ("USER", "scorecard") in instructions


def test_compose_services_match_the_code():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert {"web", "worker", "migrate", "db", "cache"} <= set(services)
    commands = get_commands()
    for name in ("migrate", "worker"):
        command = services[name]["command"]
        assert command[:2] == ["python", "manage.py"]
        assert command[2] in commands, command
    app_env = services["web"]["environment"]
    assert set(app_env) <= _settings_variables() | {"POSTGRES_PASSWORD"}, set(app_env) - (
        _settings_variables()
    )
    assert app_env["DATABASE_URL"].startswith("postgres://")
    assert "@db:5432/" in app_env["DATABASE_URL"]
    assert app_env["CACHE_URL"].startswith("redis://cache:")
    assert services["worker"]["environment"] == app_env  # one configuration for both


def test_env_example_lists_every_settings_variable():
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    missing = _settings_variables() - listed
    assert not missing, f"settings read variables .env.example does not document: {missing}"


@pytest.mark.django_db
def test_health_and_readiness_need_no_login(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_readiness_fails_when_the_cache_does(client, monkeypatch):
    from scorecard.views import health

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(health.cache, "set", broken)
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["checks"]["cache"].startswith("cache unavailable")


def _settings_in_subprocess(code: str, **env) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment.update(DJANGO_SETTINGS_MODULE="scorecard.settings", **env)
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout + result.stderr


def test_private_storage_on_s3_is_private():
    out = _settings_in_subprocess(
        "from django.core.files.storage import storages; s = storages['private'];"
        "print(type(s).__name__, s.bucket_name, s.default_acl, s.querystring_auth, s.location)",
        PRIVATE_STORAGE="s3",
        S3_BUCKET="evidence",
        S3_ENDPOINT_URL="http://127.0.0.1:9",
    )
    assert "S3Storage evidence None True private" in out, out
    out = _settings_in_subprocess("", PRIVATE_STORAGE="s3")
    assert "PRIVATE_STORAGE=s3 needs S3_BUCKET" in out


def test_json_logs_are_one_object_per_line():
    from scorecard.logging import JsonFormatter

    record = logging.makeLogRecord(
        {"name": "scorecard", "levelname": "WARNING", "msg": "locked %s", "args": ("x",)}
    )
    record.engagement = 7
    line = JsonFormatter().format(record)
    payload = json.loads(line)
    assert payload["message"] == "locked x"
    assert payload["level"] == "WARNING"
    assert payload["engagement"] == 7
    assert "\n" not in line


def test_gunicorn_serves_the_wsgi_application():
    """The command line of the image, checked: gunicorn is installed and the app imports."""
    cmd = json.loads(next(rest for k, rest in _dockerfile() if k == "CMD"))
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", *cmd[1:]],
        cwd=ROOT,
        env={**os.environ, "ALLOW_INSECURE_SECRET_KEY": "true"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr + shlex.join(cmd)


def test_the_wsgi_application_freezes_what_it_loaded_out_of_the_garbage_collector():
    """A web worker loads the views before it serves, then freezes that heap (scorecard.wsgi):
    full collections then walk only what requests left behind."""
    out = _settings_in_subprocess(
        "import gc, sys; import scorecard.wsgi;"
        "print(gc.get_freeze_count(), 'scorecard.views.results' in sys.modules)",
        DEBUG="true",
    )
    frozen, views_loaded = out.split()[-2:]
    assert int(frozen) > 50_000, out
    assert views_loaded == "True", out


PLOTLY = "vendor/plotly-4.1.1/plotly-scorecard.min.js"


@pytest.mark.slow
def test_collected_static_files_are_compressed_and_hashed_ones_cached_for_good(
    client, settings, tmp_path
):
    """Production: collectstatic with the manifest storage, then WhiteNoise (the middleware of
    the WSGI app) serves the hashed name brotli-compressed, immutable for ten years."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    url = staticfiles_storage.url(PLOTLY)

    response = client.get(url, headers={"accept-encoding": "gzip, br"})

    assert url != settings.STATIC_URL + PLOTLY  # a hashed name
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Vary"] == "Accept-Encoding"
    assert int(response["Content-Length"]) < (tmp_path / PLOTLY).stat().st_size / 3


@pytest.mark.parametrize(("accept", "encoding"), [("gzip, br", "br"), ("gzip", "gzip")])
def test_static_files_in_development_are_served_compressed(client, settings, accept, encoding):
    """Development (DEBUG, runserver_nostatic): WhiteNoise finds files through the finders and
    serves the precompressed sibling committed next to the vendor file."""
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True

    response = client.get(settings.STATIC_URL + PLOTLY, headers={"accept-encoding": accept})

    assert response.status_code == 200
    assert response["Content-Encoding"] == encoding


def test_whitenoise_serves_static_files_under_runserver():
    from django.conf import settings

    apps = settings.INSTALLED_APPS
    assert apps.index("whitenoise.runserver_nostatic") < apps.index("django.contrib.staticfiles")
