"""Queries built once: for the few queries every page asks (the signed-in header's, a list's page of
rows), building the SQL through the ORM costs more than running it."""

from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet

# No primary key is negative: the value a query is built for, replaced by the caller's at each run.
PLACEHOLDER = -730_519_113


class OneRow:
    """A query of one row of annotations, built by `build(pk)` (a `.values(*names)` queryset) for a
    placeholder primary key once per process and database, then run with each caller's key.

    The query's rules stay in the querysets the apps' selectors give; only its SQL is kept. The key
    must reach the SQL as a parameter (a filter value), never inlined, or building fails loudly. Every
    other parameter is fixed at the first build: nothing that changes (the clock, a setting) may be one."""

    def __init__(self, build: Callable[[int], QuerySet]):
        self._build = build
        self._built: dict[str, tuple] = {}

    def get(self, pk: int, using: str = "default") -> dict | None:
        """The row for `pk` as {name: value}, or None if the query finds no row."""
        rows = self._run(pk, using, lambda cursor: [row] if (row := cursor.fetchone()) else [])
        return rows[0] if rows else None

    def _run(self, pk: int, using: str, fetch) -> list[dict]:
        if using not in self._built:
            self._built[using] = self._prepare(using)
        sql, params, names, converters = self._built[using]
        params = [pk if param == PLACEHOLDER else param for param in params]
        connection = connections[using]  # this thread's
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = fetch(cursor)
        return [dict(zip(names, _converted(list(row), converters, connection), strict=True)) for row in rows]

    def _prepare(self, using: str) -> tuple:
        return _prepared(self._build(PLACEHOLDER), using, [PLACEHOLDER])


class RowsOf(OneRow):
    """As OneRow, for a query of several rows for one key (e.g. a user's regions and their markets)."""

    def get(self, pk: int, using: str = "default") -> list[dict]:
        """The rows for `pk` as {name: value}, in the query's order."""
        return self._run(pk, using, lambda cursor: cursor.fetchall())


class KeptRows:
    """A page's rows by their keys, from a query built by `build(keys)` (a `.values(*names)` queryset
    keeping the rows whose primary key is in `keys`) once per process and database for `size`
    placeholder keys, then run with each page's keys: fewer are padded with a key no row has. With
    `size` 1 the key may be another's whose rows the query keeps (a user's stalls, by the user's key).

    As OneRow, the rules stay in the querysets; every other parameter is fixed at the first build."""

    def __init__(self, build: Callable[[list[int]], QuerySet], size: int):
        self._build, self._size = build, size
        self._built: dict[str, tuple] = {}

    def get(self, keys: list[int], key: str = "id", using: str = "default") -> dict[int, dict]:
        """The rows of `keys` (at most `size`) as {row[key]: {name: value}}."""
        if not keys:
            return {}
        if len(keys) > self._size:
            raise ValueError(f"At most {self._size} keys at a time.")
        if using not in self._built:
            placeholders = [PLACEHOLDER - position for position in range(self._size)]
            self._built[using] = _prepared(self._build(placeholders), using, placeholders)
        sql, params, names, converters = self._built[using]
        given = dict(zip([PLACEHOLDER - position for position in range(self._size)], keys, strict=False))
        params = [
            given.get(param, PLACEHOLDER) if _is_placeholder(param, self._size) else param for param in params
        ]
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        found = {}
        for values in rows:
            row = _converted(list(values), converters, connection)
            found[row[names.index(key)]] = dict(zip(names, row, strict=True))
        return found


def _is_placeholder(param, size: int) -> bool:
    return isinstance(param, int) and PLACEHOLDER - size < param <= PLACEHOLDER


def _prepared(queryset: QuerySet, using: str, placeholders: list[int]) -> tuple:
    compiler = queryset.query.get_compiler(using)
    sql, params = compiler.as_sql()
    if any(key not in params or str(key) in sql for key in placeholders):
        raise ValueError("The key must reach the query as a parameter.")
    names = [alias for _, _, alias in compiler.select]
    if None in names:
        raise ValueError("Every column of the row must be a named annotation.")
    converters = compiler.get_converters([expression for expression, _, _ in compiler.select])
    return sql, tuple(params), names, converters


def _converted(row: list, converters: dict, connection) -> list:
    for position, (functions, expression) in converters.items():  # as the compiler's apply_converters
        for convert in functions:
            row[position] = convert(row[position], expression, connection)
    return row
