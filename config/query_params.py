"""Reading ids from query strings, where anything may be typed."""

from __future__ import annotations

import re

_ID = re.compile(r"[0-9]{1,18}")  # ASCII digits only; fits a bigint


def parse_id(value: str | None) -> int | None:
    """The id in ``value``, or None for anything else ("", "abc", "²", a 5,000-digit number)."""
    return int(value) if value and _ID.fullmatch(value) else None


def parse_ids(value: str | None) -> set[int]:
    """The ids in a comma-separated ``value``; anything that is not one is left out."""
    return {pk for pk in map(parse_id, (value or "").split(",")) if pk is not None}
