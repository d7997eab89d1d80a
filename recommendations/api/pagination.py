from rest_framework import pagination

from recommendations.pagination import IdsFirstPaginator


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=2`; `?page_size=` up to 200 (default: the PAGE_SIZE setting).

    A view that knows its list's total without counting the rows sets `count`
    before paginating (RecommendationViewSet, from the tallies).
    """

    page_size_query_param = "page_size"
    max_page_size = 200
    count: int | None = None

    def django_paginator_class(self, queryset, page_size):
        return IdsFirstPaginator(queryset, page_size, count=self.count)
