"""Liveness and readiness probes (docs/operations.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up; touches nothing else."""
    return JsonResponse({"status": "ok"})


def _check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "not ready"
        return f"database: {type(exc).__name__}"
    return None


def _check_broker() -> str | None:
    if settings.REDIS_URL:
        import redis  # the client library loads only where REDIS_URL is set

        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        try:
            client.ping()
        except redis.RedisError as exc:
            return f"broker: {type(exc).__name__}"
        finally:
            client.close()
        return None
    folder = settings.CELERY_FILESYSTEM_DIR / "queue"
    if not folder.is_dir():
        return "broker: embedded queue folder missing"
    return None


@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the broker answer; 503 naming what does not."""
    problems = [problem for problem in (_check_database(), _check_broker()) if problem]
    if problems:
        return JsonResponse(
            {"status": "unavailable", "error": "not_ready", "detail": "; ".join(problems)},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "broker": "ok"})
