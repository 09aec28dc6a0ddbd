"""Changelists that open on part of their rows: the query string that shows every row."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model

from forums.admin.current_edition import CurrentEditionFilter


def every_row(model: type[Model]) -> str:
    """``?edition__id__exact=all`` for a list that opens on the current edition, else nothing."""
    filters = admin.site._registry[model].list_filter
    if CurrentEditionFilter in filters:
        return f"?{CurrentEditionFilter.parameter_name}={CurrentEditionFilter.ALL}"
    return ""
