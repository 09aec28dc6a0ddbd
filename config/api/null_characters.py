"""NUL characters, which PostgreSQL cannot store in text: refused wherever input
reaches the API (query strings, and every write serializer's body) as a 400
naming the parameter or field, instead of a database error."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

MESSAGE = _("Null characters are not allowed.")


def holds_null_character(value: Any) -> bool:
    """Whether a string anywhere in ``value`` (nested lists and objects, keys included) holds a NUL."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, Mapping):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return False


class RefuseNullCharacters:
    """Mixed into every write serializer of the API (before ``Serializer``): a NUL in
    any field's value — a list of slugs included, which DRF's own check on text fields
    does not see — is a 400 naming that field."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            errors = {
                str(name).replace("\x00", "")[:50]: [str(MESSAGE)]
                for name, value in data.items()
                if holds_null_character(name) or holds_null_character(value)
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)  # type: ignore[misc]
