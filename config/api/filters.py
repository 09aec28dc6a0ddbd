"""Query-string filters that read their values strictly: a malformed value is a
400 naming the parameter, never "no filter" and never a database error."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
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


ISO_DATETIME = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})T(?P<time>[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)"
    r"(?P<offset>Z|[+-][0-9]{2}:[0-9]{2})?"
)
# PostgreSQL refuses UTC offsets beyond 15:59 (timestamptz input); none is in use anywhere.
MAX_UTC_OFFSET = dt.timedelta(hours=15, minutes=59)


class StrictIsoDateTimeField(forms.Field):
    """``YYYY-MM-DDTHH:MM[:SS[.ffffff]]`` with ``Z`` or an offset of at most ±15:59
    (without one: the site's time zone); the instant is passed on in UTC."""

    def to_python(self, value: Any) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        match = ISO_DATETIME.fullmatch(str(value))
        if match is None:
            raise ValidationError(
                _("Enter a date and time in ISO 8601, such as 2030-07-06T09:00:00+08:00."), code="invalid"
            )
        offset = match["offset"]
        if offset and offset != "Z" and dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:])) > MAX_UTC_OFFSET:
            raise ValidationError(_("The UTC offset must be between -15:59 and +15:59."), code="invalid")
        try:
            parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
            if parsed.tzinfo is None:
                parsed = timezone.make_aware(parsed)
            return parsed.astimezone(dt.UTC)
        except (ValueError, OverflowError) as exc:
            raise ValidationError(_("This date and time does not exist."), code="invalid") from exc


@extend_schema_field(OpenApiTypes.DATETIME)
class StrictIsoDateTimeFilter(filters.Filter):
    """A point in time, read by ``StrictIsoDateTimeField``."""

    field_class = StrictIsoDateTimeField


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
