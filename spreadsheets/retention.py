"""How long a worker's export file is kept: ``SPREADSHEETS_EXPORT_RETENTION_HOURS`` after it
was written, then deleted.

An export file is personal data taken out of the system; it is kept only as long as
the organiser may reasonably come back for it. Beat runs ``purge_expired_exports``
every hour (``spreadsheets.purge_exports``): each finished job whose file is older than
the retention has its file deleted and is marked *expired* (its row stays, so the
organiser's list of exports and the audit trail still say what was taken out, by whom
and when; its download link then answers a page saying the file was deleted). Files
that no job names any more — the job deleted from the list, a worker stopped between
writing the file and recording it — are deleted once they are as old.
"""

from __future__ import annotations

import datetime as dt
import logging
import posixpath
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.utils import timezone

from spreadsheets.enums import JobStatus
from spreadsheets.models import ExportJob

logger = logging.getLogger(__name__)

# Where ExportJob.file puts export files in the ``spreadsheets`` storage (its upload_to).
EXPORTS_FOLDER = "exports"


@dataclass(frozen=True)
class Purged:
    jobs: int  # jobs marked expired, their files deleted
    orphans: int  # files no job named, deleted


def retention() -> dt.timedelta:
    return dt.timedelta(hours=settings.SPREADSHEETS_EXPORT_RETENTION_HOURS)


def purge_expired_exports(*, now: dt.datetime | None = None) -> Purged:
    """Delete the export files written more than the retention ago; mark their jobs expired.

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
    orphans = _delete_orphans(storage, cutoff)
    if expired or orphans:
        logger.info("Export files purged: %d jobs expired, %d orphaned files deleted", expired, orphans)
    return Purged(jobs=expired, orphans=orphans)


def _delete_orphans(storage: Storage, cutoff: dt.datetime) -> int:
    try:
        _folders, names = storage.listdir(EXPORTS_FOLDER)
    except FileNotFoundError:  # nothing exported yet
        return 0
    paths = {posixpath.join(EXPORTS_FOLDER, name) for name in names}
    named = set(ExportJob.objects.filter(file__in=paths).values_list("file", flat=True))
    deleted = 0
    for path in sorted(paths - named):
        if storage.get_modified_time(path) < cutoff:
            storage.delete(path)
            deleted += 1
    return deleted
