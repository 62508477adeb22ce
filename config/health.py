"""/healthz/: is this instance able to serve? JSON for load balancers and monitoring.

Uses django-health-check's Database and Redis checks (with their time limits and error handling) but not its
HealthCheckView, which answers 500 rather than 503, serves an HTML page with an inline <style> that our CSP
blocks, and has no way to say that tasks run in-process.
"""

import asyncio
import datetime
from functools import partial

from asgiref.sync import async_to_sync
from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from health_check.checks import Database
from health_check.contrib.redis import Redis
from redis.asyncio import Redis as RedisClient

BROKER_TIMEOUT_SECONDS = 2


def _checks() -> dict:
    checks = {"database": Database()}
    if settings.CELERY_BROKER_URL:
        client_factory = partial(
            RedisClient.from_url,
            settings.CELERY_BROKER_URL,
            socket_connect_timeout=BROKER_TIMEOUT_SECONDS,
            socket_timeout=BROKER_TIMEOUT_SECONDS,
        )
        broker = Redis(client_factory=client_factory)
        broker.timeout = datetime.timedelta(seconds=BROKER_TIMEOUT_SECONDS)
        checks["broker"] = broker
    return checks


async def _run(checks: dict) -> dict:
    results = await asyncio.gather(*(check.get_result() for check in checks.values()))
    return {name: result.error for name, result in zip(checks, results, strict=True)}


@never_cache
@require_GET
def health_view(request):
    errors = async_to_sync(_run)(_checks())
    report = {name: str(error) if error else "ok" for name, error in errors.items()}
    if "broker" not in report:
        report["tasks"] = "in-process"
    if any(errors.values()):
        return JsonResponse({"status": "unhealthy", **report}, status=503)
    return JsonResponse({"status": "ok", **report})
