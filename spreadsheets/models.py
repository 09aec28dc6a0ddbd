"""Export jobs run by Celery, and imports waiting for the organiser's confirmation."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from spreadsheets.enums import ExportKind, FileFormat, ImportKind, ImportStatus, JobStatus


def _files() -> object:
    # Not MEDIA: exported personal data is served only through the signed, per-user download view.
    return storages["spreadsheets"]


class ExportJob(models.Model):
    """An export too large to write while the organiser waits: written by a worker,
    downloaded by the organiser who asked for it, through a signed, expiring link."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("what"), max_length=20, choices=ExportKind.choices)
    format = models.CharField(_("format"), max_length=10, choices=FileFormat.choices)
    # What to export, frozen when asked: the ids of the rows the organiser was looking at.
    row_ids = models.JSONField(_("rows"), default=list)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), storage=_files, upload_to="exports/", blank=True)
    filename = models.CharField(_("file name"), max_length=200)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # When its file was deleted, SPREADSHEETS_EXPORT_RETENTION_HOURS after it was written.
    expired_at = models.DateTimeField(_("file deleted at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["user", "created_at"], name="export_job_user_idx")]

    def __str__(self) -> str:
        return self.filename

    @property
    def percent(self) -> int:
        return 100 if self.status == JobStatus.DONE else int(100 * self.rows_done / max(self.rows_total, 1))


class ImportBatch(models.Model):
    """An uploaded file, previewed; imported only when the organiser confirms."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("what"), max_length=20, choices=ImportKind.choices)
    # None for speakers: the directory is shared by every forum.
    edition = models.ForeignKey(
        "forums.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    partner = models.ForeignKey(
        "forums.Organisation",
        verbose_name=_("registered by partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Emptied SPREADSHEETS_EXPORT_RETENTION_HOURS after the upload (spreadsheets.retention).
    file = models.FileField(_("file"), storage=_files, upload_to="imports/", blank=True)
    filename = models.CharField(_("file name"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    # The preview's counts per outcome (new, changed, unchanged, error), and its errors.
    summary = models.JSONField(_("summary"), default=dict)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    expired_at = models.DateTimeField(_("file deleted at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.filename
