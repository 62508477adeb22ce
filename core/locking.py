"""Row locks that give up: a service's transaction waits at most LOCK_TIMEOUT seconds for a row another
request holds, then refuses with the app's domain error, code "busy", instead of hanging the page. A
deadlock, which PostgreSQL ends by rolling one side back, is answered the same way.

PostgreSQL only (`lock_timeout`, local to the transaction). SQLite has no row locks: its writers queue
on the whole database under its own busy timeout, so nothing is set there.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction
from django.utils.translation import gettext_lazy as _

from core.errors import BUSY

BUSY_MESSAGE = _("Someone else is changing this right now. Try again in a moment.")
# PostgreSQL's SQLSTATEs: lock_timeout expired; two transactions waited on each other (one is rolled back).
LOCK_NOT_AVAILABLE = "55P03"
DEADLOCK_DETECTED = "40P01"
BUSY_SQLSTATES = frozenset({LOCK_NOT_AVAILABLE, DEADLOCK_DETECTED})


@contextmanager
def atomic_or_busy(
    error_class: Callable[[str, str], Exception], *, using: str = DEFAULT_DB_ALIAS
) -> Iterator[None]:
    """`transaction.atomic()` whose lock waits are bounded: when one runs out, the transaction is rolled
    back and `error_class(BUSY_MESSAGE, "busy")` raised (a core.errors.DomainError subclass).

    Inside another atomic_or_busy block (a service calling another, checkout taking stock) it is a
    savepoint of the outer transaction, whose lock waits are bounded already: no second SET LOCAL."""
    connection = connections[using]
    if getattr(connection, "lock_wait_bounded", False):
        with _busy_as(error_class), transaction.atomic(using=using):
            yield
        return
    with _busy_as(error_class), transaction.atomic(using=using):
        _limit_lock_wait(using)
        connection.lock_wait_bounded = True
        try:
            yield
        finally:
            connection.lock_wait_bounded = False


@contextmanager
def _busy_as(error_class: Callable[[str, str], Exception]) -> Iterator[None]:
    try:
        yield
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) not in BUSY_SQLSTATES:
            raise
        raise error_class(BUSY_MESSAGE, BUSY) from error


def _limit_lock_wait(using: str) -> None:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    milliseconds = round(settings.LOCK_TIMEOUT * 1000)
    with connection.cursor() as cursor:
        # is_local=true: SET LOCAL, undone when the transaction (or its savepoint) ends.
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{milliseconds}ms"])
