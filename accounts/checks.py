"""System checks of ours, run by `manage.py check` (those tagged deploy only with --deploy)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.security, Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    """allauth's rate limits (failed logins, codes), our WhatsApp code budgets and axes' cache live in the
    default cache: one per process multiplies every limit by the number of workers and forgets it on
    each restart."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            "The default cache lives in each worker process, so rate limits, lockouts and message "
            "budgets are counted per process.",
            hint="Set CACHE_URL to a shared cache, e.g. redis://127.0.0.1:6379/1.",
            id="pasar.W001",
        )
    ]
