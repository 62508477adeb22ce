"""Paginating long lists of wide rows."""

from django.core.paginator import Paginator
from django.db.models import QuerySet


class KeysFirstPaginator(Paginator):
    """Reads a page's primary keys first (the query filters and sorts, nothing more), then those rows
    whole with what they select_related: the joins and wide columns are read for one page, not for
    each of the thousands of matches the sort goes through. Same pages, one query more."""

    def page(self, number):
        page = super().page(number)
        keys = list(page.object_list.values_list("pk", flat=True))
        rows = self.object_list.in_bulk(keys)
        page.object_list = [rows[key] for key in keys]
        return page


class CountedApart:
    """Rows to page whose count another queryset of the same rows gives, one that counts cheaply (the
    rows' own query may carry a join that only helps their sort). Paginator(CountedApart(rows, counted))."""

    def __init__(self, rows: QuerySet, *, counted: QuerySet):
        self.rows, self.counted = rows, counted
        self.ordered = rows.ordered

    def count(self) -> int:
        return self.counted.count()

    def __getitem__(self, key):
        return self.rows[key]
