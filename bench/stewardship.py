"""Benchmark: preview and apply a provider import of 5,000 rows (200 with ``--quick``).

Run ``python -m bench.stewardship [--quick]``. It builds a throw-away SQLite database
in a temporary directory (never the configured one), loads the taxonomy fixture and 17 cities,
and prints wall time and peak Python memory (tracemalloc) for each step. Times are measured
without tracemalloc (which slows Python down); memory in a second, traced run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path


class _NoMigrations(dict):
    def __contains__(self, app_label: object) -> bool:
        return True

    def __getitem__(self, app_label: str) -> None:
        return None


def _setup(directory: Path) -> None:
    os.environ["SQLITE_PATH"] = str(directory / "bench.sqlite3")
    os.environ.pop("DATABASE_URL", None)
    # A throw-away database on this machine: no secret worth protecting.
    os.environ.setdefault("ALLOW_INSECURE_SECRET_KEY", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scorecard.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # Tables straight from the models (no migration history to replay): a faster start.
    settings.MIGRATION_MODULES = _NoMigrations()
    call_command("migrate", run_syncdb=True, verbosity=0)
    call_command("loaddata", "taxonomy", verbosity=0)
    from cities.models import City

    # Headquarters only need the cities themselves, not their 289 figures.
    for n in range(17):
        City.objects.create(
            name=f"Bench City {n}",
            state="Nuevo León",
            timezone="America/Monterrey",
            complexity_tier="high",
        )


def _providers_csv(rows: int, *, variant: str = "") -> bytes:
    from cities.models import City
    from providers.rfc import make_company_rfc
    from scorecard.spreadsheets import build_csv

    cities = list(City.objects.values_list("name", flat=True))
    headers = [
        "legal_name",
        "trade_name",
        "rfc",
        "headquarters",
        "year_founded",
        "headcount",
        "attrition_pct",
        "client_concentration_pct",
        "description",
        "languages",
        "channels",
        "functions",
        "verticals",
    ]
    body = []
    for n in range(rows):
        homoclave = f"{'ABCDEFGHJK'[n % 10]}{(n // 10) % 10}"
        body.append(
            [
                f"Proveedor Benchmark {n:05d}, S.A. de C.V.",
                f"Benchmark {n:05d}",
                make_company_rfc(
                    "BEN", f"{10 + n % 15:02d}{1 + n % 12:02d}{1 + n % 28:02d}", homoclave
                ),
                cities[n % len(cities)],
                1990 + n % 30,
                100 + n,
                f"{20 + n % 40}.5",
                f"{10 + n % 30}{variant or '.0'}",
                f"Contact-centre provider number {n}.",
                "es|en",
                "voice|chat",
                "customer-care",
                "",
            ]
        )
    return build_csv(headers, body)


def _traced(step) -> int:
    tracemalloc.start()
    try:
        step()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="200 rows instead of 5,000.")
    args = parser.parse_args(argv)
    rows = 200 if args.quick else 5000

    with tempfile.TemporaryDirectory() as directory:
        _setup(Path(directory))
        from providers.models import Provider
        from scorecard.stewardship.importer import import_file

        data = _providers_csv(rows)
        changed = _providers_csv(rows, variant=".5")

        def preview(content=data):
            return import_file(name="providers.csv", data=content, via="bench")

        def apply(content=data):
            result = import_file(name="providers.csv", data=content, apply=True, via="bench")
            assert result.applied, result.errors[:3]
            return result

        def reset():
            Provider.objects.all().delete()
            Provider.history.all().delete()

        steps = [
            ("preview, all new", preview),
            ("apply, all new", apply),
            ("preview, all unchanged", preview),
            ("apply, all changed", lambda: apply(changed)),
        ]
        print(f"Provider import, {rows:,} rows ({len(data) / 1024:,.0f} KiB CSV), SQLite")
        print(f"{'step':<24}{'time (s)':>10}{'peak memory (MiB)':>20}")
        for label, step in steps:
            # Time without tracemalloc, then the same step again traced for memory; the
            # database is put back in the state the step started from in between.
            started = time.perf_counter()
            step()
            elapsed = time.perf_counter() - started
            if label == "apply, all new":
                reset()
            elif label == "apply, all changed":
                apply()
            peak = _traced(step)
            print(f"{label:<24}{elapsed:>10.2f}{peak / 2**20:>20.1f}")


if __name__ == "__main__":
    main()
