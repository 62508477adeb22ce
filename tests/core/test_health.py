import socket
import time

import pytest
from health_check.checks import Database

from config.health import BROKER_TIMEOUT_SECONDS
from tests.conftest import REDIS_URL

pytestmark = pytest.mark.django_db


def test_without_a_broker_reports_the_database_and_in_process_tasks(client, settings):
    settings.CELERY_BROKER_URL = ""

    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "tasks": "in-process"}
    assert "no-cache" in response["Cache-Control"]


def test_an_unreachable_database_is_unhealthy(client, settings, monkeypatch):
    settings.CELERY_BROKER_URL = ""
    monkeypatch.setattr("config.health.Database", lambda: Database(alias="gone"))

    response = client.get("/healthz/")

    assert response.status_code == 503
    assert response.json()["status"] == "unhealthy"
    assert "Database alias does not exist" in response.json()["database"]


@pytest.mark.redis
def test_with_a_live_broker_reports_it(client, settings):
    settings.CELERY_BROKER_URL = REDIS_URL

    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_a_dead_broker_is_unhealthy_quickly(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    started = time.monotonic()
    response = client.get("/healthz/")

    assert time.monotonic() - started < 3
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["database"] == "ok"
    assert body["broker"].startswith("Unavailable")
    assert "tasks" not in body


def test_a_broker_that_never_answers_is_unhealthy_within_the_timeout(client, settings):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"

        started = time.monotonic()
        response = client.get("/healthz/")

    assert time.monotonic() - started < BROKER_TIMEOUT_SECONDS + 2
    assert response.status_code == 503
    assert response.json()["broker"].startswith("Unavailable")
