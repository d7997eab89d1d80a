from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=2`; `?page_size=` up to 200 (default: the PAGE_SIZE setting)."""

    page_size_query_param = "page_size"
    max_page_size = 200
