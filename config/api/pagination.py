from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

POSITIVE_INT = re.compile(r"[1-9][0-9]*")
HUGE = 10**18  # beyond any page or page size; keeps int() away from enormous strings


def positive_int_param(request: Request, name: str) -> int | None:
    """A positive whole number from the query string, or a 400 naming the parameter."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not POSITIVE_INT.fullmatch(raw):
        raise exceptions.ValidationError({name: [_("A whole number of at least 1 is required.")]})
    return int(raw) if len(raw) < 19 else HUGE


class ApiPagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (default 50, capped at 100 whatever is asked).

    Unlike DRF's default, a malformed ``page_size`` is a 400, not silently ignored;
    a page past the end is a 404.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request: Request) -> int:
        size = positive_int_param(request, self.page_size_query_param)
        return self.page_size if size is None else min(size, self.max_page_size)

    def get_page_number(self, request: Request, paginator: Any) -> int:
        number = positive_int_param(request, self.page_query_param)
        return 1 if number is None else number

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        response = super().get_paginated_response_schema(schema)
        for name in ("next", "previous"):  # OpenAPI 3.1 (config.api.schema): null is a type, "nullable" is gone
            link = response["properties"][name]
            if link.pop("nullable", False):
                link["type"] = [link["type"], "null"]
        return response

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {"type": "integer", "minimum": 1}
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = "Results per page (default 50; more than 100 gives 100)."
        return parameters
