"""Helpers for the PostgreSQL race tests (`postgres` marker, `django_db(transaction=True)`): each thread
has its own database connection, so these are real concurrent transactions."""

import threading
from contextlib import contextmanager

from django.db import connection, transaction

WAIT = 10  # seconds: long enough never to be the reason a test fails, short enough not to hang it


def run_at_once(*calls) -> list:
    """Run the calls in threads released together; each one's result, or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(WAIT)
            outcomes[index] = call()
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    return outcomes


@contextmanager
def held_elsewhere(queryset, change=None):
    """Lock the queryset's rows FOR UPDATE in another connection for the duration of the block, as a
    request in the middle of its transaction would; `change(rows)` runs in that transaction and is
    committed when the block ends (rolled back if it raised)."""
    locked, release = threading.Event(), threading.Event()
    failures: list[Exception] = []

    def hold():
        try:
            with transaction.atomic():
                rows = list(queryset.select_for_update().order_by("pk"))
                if change is not None:
                    change(rows)
                locked.set()
                release.wait(WAIT)
        except Exception as error:
            failures.append(error)
            locked.set()
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    locked.wait(WAIT)
    try:
        if failures:
            raise failures[0]
        yield
    finally:
        release.set()
        thread.join(WAIT)
