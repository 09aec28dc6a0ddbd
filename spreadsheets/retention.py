"""How long a worker's export file, and an uploaded import file, is kept:
``SPREADSHEETS_EXPORT_RETENTION_HOURS`` after it was written, then deleted.

An export file is personal data taken out of the system; it is kept only as long as
the organiser may reasonably come back for it. Beat runs ``purge_expired_files``
every hour (``spreadsheets.purge_exports``): each finished job whose file is older than
the retention has its file deleted and is marked *expired* (its row stays, so the
organiser's list of exports and the audit trail still say what was taken out, by whom
and when; its download link then answers a page saying the file was deleted). Files
that no job names any more — the job deleted from the list, a worker stopped between
writing the file and recording it — are deleted once they are as old.

An uploaded import file (a partner's guest list, speakers, sessions) holds personal data
too and follows the same rule in the same task: once it was uploaded more than the
retention ago — imported since, or a preview the organiser abandoned — its file is
deleted, with the preview's rows and errors (they quote the file), keeping the counts.
An abandoned preview is marked *expired* and can no longer be confirmed; an imported
batch stays *imported*. Both record when the file was deleted.
"""

from __future__ import annotations

import datetime as dt
import logging
import posixpath
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models, transaction
from django.utils import timezone

from spreadsheets.enums import ImportStatus, JobStatus
from spreadsheets.models import ExportJob, ImportBatch

logger = logging.getLogger(__name__)

# Where ExportJob.file and ImportBatch.file put their files in the ``spreadsheets`` storage
# (their upload_to).
EXPORTS_FOLDER = "exports"
IMPORTS_FOLDER = "imports"


@dataclass(frozen=True)
class Purged:
    jobs: int  # jobs marked expired, their files deleted
    imports: int  # import batches whose uploaded files were deleted
    orphans: int  # files no job or batch named, deleted


def retention() -> dt.timedelta:
    return dt.timedelta(hours=settings.SPREADSHEETS_EXPORT_RETENTION_HOURS)


def purge_expired_files(*, now: dt.datetime | None = None) -> Purged:
    """Delete the export files written, and the import files uploaded, more than the
    retention ago; mark their jobs and abandoned previews expired.

    Idempotent: an expired job has no file left, and a second run finds nothing to do.
    A file is deleted before its job is marked, so a crash in between leaves a job that
    the next run expires (deleting a missing file is no error).
    """
    now = now or timezone.now()
    cutoff = now - retention()
    storage: Storage = storages["spreadsheets"]
    expired = 0
    due = ExportJob.objects.filter(status=JobStatus.DONE, finished_at__lt=cutoff).exclude(file="")
    for pk, name in due.values_list("pk", "file").iterator():
        storage.delete(name)
        expired += ExportJob.objects.filter(pk=pk, status=JobStatus.DONE).update(
            status=JobStatus.EXPIRED, file="", expired_at=now
        )
    imports = _purge_imports(storage, cutoff, now)
    orphans = _delete_orphans(storage, EXPORTS_FOLDER, ExportJob, cutoff)
    orphans += _delete_orphans(storage, IMPORTS_FOLDER, ImportBatch, cutoff)
    if expired or imports or orphans:
        logger.info(
            "Spreadsheet files purged: %d export jobs expired, %d import files, %d orphaned files deleted",
            expired,
            imports,
            orphans,
        )
    return Purged(jobs=expired, imports=imports, orphans=orphans)


def _purge_imports(storage: Storage, cutoff: dt.datetime, now: dt.datetime) -> int:
    due = ImportBatch.objects.filter(created_at__lt=cutoff).exclude(file="")
    purged = 0
    for pk in due.values_list("pk", flat=True).iterator():
        # Locked as confirm_import locks it: a confirmation under way reads the file to its
        # end, and one that comes after finds the preview expired.
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().filter(pk=pk).exclude(file="").first()
            if batch is None:
                continue
            storage.delete(batch.file.name)
            if batch.status == ImportStatus.PREVIEWED:
                batch.status = ImportStatus.EXPIRED
            batch.file, batch.expired_at = "", now
            batch.summary = {"counts": batch.summary.get("counts", {})}
            batch.save(update_fields=["file", "status", "expired_at", "summary"])
        purged += 1
    return purged


def _delete_orphans(storage: Storage, folder: str, model: type[models.Model], cutoff: dt.datetime) -> int:
    try:
        _folders, names = storage.listdir(folder)
    except FileNotFoundError:  # nothing written there yet
        return 0
    paths = {posixpath.join(folder, name) for name in names}
    named = set(model._default_manager.filter(file__in=paths).values_list("file", flat=True))
    deleted = 0
    for path in sorted(paths - named):
        if storage.get_modified_time(path) < cutoff:
            storage.delete(path)
            deleted += 1
    return deleted
