"""``/healthz``: is this web process able to serve? Database, job queue and disk (issue 11 §7).

No login, no page: a JSON body with one entry per check and 200 when all pass, 503 otherwise.
It names no server path, host or version, only the checks' outcomes.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def _queue() -> dict[str, Any]:
    if settings.FC_JOB_BACKEND != "rq":
        return {"ok": True, "backend": settings.FC_JOB_BACKEND}
    from redis import Redis

    client = Redis.from_url(settings.FC_REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    client.ping()
    return {"ok": True, "backend": "rq"}


def _disk() -> dict[str, Any]:
    minimum = settings.FC_HEALTH_MIN_FREE_MB
    free = {}
    for name, folder in (("var", settings.VAR_DIR), ("media", settings.MEDIA_ROOT)):
        path = Path(folder)
        while not path.exists() and path != path.parent:
            path = path.parent
        free[name] = shutil.disk_usage(path).free // (1024 * 1024)
    return {"ok": all(v >= minimum for v in free.values()), "free_mb": free, "min_mb": minimum}


CHECKS = {"database": _database, "queue": _queue, "disk": _disk}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    started = time.perf_counter()
    results: dict[str, Any] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # noqa: BLE001 - a failing dependency is a result, not a 500
            results[name] = {"ok": False, "error": type(exc).__name__}
    healthy = all(r["ok"] for r in results.values())
    body = {
        "status": "ok" if healthy else "fail",
        "checks": results,
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }
    return JsonResponse(body, status=200 if healthy else 503)
