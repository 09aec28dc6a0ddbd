"""Door lists of the selected sub-forums, as admin actions of the sub-forum list (workspace)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from forums.admin.scope import ForumScopedAdminMixin
from forums.models import SubForum
from forums.permissions import Can
from spreadsheets.admin.exporting import export_response
from spreadsheets.enums import ExportKind, FileFormat


def _door_lists(modeladmin: ForumScopedAdminMixin, request: HttpRequest, queryset: QuerySet, fmt: str) -> HttpResponse:
    allowed = modeladmin.permitted_rows(request, queryset, Can.EXPORT)
    rows = SubForum.objects.filter(pk__in=[s.pk for s in allowed])
    return export_response(request, kind=ExportKind.DOOR_LISTS, fmt=fmt, queryset=rows)


@admin.action(description=_("Door lists of selected sub-forums (Excel, a sheet per door)"), permissions=["export"])
def export_door_lists_xlsx(modeladmin: ForumScopedAdminMixin, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
    return _door_lists(modeladmin, request, queryset, FileFormat.XLSX)


@admin.action(description=_("Door lists of selected sub-forums (CSV)"), permissions=["export"])
def export_door_lists_csv(modeladmin: ForumScopedAdminMixin, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
    return _door_lists(modeladmin, request, queryset, FileFormat.CSV)
