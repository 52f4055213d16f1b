"""Benchmark: how long a 5,000-row provider import holds SQLite's write lock (200 with ``--quick``).

Run ``python -m bench.import_locks [--quick]``. It builds the throw-away SQLite database of
:mod:`bench.stewardship` (WAL, ``BEGIN IMMEDIATE`` as configured in settings) and applies a file
of new providers, then the same providers changed, then a file changing them back and adding
200 more, the last of which the database refuses (a trigger): that import is rolled back.
Figures per step:

- the longest write transaction of the importing connection, in ms: from ``BEGIN IMMEDIATE``
  (which takes the write lock) to its commit or rollback; a write outside a transaction counts
  as its own statement's run time;
- the median write transaction, in ms;
- the longest wait of another writer: a separate process does a one-row write every 20 ms and
  times each one from its ``BEGIN IMMEDIATE`` to its commit, so a write stuck behind the import
  shows up as a long wait.

The import runs exactly as ``manage.py import_reference --yes`` runs it (the importer's apply).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

PROBE_INTERVAL = 0.02


def _probe(path: str, stop, result) -> None:
    """Write one row every PROBE_INTERVAL seconds until ``stop``; the longest write, in ms."""
    connection = sqlite3.connect(path, timeout=60, isolation_level=None)
    connection.execute("PRAGMA busy_timeout=60000")
    longest = 0.0
    while not stop.is_set():
        started = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE bench_probe SET n = n + 1")
        connection.execute("COMMIT")
        longest = max(longest, time.perf_counter() - started)
        time.sleep(PROBE_INTERVAL)
    connection.close()
    result.value = longest * 1000


class _WriteTransactions:
    """Times every write transaction of Django's default connection (see the module docstring)."""

    WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.durations: list[float] = []
        self._began = 0.0

    def __enter__(self) -> _WriteTransactions:
        connection = self.connection
        connection.ensure_connection()
        self._saved = {
            name: getattr(connection, name)
            for name in ("_start_transaction_under_autocommit", "_commit", "_rollback")
        }
        start, commit, rollback = self._saved.values()

        def begin() -> None:
            self._began = time.perf_counter()
            start()

        def finish(call):
            def finished() -> None:
                call()
                if self._began:
                    self.durations.append(time.perf_counter() - self._began)
                    self._began = 0.0

            return finished

        connection._start_transaction_under_autocommit = begin
        connection._commit = finish(commit)
        connection._rollback = finish(rollback)
        self._wrapper = connection.execute_wrapper(self._autocommit_write)
        self._wrapper.__enter__()
        return self

    def _autocommit_write(self, execute, sql, params, many, context):
        if self.connection.in_atomic_block or not sql.lstrip().upper().startswith(self.WRITES):
            return execute(sql, params, many, context)
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.durations.append(time.perf_counter() - started)

    def __exit__(self, *exc) -> None:
        self._wrapper.__exit__(*exc)
        for name, value in self._saved.items():
            setattr(self.connection, name, value)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.durations or [0.0]) * 1000

    @property
    def longest_ms(self) -> float:
        return max(self.durations, default=0.0) * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="200 rows instead of 5,000.")
    args = parser.parse_args(argv)
    rows = 200 if args.quick else 5000

    with tempfile.TemporaryDirectory() as directory:
        from bench.stewardship import _providers_csv, _setup

        _setup(Path(directory))
        from django.conf import settings
        from django.db import connection

        from scorecard.stewardship.importer import import_file

        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE bench_probe (n integer)")
            cursor.execute("INSERT INTO bench_probe VALUES (0)")
        connection.close()
        steps = [
            ("apply, all new", _providers_csv(rows)),
            ("apply, all changed", _providers_csv(rows, variant=".5")),
            ("fails at the end", _providers_csv(rows + 200)),
        ]
        chunk = getattr(settings, "IMPORT_CHUNK_ROWS", None)
        pause = getattr(settings, "IMPORT_CHUNK_PAUSE_MS", 0)
        print(
            f"Provider import, {rows:,} rows, SQLite (WAL, BEGIN IMMEDIATE); "
            + (f"chunks of {chunk} rows, {pause} ms apart" if chunk else "one transaction")
        )
        print(
            f"{'step':<20}{'time (s)':>10}{'write transactions':>20}{'median (ms)':>13}"
            f"{'longest (ms)':>14}{'other writer waited (ms)':>26}"
        )
        context = multiprocessing.get_context("spawn")
        for label, data in steps:
            if label == "fails at the end":
                _refuse_insert_of(f"Proveedor Benchmark {rows + 199:05d}, S.A. de C.V.")
            stop, waited = context.Event(), context.Value("d", 0.0)
            probe = context.Process(
                target=_probe, args=(str(settings.DATABASES["default"]["NAME"]), stop, waited)
            )
            probe.start()
            time.sleep(0.3)  # the probe is writing before the import starts
            with _WriteTransactions() as transactions:
                started = time.perf_counter()
                result = import_file(name="providers.csv", data=data, apply=True, via="bench")
                elapsed = time.perf_counter() - started
            stop.set()
            probe.join()
            assert result.applied == (label != "fails at the end"), result.errors[:3]
            print(
                f"{label:<20}{elapsed:>10.2f}{len(transactions.durations):>20}"
                f"{transactions.median_ms:>13.0f}{transactions.longest_ms:>14.0f}"
                f"{waited.value:>26.0f}"
            )
        print(f"Load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def _refuse_insert_of(legal_name: str) -> None:
    from django.db import connection

    from providers.models import Provider

    with connection.cursor() as cursor:
        cursor.execute(
            f'CREATE TRIGGER bench_refuse BEFORE INSERT ON "{Provider._meta.db_table}" '
            f"WHEN NEW.legal_name = '{legal_name}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )


if __name__ == "__main__":
    main()
