from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

WHOLE_NUMBER = re.compile(r"-?[0-9]+")
# Ids beyond 64 bits exist nowhere; clamping keeps the lookup valid on every database.
INT64_MAX = 2**63 - 1


class StrictIntegerField(forms.IntegerField):
    """Digits only: Django's IntegerField would also take "1.0" or " 1 "."""

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        value = str(value)
        if not WHOLE_NUMBER.fullmatch(value):
            raise ValidationError(_("Enter a whole number."), code="invalid")
        if len(value) > 19:
            return -INT64_MAX if value.startswith("-") else INT64_MAX
        return max(min(int(value), INT64_MAX), -INT64_MAX)


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(filters.NumberFilter):
    """An integer filter (``NumberFilter`` would take 1.5 or 1e30)."""

    field_class = StrictIntegerField


class StrictBooleanFormField(forms.Field):
    """``true`` or ``false``, as OpenAPI clients send a boolean in a query string."""

    def to_python(self, value: Any) -> bool | None:
        if value in self.empty_values:
            return None
        if value in ("true", "false"):
            return value == "true"
        raise ValidationError(_("Use true or false."), code="invalid")


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanFormField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The raw string, not django-filter's BooleanWidget, which maps anything unknown to "no filter".
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class StrictFilterSet(filters.FilterSet):
    """An empty value is no value for a date, number or choice: 400, not "no filter"."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name, value in self.data.items():
            field = self.filters.get(name)
            if field is not None and value == "" and not isinstance(field, filters.CharFilter):
                self.form.add_error(name, _("This parameter may not be empty."))
                valid = False
        return valid
