"""Imports in the admin: upload, preview with each row's outcome and errors, then confirm."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from config.spreadsheets import XLSX_CONTENT_TYPE, xlsx_bytes
from forums.models import Edition, Organisation, SubForum
from forums.permissions import Access, Can, ObjectScope, access_for
from spreadsheets import importing
from spreadsheets.enums import ImportKind, ImportStatus
from spreadsheets.imports.reading import MAX_BYTES
from spreadsheets.models import ImportBatch

EDITION_SCOPE = ObjectScope(forum="forum", edition="pk")
SUB_FORUM_SCOPE = ObjectScope(forum="edition__forum", edition="edition", sub_forum="pk")
CAPABILITY = {
    ImportKind.SPEAKERS: Can.EDIT,
    ImportKind.SESSIONS: Can.EDIT,
    ImportKind.REGISTRATIONS: Can.MANAGE_REGISTRATIONS,
}


def editions_for(access: Access, kind: str) -> QuerySet[Edition]:
    """The editions this user may import ``kind`` into (speakers belong to none). A sub-forum
    host imports sessions into the editions of its sub-forums (each row is checked again)."""
    editions = Edition.objects.select_related("forum")
    whole = access.filter(editions, CAPABILITY[kind], EDITION_SCOPE)
    if kind != ImportKind.SESSIONS:
        return whole
    hosted = access.filter(SubForum.objects.all(), Can.EDIT, SUB_FORUM_SCOPE).values("edition_id")
    return whole | editions.filter(pk__in=hosted)


def expired_message() -> str:
    hours = settings.SPREADSHEETS_EXPORT_RETENTION_HOURS
    return ngettext(
        "Sorry, this preview has expired: the uploaded file was deleted %(hours)d hour after it was"
        " uploaded, to protect the personal data in it. Nothing was imported. Please upload the file"
        " again to see a new preview.",
        "Sorry, this preview has expired: the uploaded file was deleted %(hours)d hours after it was"
        " uploaded, to protect the personal data in it. Nothing was imported. Please upload the file"
        " again to see a new preview.",
        hours,
    ) % {"hours": hours}


def may_import(access: Access, kind: str) -> bool:
    return access.any(CAPABILITY[kind])


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("what"), choices=ImportKind.choices)
    edition = forms.ModelChoiceField(
        label=gettext_lazy("edition"),
        queryset=Edition.objects.none(),
        required=False,
        help_text=gettext_lazy("For sessions and guest lists."),
    )
    partner = forms.ModelChoiceField(
        label=gettext_lazy("registered by partner"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=gettext_lazy("For a guest list: the partner whose guests these are."),
    )
    file = forms.FileField(
        label=gettext_lazy("file"),
        help_text=gettext_lazy("CSV (UTF-8 or GB18030) or Excel (.xlsx); the first row names the columns."),
    )

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access = access
        self.fields["kind"].choices = [(k, label) for k, label in ImportKind.choices if may_import(access, k)]
        allowed = editions_for(access, ImportKind.SESSIONS) | editions_for(access, ImportKind.REGISTRATIONS)
        self.fields["edition"].queryset = allowed.distinct()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 1_000_000})
        if not upload.name.lower().endswith((".csv", ".xlsx", ".xlsm")):
            raise forms.ValidationError(_("Please upload a .csv or .xlsx file."))
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind, edition = cleaned.get("kind"), cleaned.get("edition")
        if kind in (ImportKind.SESSIONS, ImportKind.REGISTRATIONS):
            if edition is None:
                self.add_error("edition", _("Choose the edition to import into."))
            elif not editions_for(self.access, kind).filter(pk=edition.pk).exists():
                self.add_error("edition", _("You may not import this into that edition."))
        if kind != ImportKind.REGISTRATIONS and cleaned.get("partner"):
            self.add_error("partner", _("Only a guest list is registered by a partner."))
        if kind == ImportKind.SPEAKERS:
            cleaned["edition"] = None
        return cleaned


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Each user sees their own imports."""

    list_display = ["filename", "kind", "edition", "status", "created_at", "imported_at", "expired_at"]
    list_filter = ["kind", "status"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ImportBatch]:
        return super().get_queryset(request).filter(user_id=request.user.pk).select_related("edition")

    def has_module_permission(self, request: HttpRequest) -> bool:
        access = access_for(request)
        return access.any(Can.EDIT) or access.any(Can.MANAGE_REGISTRATIONS)

    def has_view_permission(self, request: HttpRequest, obj: ImportBatch | None = None) -> bool:
        return self.has_module_permission(request) and (obj is None or obj.user_id == request.user.pk)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: ImportBatch | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ImportBatch | None = None) -> bool:
        return self.has_view_permission(request, obj)

    def get_urls(self) -> list:
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/confirm/", wrap(self.confirm_view), name="spreadsheets_importbatch_confirm"),
            path("template/<str:kind>/", wrap(self.template_view), name="spreadsheets_importbatch_template"),
            *super().get_urls(),
        ]

    def _context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "opts": self.opts, **extra}

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: dict | None = None) -> HttpResponse:
        access = access_for(request)
        if not self.has_add_permission(request):
            raise Http404
        form = UploadForm(request.POST or None, request.FILES or None, access=access)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            batch = ImportBatch(
                user=request.user,
                kind=form.cleaned_data["kind"],
                edition=form.cleaned_data["edition"],
                partner=form.cleaned_data.get("partner"),
                filename=upload.name[:200],
            )
            batch.file.save(upload.name, upload, save=False)
            batch.save()
            importing.preview_import(batch=batch, access=access)
            return HttpResponseRedirect(reverse("admin:spreadsheets_importbatch_change", args=[batch.pk]))
        templates = [
            (label, reverse("admin:spreadsheets_importbatch_template", args=[kind]))
            for kind, label in form.fields["kind"].choices
        ]
        context = self._context(request, title=_("Import a file"), form=form, templates=templates)
        return TemplateResponse(request, "admin/spreadsheets/importbatch/upload.html", context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict | None = None
    ) -> HttpResponse:
        batch = self.get_object(request, object_id)
        if batch is None or not self.has_view_permission(request, batch):
            raise Http404
        summary = batch.summary or {}
        counts = summary.get("counts", {})
        can_confirm = (
            batch.status == ImportStatus.PREVIEWED
            and not summary.get("file_error")
            and not summary.get("errors")
            and bool(counts.get("new") or counts.get("changed"))
        )
        context = self._context(
            request,
            title=batch.filename,
            batch=batch,
            summary=summary,
            counts=counts,
            can_confirm=can_confirm,
            retention_hours=settings.SPREADSHEETS_EXPORT_RETENTION_HOURS,
            outcome_labels={
                "new": _("new"),
                "changed": _("changed"),
                "unchanged": _("unchanged"),
                "error": _("error"),
            },
        )
        return TemplateResponse(request, "admin/spreadsheets/importbatch/preview.html", context)

    def confirm_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = self.get_queryset(request).filter(pk=pk).first()
        if batch is None or request.method != "POST":
            raise Http404
        try:
            result = importing.confirm_import(batch=batch, access=access_for(request))
        except importing.PreviewExpiredError:
            self.message_user(request, expired_message(), messages.WARNING)
            return HttpResponseRedirect(reverse("admin:spreadsheets_importbatch_change", args=[pk]))
        if result is not None and result.committed:
            counts = result.counts
            self.message_user(
                request,
                _("Imported: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.")
                % {"new": counts["new"], "changed": counts["changed"], "unchanged": counts["unchanged"]},
            )
        else:
            self.message_user(request, _("Nothing was imported: see the errors below."), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:spreadsheets_importbatch_change", args=[pk]))

    def template_view(self, request: HttpRequest, kind: str) -> HttpResponse:
        """An empty workbook with the columns of this kind of import, named in the organiser's language."""
        if kind not in importing.IMPORTERS or not may_import(access_for(request), kind):
            raise Http404
        header = [f"{c.label}*" if c.required else str(c.label) for c in importing.columns(kind)]
        response = HttpResponse(xlsx_bytes(header, []), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{kind}-template.xlsx"'
        return response
