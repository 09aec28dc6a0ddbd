from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (default 50, capped at 100 whatever is asked)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
