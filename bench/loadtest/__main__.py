"""Load test: gunicorn serving the demo data, locust users on loopback, figures printed.

    python -m bench.loadtest                  # 30 users; 2 min idle, 2 min with reports
    python -m bench.loadtest --quick          # 6 users, 10 s per phase (CI smoke)
    python -m bench.loadtest --database-url postgres://postgres@127.0.0.1:5432/postgres

Builds a throw-away deployment in a temporary directory, as production runs it (DEBUG off,
collected static files served by WhiteNoise, the file cache, gunicorn with the Dockerfile's
worker count, the report worker beside it): SQLite by default, or a new PostgreSQL database
created next to ``--database-url`` and dropped afterwards. Loads the demo engagement, gives
every simulated user a login of its own (``prepare``), then runs locust twice:

1. **idle**: the users browse, assess and rank (``AnalystUser``, ``ClientUser``);
2. **with reports**: the same, plus one consultant asking for PDF reports one after another
   (``ReportUser``), so the worker builds reports throughout the phase.

Prints per phase: requests, errors, throughput, p50/p95/max of page views, the ranking
dashboard, the assessment save and the what-if re-ranking; the reports built and how long
each took; and the ratio of page-view p95 with reports to idle (issue 8 target: at most 2×).
Exits 1 if any request failed (the target is zero errors); the timings are figures, not a
pass/fail test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
# Gunicorn as the Dockerfile runs it.
GUNICORN_WORKERS = 3


@dataclass(frozen=True)
class Phase:
    name: str
    user_classes: tuple[str, ...]
    extra_users: int


PHASES = (
    Phase("idle", ("AnalystUser", "ClientUser"), 0),
    Phase("with reports", ("AnalystUser", "ClientUser", "ReportUser"), 1),
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(cmd: list[str], env: dict[str, str], log: Path) -> None:
    with log.open("a") as out:
        subprocess.run(cmd, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, check=True)


@contextlib.contextmanager
def _postgres_database(url: str):
    """A new empty database on the server of ``url``, dropped on exit; yields its URL."""
    import psycopg

    name = f"scorecard_load_{os.getpid()}"
    parts = urlsplit(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _environment(tmp: Path, database_url: str | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # Nothing of the caller's configuration leaks into the throw-away deployment.
        if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "SQLITE_", "TASKS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="scorecard.settings",
        PYTHONPATH=str(ROOT),
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="false",
        ALLOW_INSECURE_SECRET_KEY="false",
        ALLOWED_HOSTS="127.0.0.1",
        HTTPS="false",
        SQLITE_PATH=str(tmp / "db.sqlite3"),
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        CACHE_DIR=str(tmp / "cache"),
        REPORT_CHART_CACHE_DIR=str(tmp / "charts"),
        IMPORT_PENDING_DIR=str(tmp / "imports"),
        TASKS_BACKEND="django_tasks.backends.database.DatabaseBackend",
        LOG_LEVEL="WARNING",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _wait_ready(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{url}/readyz", timeout=5) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.5)
    raise RuntimeError(f"the server was not ready within {seconds:.0f} s")


def _percentiles(times: list[float]) -> dict[str, float]:
    if not times:
        return {"n": 0, "p50": float("nan"), "p95": float("nan"), "max": float("nan")}
    values = np.asarray(times)
    return {
        "n": len(values),
        "p50": float(np.percentile(values, 50)),
        "p95": float(np.percentile(values, 95)),
        "max": float(values.max()),
    }


def summarise(records: list[list], seconds: float) -> dict:
    """Figures of one phase from the recorded requests (name, method, ms, ok)."""
    http = [r for r in records if r[1] != "JOB"]
    ok = [r for r in http if r[3]]

    def times(test) -> list[float]:
        return [ms for name, _, ms, good in ok if test(name)]

    reports = [r for r in records if r[1] == "JOB"]
    return {
        "requests": len(http),
        "errors": sum(1 for r in records if not r[3]),
        "error_names": sorted({r[0] for r in records if not r[3]}),
        "throughput": len(http) / seconds,
        "pages": _percentiles(times(lambda name: name.startswith("page: "))),
        "dashboard": _percentiles(times(lambda name: name == "page: results dashboard")),
        "save": _percentiles(times(lambda name: name == "save: assessment")),
        "whatif": _percentiles(times(lambda name: name == "json: what-if")),
        "reports_built": [ms / 1000 for name, _, ms, good in reports if good],
    }


def _run_phase(phase: Phase, *, url: str, env: dict, tmp: Path, users: int, seconds: int) -> dict:
    record = tmp / f"record-{phase.name.replace(' ', '-')}.json"
    total = users + phase.extra_users
    cmd = [
        str(BIN / "locust"),
        "-f", str(LOCUSTFILE),
        "--headless",
        "--host", url,
        "--users", str(total),
        "--spawn-rate", str(max(1, total // 3)),
        "--run-time", f"{seconds}s",
        "--stop-timeout", "5",
        "--only-summary",
        "--loglevel", "WARNING",
        *phase.user_classes,
    ]  # fmt: skip
    print(f"  {phase.name}: {total} users for {seconds} s …", flush=True)
    started = time.monotonic()
    with (tmp / "locust.log").open("a") as log:
        subprocess.run(
            cmd,
            env={**env, "LOADTEST_RECORD": str(record)},
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,  # failures are read from the record, not from locust's exit code
        )
    elapsed = time.monotonic() - started
    if not record.exists():
        raise RuntimeError(f"locust wrote no record; see {tmp / 'locust.log'}")
    return summarise(json.loads(record.read_text()), elapsed)


def _row(label: str, figures: dict) -> str:
    return (
        f"    {label:<22} {figures['n']:>6}  p50 {figures['p50']:>7.0f} ms  "
        f"p95 {figures['p95']:>7.0f} ms  max {figures['max']:>7.0f} ms"
    )


def report(results: dict[str, dict], users: int, seconds: int, *, quick: bool = False) -> None:
    for name, figures in results.items():
        print(
            f"\n  Phase {name!r}: {figures['requests']} requests, {figures['errors']} errors, "
            f"{figures['throughput']:.1f} requests/s"
        )
        print(_row("page views (all)", figures["pages"]))
        print(_row("ranking dashboard", figures["dashboard"]))
        print(_row("assessment save", figures["save"]))
        print(_row("what-if re-rank", figures["whatif"]))
        built = figures["reports_built"]
        if name != "idle":
            summary = (
                f"{len(built)}, median {np.median(built):.1f} s each" if built else "none finished"
            )
            print(f"    reports built          {summary}")
        if figures["error_names"]:
            print(f"    failed requests: {', '.join(figures['error_names'])}")
    idle, busy = results["idle"]["pages"]["p95"], results["with reports"]["pages"]["p95"]
    ratio = busy / idle if idle else float("nan")
    verdict = "met" if ratio <= 2 else "NOT met"
    print(
        f"\n  Page-view p95 with reports / idle: {busy:.0f} / {idle:.0f} ms = {ratio:.2f}× "
        f"(target ≤ 2×: {verdict}); {users} users, {seconds} s per phase"
    )
    if quick:
        print(
            "  (a smoke run: a p95 of a few dozen requests is one slow request; the full run "
            "gives the figures)"
        )


def _prepare_database(env: dict, tmp: Path, log: Path, *, users: int, clients: int) -> Path:
    """Migrate, collect static files, load the demo and write the users' plan; its path."""
    python = str(BIN / "python")
    _run([python, "manage.py", "migrate", "--no-input"], env, log)
    _run([python, "manage.py", "collectstatic", "--no-input"], env, log)
    # The demo engagement belongs to the demo logins, which setup_demo creates only with
    # DEBUG on: this database is thrown away at the end, so their passwords never matter.
    _run([python, "manage.py", "setup_demo"], {**env, "DEBUG": "true"}, log)
    plan = tmp / "plan.json"
    _run(
        [python, "-m", "bench.loadtest.prepare", str(plan), str(users), str(clients)],
        env,
        log,
    )
    return plan


def _start_servers(env: dict, tmp: Path, processes: list[subprocess.Popen]) -> str:
    """Start gunicorn (first in ``processes``) and the report worker; the site's URL."""
    python = str(BIN / "python")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with (tmp / "gunicorn.log").open("w") as out:
        processes.append(
            subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "scorecard.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(GUNICORN_WORKERS),
                    "--timeout",
                    "60",
                ],
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        )
    with (tmp / "worker.log").open("w") as out:
        processes.append(
            subprocess.Popen(
                [python, "manage.py", "db_worker"],
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        )
    return url


def _stop(processes: list[subprocess.Popen]) -> None:
    """Terminate every process, killing those still running after 15 s."""
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run (CI)")
    parser.add_argument("--users", type=int, help="simulated users (default 30; quick 6)")
    parser.add_argument("--seconds", type=int, help="length of each phase (default 120)")
    parser.add_argument("--database-url", help="a PostgreSQL server to create the database on")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    users = args.users or (6 if args.quick else 30)
    seconds = args.seconds or (10 if args.quick else 120)
    clients = max(1, users // 10)

    tmp = Path(tempfile.mkdtemp(prefix="scorecard-load-"))
    log = tmp / "setup.log"
    processes: list[subprocess.Popen] = []
    try:
        with contextlib.ExitStack() as stack:
            database_url = (
                stack.enter_context(_postgres_database(args.database_url))
                if args.database_url
                else None
            )
            env = _environment(tmp, database_url)
            print(
                f"Load test: {'PostgreSQL' if database_url else 'SQLite'}, gunicorn "
                f"{GUNICORN_WORKERS} workers + report worker, {users} users "
                f"({clients} client viewers), {seconds} s per phase; files in {tmp}",
                flush=True,
            )
            started = time.monotonic()
            plan = _prepare_database(env, tmp, log, users=users, clients=clients)
            url = _start_servers(env, tmp, processes)
            _wait_ready(url, processes[0])
            print(f"  deployment ready in {time.monotonic() - started:.0f} s", flush=True)
            env = {**env, "LOADTEST_PLAN": str(plan)}
            results = {
                phase.name: _run_phase(
                    phase, url=url, env=env, tmp=tmp, users=users, seconds=seconds
                )
                for phase in PHASES
            }
    except subprocess.CalledProcessError as exc:
        print(f"Setting up failed: {' '.join(exc.cmd)}; see {log}", file=sys.stderr)
        args.keep = True
        return 1
    except RuntimeError as exc:
        print(f"Load test failed: {exc}; logs in {tmp}", file=sys.stderr)
        args.keep = True
        return 1
    finally:
        _stop(processes)
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    report(results, users, seconds, quick=args.quick)
    errors = sum(figures["errors"] for figures in results.values())
    if errors:
        print(f"\n{errors} requests failed (target: none).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
