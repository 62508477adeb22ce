"""Paginating long lists of wide rows."""

import math

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet, Window

# The most rows an OFFSET can skip (a bigint): a page that starts beyond it is past any list's end.
MAX_OFFSET = 2**63 - 1


class KeysFirstPaginator(Paginator):
    """Reads a page's primary keys first (the query filters and sorts, nothing more), then those rows
    whole with what they select_related: the joins and wide columns are read for one page, not for
    each of the thousands of matches the sort goes through. The keys come with the number of matches
    (a window count in the same query), so the list is filtered once, not a second time to count;
    only a page past the end counts on its own. Same pages as Django's Paginator, two queries.

    `rows`, if given, reads a page's rows from its keys ({key: row}) instead of the list's in_bulk:
    the list then only filters and sorts (core.sql.KeptRows reads the rows)."""

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *, rows=None):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.rows = rows

    def get_page(self, number):
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)

    def page(self, number):
        number = self._validate_number(number, math.inf)
        bottom = (number - 1) * self.per_page
        counted = self.object_list.annotate(_matches=Window(Count("*"))).values_list("pk", "_matches")
        # With the orphans that join this page if it is the last.
        end = bottom + self.per_page + self.orphans
        found = list(counted[bottom:end]) if end <= MAX_OFFSET else []
        if found:
            self.__dict__["count"] = found[0][1]
        elif bottom == 0:
            self.__dict__["count"] = 0
        number = self.validate_number(number)  # past the end: counts, then EmptyPage
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = [key for key, _ in found[: top - bottom]]
        rows = self.rows(keys) if self.rows else self.object_list.in_bulk(keys)
        return self._get_page([rows[key] for key in keys], number, self)


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
