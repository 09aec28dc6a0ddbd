"""Export buttons on admin changelists, and the answer to an export request.

``ExportChangelistMixin`` adds ``export/<csv|xlsx>/`` to a ModelAdmin: the
changelist's own filters, search and scoping (the query string the organiser is
looking at) give the rows, ``spreadsheets.exports.exportable`` narrows them to
what this user may take out, and ``export_response`` writes them at once or
hands them to a worker.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from attendees.selectors import door_choices
from config.spreadsheets import CONTENT_TYPES, csv_chunks
from forums.permissions import access_for
from spreadsheets import exports
from spreadsheets.enums import ExportKind, FileFormat


def count_rows(kind: str, queryset: QuerySet) -> int:
    """How many rows the file will have (door lists: the attendees at the selected doors)."""
    if kind == ExportKind.DOOR_LISTS:
        return door_choices(queryset.values("pk")).count()
    return queryset.count()


def _in_language(language: str, chunks: Iterator[bytes]) -> Iterator[bytes]:
    # A streamed body is written after the view has returned: keep the organiser's language.
    with translation.override(language):
        yield from chunks


def export_response(request: HttpRequest, *, kind: str, fmt: str, queryset: QuerySet) -> HttpResponse:
    """The file (streamed CSV, or .xlsx), or — over the limit — a queued job and its page."""
    access = access_for(request)
    rows = exports.exportable(kind, queryset, access)
    total = count_rows(kind, rows)
    table = exports.table_for(kind, rows, access)
    if total > settings.SPREADSHEETS_EXPORT_SYNC_ROWS:
        job = exports.start_export_job(
            user=request.user, kind=kind, fmt=fmt, queryset=rows, table_stem=table.stem, rows_total=total
        )
        message = _("%(count)d rows: the file is being written; this page shows when it is ready.")
        messages.info(request, message % {"count": total})
        return HttpResponseRedirect(reverse("admin:spreadsheets_exportjob_change", args=[job.pk]))
    job = exports.record_export(user=request.user, kind=kind, fmt=fmt, rows=total, table=table, queryset=rows)
    if fmt == FileFormat.CSV:
        response: HttpResponse = StreamingHttpResponse(
            _in_language(translation.get_language(), csv_chunks(table.header, table.rows())),
            content_type=CONTENT_TYPES[fmt],
        )
        response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
        return response
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    exports.write(table, fmt, out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=job.filename, content_type=CONTENT_TYPES[fmt])


class ExportChangelistMixin:
    """A ModelAdmin whose changelist offers its rows as CSV and Excel (``export_kind``)."""

    export_kind: str
    change_list_template = "admin/spreadsheets/change_list_export.html"

    def may_export(self, request: HttpRequest) -> bool:
        _model, capability, scope = exports.SCOPES[self.export_kind]
        return access_for(request).any(capability, scope)

    def get_urls(self) -> list:
        opts = self.opts  # type: ignore[attr-defined]
        view = self.admin_site.admin_view(self.export_view)  # type: ignore[attr-defined]
        export = path("export/<str:fmt>/", view, name=f"{opts.app_label}_{opts.model_name}_export")
        return [export, *super().get_urls()]  # type: ignore[misc]

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        formats = FileFormat.choices if self.may_export(request) else []
        context = {**(extra_context or {}), "export_formats": formats}
        return super().changelist_view(request, context)  # type: ignore[misc]

    def export_view(self, request: HttpRequest, fmt: str) -> HttpResponse:
        if fmt not in FileFormat.values or not self.may_export(request):
            raise Http404
        try:
            changelist = self.get_changelist_instance(request)  # type: ignore[attr-defined]
        except IncorrectLookupParameters:
            opts = self.opts  # type: ignore[attr-defined]
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + "?e=1")
        return export_response(request, kind=self.export_kind, fmt=fmt, queryset=changelist.queryset)
