"""A paginator that can be told how many rows there are."""

from __future__ import annotations

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """Django's paginator, given the total when it is known without a COUNT(*)
    (recommendations.tallies.total); with count=None it counts as usual."""

    def __init__(self, object_list, per_page, *args, count: int | None = None, **kw):
        super().__init__(object_list, per_page, *args, **kw)
        if count is not None:
            self.count = count  # takes the place of the cached_property's COUNT(*)
