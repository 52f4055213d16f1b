"""Benchmark: the ranking dashboard against a minimal logged-in page, in the same run.

    python -m bench.pages            # 50 candidates × 30 indicators × 5 assessors
    python -m bench.pages --quick    # a small smoke run (CI)

Builds a throw-away test database (SQLite in memory by default, or a test database next to
``DATABASE_URL``), fills one engagement, and prints the median time of each page over several
requests, with the dashboard both computed from scratch (cache emptied before every request)
and served from the results cache, and the query count of each. The target (issue 4): the
dashboard renders in at most 3× the time of the minimal page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from decimal import Decimal

import numpy as np


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scorecard.settings")
    os.environ.setdefault("ALLOW_INSECURE_SECRET_KEY", "true")
    os.environ.setdefault("CACHE_URL", "locmem://")
    os.environ.setdefault("HTTPS", "false")  # the test client speaks plain HTTP
    import django

    django.setup()


def build(n_candidates: int, n_indicators: int, n_assessors: int):
    """One engagement of these sizes, each candidate with its own (seeded random) scores."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cities.models import City
    from providers.models import Provider, Site
    from scorecard.models import (
        Assessment,
        AssessmentStatus,
        Candidate,
        Criterion,
        Engagement,
        Indicator,
        Membership,
        Role,
        Score,
    )

    user_model = get_user_model()
    consultant = user_model.objects.create_user("bench-consultant", password="x")
    assessors = [
        user_model.objects.create_user(f"bench-analyst-{i}", password="x")
        for i in range(n_assessors)
    ]
    criteria = [
        Criterion.objects.create(
            code=f"c{i}", name=f"Criterion {i}", description="…", default_weight=Decimal(100) / 6
        )
        for i in range(6)
    ]
    indicators = Indicator.objects.bulk_create(
        Indicator(
            criterion=criteria[i % 6],
            code=f"i{i}",
            name=f"Indicator {i}",
            guidance="…",
            kind="rated",
            default_weight=Decimal(20),
        )
        for i in range(n_indicators)
    )
    city = City.objects.create(
        name="Bench City", slug="bench-city", state="Nuevo León", timezone="America/Monterrey"
    )
    engagement = Engagement.objects.create(name="Bench", client_name="Bench Inc.", seats=100)
    Membership.objects.create(engagement=engagement, user=consultant, role=Role.CONSULTANT)
    engagement.reset_weights_to_defaults()
    values = np.random.default_rng(0).integers(0, 6, (n_candidates, n_assessors, n_indicators))
    scores = []
    for c in range(n_candidates):
        provider = Provider.objects.create(
            legal_name=f"Bench {c}, S.A. de C.V.", trade_name=f"Bench {c}", slug=f"bench-{c}"
        )
        site = Site.objects.create(
            provider=provider, city=city, name="Main", seats_total=500, seats_available=200
        )
        candidate = Candidate.objects.create(
            engagement=engagement, provider=provider, primary_site=site
        )
        candidate.sites.add(site)
        for a, assessor in enumerate(assessors):
            assessment = Assessment.objects.create(
                candidate=candidate,
                assessor=assessor,
                status=AssessmentStatus.SUBMITTED,
                submitted_at=timezone.now(),
            )
            scores.extend(
                Score(
                    assessment=assessment,
                    indicator=indicator,
                    status="scored",
                    value=int(values[c, a, i]),
                    note="Seen on the site visit.",
                )
                for i, indicator in enumerate(indicators)
            )
    Score.objects.bulk_create(scores, batch_size=2000)
    return engagement, consultant


def measure(client, url: str, repeats: int, *, clear_cache: bool = False) -> tuple[float, int]:
    """Median milliseconds and the query count of GET ``url``."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    for _ in range(repeats):
        if clear_cache:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - start
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        times.append(elapsed * 1000)
        queries = len(captured)
    return statistics.median(times), queries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI smoke runs")
    args = parser.parse_args(argv)
    sizes = (5, 12, 2) if args.quick else (50, 30, 5)
    repeats = 3 if args.quick else 15

    warnings.filterwarnings("ignore", message="No directory at")
    _setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment, teardown_test_environment
    from django.urls import reverse

    setup_test_environment()
    # No collectstatic here: serve static file names without the production manifest.
    plain_static = override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    )
    plain_static.enable()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        start = time.perf_counter()
        engagement, consultant = build(*sizes)
        built = time.perf_counter() - start
        client = Client()
        client.force_login(consultant)
        minimal_url = reverse("home")
        dashboard_url = reverse("scorecard:results", kwargs={"pk": engagement.pk})
        client.get(dashboard_url)  # warm up templates and imports
        minimal, minimal_q = measure(client, minimal_url, repeats)
        cold, cold_q = measure(client, dashboard_url, repeats, clear_cache=True)
        warm, warm_q = measure(client, dashboard_url, repeats)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        plain_static.disable()
        teardown_test_environment()

    n, k, a = sizes
    print(f"Ranking dashboard benchmark: {n} candidates × {k} indicators × {a} assessors")
    print(f"  ({n * k * a:,} scores; data built in {built:.1f} s; median of {repeats} requests)")
    print(f"  minimal logged-in page (home)      {minimal:8.1f} ms  {minimal_q:3d} queries")
    print(
        f"  dashboard, computed (cache empty)  {cold:8.1f} ms  {cold_q:3d} queries"
        f"  = {cold / minimal:4.1f}× minimal"
    )
    print(
        f"  dashboard, from the results cache  {warm:8.1f} ms  {warm_q:3d} queries"
        f"  = {warm / minimal:4.1f}× minimal (target ≤ 3×)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
