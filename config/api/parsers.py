"""The API's JSON parser: any body answers 400 (or 413), never a server error.

Rules: arrays and objects may nest at most ``MAX_DEPTH`` levels (deeper JSON —
100,000 nested lists, say — would exhaust Python's recursion while parsing or
validating it): a 400 ``parse_error``. A body longer than Django's
``DATA_UPLOAD_MAX_MEMORY_SIZE`` is refused by Django as it is read, before any
parsing: a 413 (``config.api.errors``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser

# No request of this API nests deeper than 3; 32 leaves room for every future one.
MAX_DEPTH = 32


def nesting_depth(value: Any, limit: int = MAX_DEPTH) -> int:
    """How deeply arrays and objects nest in ``value`` (a scalar is 0); stops counting past ``limit``."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if depth > limit:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser with the depth bound of this module."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        too_deep = exceptions.ParseError(
            _("JSON parse error - arrays and objects may nest at most %(max)d levels.") % {"max": MAX_DEPTH}
        )
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:  # nested far beyond MAX_DEPTH: the parser itself gave up
            raise too_deep from None
        if nesting_depth(data) > MAX_DEPTH:
            raise too_deep
        return data
