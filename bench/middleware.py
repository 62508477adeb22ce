import os

from django.conf import settings
from django.db import connection

QUERIES_HEADER = "X-Bench-Queries"


class BenchMiddleware:
    """Outermost: counts the SQL queries of each request into a response header (Django keeps no query
    log with DEBUG off) and, when BENCH_REQUEST_LOG names a file, adds a byte to it per request answered,
    also for clients that already left. Only bench.settings installs it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.log = None

    def __call__(self, request):
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        # A worker's first request opens the connection, whose set-up queries are not the page's.
        connection.ensure_connection()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
        response[QUERIES_HEADER] = str(queries)
        self._log_request()
        return response

    def _log_request(self):
        if not settings.BENCH_REQUEST_LOG:
            return
        if self.log is None:  # opened in the worker, after the fork
            self.log = os.open(settings.BENCH_REQUEST_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.write(self.log, b".")
