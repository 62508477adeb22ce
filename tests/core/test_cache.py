"""core.cache: the Redis cache production names through CACHE_URL, one client per connection pool."""

import subprocess
import sys

import pytest

from core.cache import ReusedClientRedisCache
from tests.conftest import REDIS_URL
from tests.core.test_deploy_check import ROOT, production_env

pytestmark = pytest.mark.redis


def test_the_cache_answers_through_one_client_for_reads_and_writes():
    cache = ReusedClientRedisCache(REDIS_URL, {"KEY_PREFIX": "test-core-cache"})
    try:
        cache.set("price", 12_000)
        cache.incr("price", 500)

        assert cache.get_many(["price", "none"]) == {"price": 12_500}
        assert cache._cache.get_client() is cache._cache.get_client(write=True)
    finally:
        cache.delete("price")


def test_a_redis_cache_url_gets_the_reused_client_backend():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == "core.cache.ReusedClientRedisCache", result.stderr
