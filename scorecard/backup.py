"""Back up and restore the live database (SQLite online backup API, or pg_dump/pg_restore).

SQLite: ``sqlite3.Connection.backup`` copies a consistent snapshot page by page while the app
keeps serving (writers wait only for each step), then ``PRAGMA integrity_check`` verifies the
copy. PostgreSQL: ``pg_dump --format=custom`` (a consistent snapshot by MVCC) and
``pg_restore --clean --if-exists --single-transaction``. Both print and return row counts per
table so a restore drill can compare them.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.db import connections

BACKUP_PAGES_PER_STEP = 1024


def row_counts(alias: str = "default") -> dict[str, int]:
    """Rows per table of every installed model (what a restore must reproduce)."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[model._meta.db_table] = model._default_manager.using(alias).count()
    return dict(sorted(counts.items()))


def _pg_env(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def backup(destination: Path, alias: str = "default") -> None:
    """Write a consistent copy of the live database to ``destination``."""
    connection = connections[alias]
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(destination)
        try:
            connection.connection.backup(target, pages=BACKUP_PAGES_PER_STEP)
            (result,) = target.execute("PRAGMA integrity_check").fetchone()
        finally:
            target.close()
        if result != "ok":
            destination.unlink(missing_ok=True)
            raise RuntimeError(f"The backup failed its integrity check: {result}")
    elif connection.vendor == "postgresql":
        if not shutil.which("pg_dump"):
            raise RuntimeError("pg_dump is not installed (Debian: postgresql-client).")
        args, env = _pg_env(connection.settings_dict)
        subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(destination),
                *args,
                connection.settings_dict["NAME"],
            ],
            env=env,
            check=True,
        )
    else:
        raise RuntimeError(f"No backup method for the {connection.vendor} database.")


def restore(source: Path, alias: str = "default") -> None:
    """Replace the database's contents with the backup at ``source``."""
    connection = connections[alias]
    source = Path(source)
    if not source.exists():
        raise FileNotFoundError(source)
    if connection.vendor == "sqlite":
        backup_db = sqlite3.connect(source)
        try:
            (result,) = backup_db.execute("PRAGMA integrity_check").fetchone()
            if result != "ok":
                raise RuntimeError(f"The backup failed its integrity check: {result}")
            connection.ensure_connection()
            backup_db.backup(connection.connection, pages=BACKUP_PAGES_PER_STEP)
        finally:
            backup_db.close()
    elif connection.vendor == "postgresql":
        if not shutil.which("pg_restore"):
            raise RuntimeError("pg_restore is not installed (Debian: postgresql-client).")
        connection.close()
        args, env = _pg_env(connection.settings_dict)
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                connection.settings_dict["NAME"],
                *args,
                str(source),
            ],
            env=env,
            check=True,
        )
    else:
        raise RuntimeError(f"No restore method for the {connection.vendor} database.")
