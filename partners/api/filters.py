from __future__ import annotations

from django import forms
from django_filters import rest_framework as filters


class IntegerFilter(filters.NumberFilter):
    """An id filter: whole numbers only (``NumberFilter`` would take 1.5 or 1e30)."""

    field_class = forms.IntegerField
