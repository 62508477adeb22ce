"""Row locks that give up: a service's transaction waits at most LOCK_TIMEOUT seconds for a row another
request holds, then refuses with the app's domain error, code "busy", instead of hanging the page.

PostgreSQL only (`lock_timeout`, local to the transaction). SQLite has no row locks: its writers queue
on the whole database under its own busy timeout, so nothing is set there.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction
from django.utils.translation import gettext_lazy as _

BUSY = "busy"
BUSY_MESSAGE = _("Someone else is changing this right now. Try again in a moment.")
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE when lock_timeout expires


@contextmanager
def atomic_or_busy(
    error_class: Callable[[str, str], Exception], *, using: str = DEFAULT_DB_ALIAS
) -> Iterator[None]:
    """`transaction.atomic()` whose lock waits are bounded: when one runs out, the transaction is rolled
    back and `error_class(BUSY_MESSAGE, "busy")` raised (ReviewError, VendorError: message, code)."""
    try:
        with transaction.atomic(using=using):
            _limit_lock_wait(using)
            yield
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) != LOCK_NOT_AVAILABLE:
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
