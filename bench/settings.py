"""The benchmark's settings (`make bench` only): the production settings, DEBUG off, plus the bench-only
URLs (bench/urls.py) and the middleware that counts SQL queries and requests (bench/middleware.py).
Production never loads this module: config/settings.py knows nothing of it."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, DEBUG, MIDDLEWARE, TEMPLATES

if DEBUG:
    raise ImproperlyConfigured("The benchmark measures the production settings: set DJANGO_DEBUG=false.")

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.BenchMiddleware", *MIDDLEWARE]
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
# Every request a worker answers adds one byte here, so the harness knows how many it served.
BENCH_REQUEST_LOG = os.environ.get("BENCH_REQUEST_LOG", "")
