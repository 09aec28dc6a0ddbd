"""The organiser's own exports: progress while a worker writes, then the signed download."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from forums.permissions import Can, access_for
from spreadsheets import exports
from spreadsheets.enums import JobStatus
from spreadsheets.models import ExportJob


def download_url(job: ExportJob) -> str:
    return reverse("admin:spreadsheets_exportjob_download", args=[exports.download_token(job)])


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Each user sees only the exports they asked for (a superuser too: the files are personal data)."""

    list_display = ["filename", "kind", "format", "status", "rows_total", "created_at", "download"]
    list_filter = ["kind", "status"]
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).filter(user_id=request.user.pk).defer("row_ids")

    def has_module_permission(self, request: HttpRequest) -> bool:
        access = access_for(request)
        return access.any(Can.EXPORT)

    def has_view_permission(self, request: HttpRequest, obj: ExportJob | None = None) -> bool:
        return self.has_module_permission(request) and (obj is None or obj.user_id == request.user.pk)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ExportJob | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ExportJob | None = None) -> bool:
        return self.has_view_permission(request, obj)

    @admin.display(description=_("file"))
    def download(self, obj: ExportJob) -> str:
        if obj.status == JobStatus.DONE and obj.file:
            return format_html('<a href="{}">{}</a>', download_url(obj), _("Download"))
        if obj.status == JobStatus.DONE:
            return _("downloaded at once")
        if obj.status == JobStatus.EXPIRED:
            return _("deleted")
        if obj.status == JobStatus.FAILED:
            return "—"
        return f"{obj.percent}%"

    def get_urls(self) -> list:
        download = path(
            "download/<str:token>/",
            self.admin_site.admin_view(self.download_view),
            name="spreadsheets_exportjob_download",
        )
        return [download, *super().get_urls()]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict | None = None
    ) -> HttpResponse:
        """The job's progress, refreshing itself until the file is ready, then its link."""
        job = self.get_object(request, object_id)
        if job is None or not self.has_view_permission(request, job):
            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": job.filename,
            "job": job,
            "running": job.status in (JobStatus.QUEUED, JobStatus.RUNNING),
            "download_url": download_url(job) if job.status == JobStatus.DONE and job.file else "",
            "retention_hours": settings.SPREADSHEETS_EXPORT_RETENTION_HOURS,
        }
        return TemplateResponse(request, "admin/spreadsheets/exportjob/progress.html", context)

    def download_view(self, request: HttpRequest, token: str) -> HttpResponse:
        """The file; once it is deleted, or the link has outlived its lifetime, a page that says so (410)."""
        download = exports.job_for_download(token, request.user)
        if download is None:
            raise Http404
        job = download.job
        if job.status == JobStatus.EXPIRED or download.link_expired:
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("This download has expired"),
                "job": job,
                "file_deleted": job.status == JobStatus.EXPIRED,
                "retention_hours": settings.SPREADSHEETS_EXPORT_RETENTION_HOURS,
            }
            return TemplateResponse(request, "admin/spreadsheets/exportjob/expired.html", context, status=410)
        response = FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
        response["Cache-Control"] = "private, no-store"
        return response
