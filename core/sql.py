"""Queries built once: for the few queries every page asks (the signed-in header's), building the
SQL through the ORM costs more than running it."""

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
        if using not in self._built:
            self._built[using] = self._prepare(using)
        sql, params, names, converters = self._built[using]
        params = [pk if param == PLACEHOLDER else param for param in params]
        connection = connections[using]  # this thread's
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        row = list(row)
        for position, (functions, expression) in converters.items():  # as the compiler's apply_converters
            for convert in functions:
                row[position] = convert(row[position], expression, connection)
        return dict(zip(names, row, strict=True))

    def _prepare(self, using: str) -> tuple:
        compiler = self._build(PLACEHOLDER).query.get_compiler(using)
        sql, params = compiler.as_sql()
        if PLACEHOLDER not in params or str(PLACEHOLDER) in sql:
            raise ValueError("The key must reach the query as a parameter.")
        names = [alias for _, _, alias in compiler.select]
        if None in names:
            raise ValueError("Every column of the row must be a named annotation.")
        converters = compiler.get_converters([expression for expression, _, _ in compiler.select])
        return sql, tuple(params), names, converters
