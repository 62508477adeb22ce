import logging
import os
import re
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.cache import cache

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
REDIS_URL = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0"


def _redis_reachable() -> bool:
    parsed = urlparse(REDIS_URL)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def _missing_service(item) -> str | None:
    if item.get_closest_marker("postgres") and settings.DATABASES["default"]["ENGINE"] != (
        "django.db.backends.postgresql"
    ):
        return "needs PostgreSQL: set DATABASE_URL=postgres://..."
    if item.get_closest_marker("redis") and not _redis_reachable():
        return f"needs Redis at {REDIS_URL}"
    return None


def pytest_runtest_setup(item):
    """Service-bound tests skip with the reason on a machine without the service, and fail under CI."""
    reason = _missing_service(item)
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"CI=true but this test {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate limits and lockouts live in the cache; no test inherits another's."""
    cache.clear()
    yield
    cache.clear()


WHATSAPP_LOGGER = "notifications.transports.whatsapp"


@pytest.fixture
def whatsapp_codes(caplog):
    """Codes sent over WhatsApp, read from what the console transport logs: code_for(phone) -> str."""
    caplog.set_level(logging.INFO, logger=WHATSAPP_LOGGER)

    def code_for(phone: str) -> str:
        sent = [
            record.getMessage()
            for record in caplog.records
            if record.name == WHATSAPP_LOGGER and phone in record.getMessage()
        ]
        codes = [re.search(r"\b(\d{6})\b", message.split(phone, 1)[1]) for message in sent]
        codes = [found.group(1) for found in codes if found]
        assert codes, f"no WhatsApp code to {phone}"
        return codes[-1]

    return code_for
