"""The storefront's cache across processes: a change made here shows on the next anonymous request to
another process (a runserver of the test database) sharing the cache, as gunicorn's workers share Redis."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from market.services import application_suspend
from vendors.models import Product
from vendors.services.groups import group_rename
from vendors.services.products import product_update

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
TABLE = "storefront_test_cache"


@pytest.fixture
def shared_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": TABLE}
    }
    call_command("createcachetable", verbosity=0)
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


@pytest.fixture
def other_process(shared_cache):
    """`manage.py runserver --noreload` on a free loopback port, on the test database and the cache."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "TEST_SHARED_CACHE_TABLE": TABLE,
    }
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"

    def get(path: str) -> str:
        with urllib.request.urlopen(base + path, timeout=30) as response:
            return response.read().decode()

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get("/favicon.ico")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"runserver did not start: {server.stderr.read().decode()}") from None
                time.sleep(0.2)
        yield get
    finally:
        server.terminate()
        server.wait(30)


@pytest.mark.parametrize("kind", ["market", "stall", "product"])
def test_a_price_change_here_shows_on_the_other_processs_next_answer(other_process, people, kind):
    url = {
        "market": reverse("vendors:market_detail", args=[people.market.slug]),
        "stall": reverse("vendors:stall_detail", args=[people.trader_stall.pk]),
        "product": reverse("vendors:product_detail", args=[people.product.pk]),
    }[kind]
    assert "Rp 60.000" in other_process(url)
    # Unannounced, the change is not seen: the other process answers from the shared cache.
    Product.objects.filter(pk=people.product.pk).update(price=61000)
    assert "Rp 60.000" in other_process(url)

    product_update(actor=people.trader, product=people.product, price=65000)

    page = other_process(url)
    assert "Rp 65.000" in page and "Rp 60.000" not in page


def test_a_suspension_here_shows_on_the_other_processs_next_answer(other_process, people):
    url = reverse("vendors:market_detail", args=[people.market.slug])
    assert "Cabai rawit merah" in other_process(url)

    application_suspend(
        application_id=people.trader_stall.application_id, actor=people.staff, reason="Izin habis"
    )

    assert "Cabai rawit merah" not in other_process(url)


def test_a_group_renamed_here_shows_on_the_other_processs_next_answer(other_process, people):
    url = reverse("vendors:market_detail", args=[people.market.slug])
    assert "Kelompok Beras" in other_process(url)

    group_rename(actor=people.staff, group_id=people.other_group.pk, name="Kelompok Padi")

    page = other_process(url)
    assert "Kelompok Padi" in page and "Kelompok Beras" not in page
