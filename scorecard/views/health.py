"""Health endpoints for load balancers and orchestrators (no login, no data).

``/healthz``: the process answers (liveness; touches nothing else).
``/readyz``: the database answers, every migration is applied and the cache round-trips
(readiness); 503 with the failing check named otherwise.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database() -> str | None:
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return "unapplied migrations"
    except DatabaseError as exc:
        return f"database unavailable ({exc.__class__.__name__})"
    return None


def _cache() -> str | None:
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, 10)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception as exc:
        return f"cache unavailable ({exc.__class__.__name__})"
    return None if ok else "cache did not return what was stored"


@login_not_required
@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "cache": _cache()}
    failing = {name: problem for name, problem in checks.items() if problem}
    body = {
        "status": "ok" if not failing else "unavailable",
        "checks": {name: problem or "ok" for name, problem in checks.items()},
    }
    return JsonResponse(body, status=503 if failing else 200)
