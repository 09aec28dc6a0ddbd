"""Writing an export, at once or in a worker, and handing its file only to whoever asked.

An export of at most ``SPREADSHEETS_EXPORT_SYNC_ROWS`` rows is written while the
organiser waits (CSV streamed as it is read); a larger one becomes an
``ExportJob``: the ids of the rows the organiser was looking at are frozen, a
Celery worker writes the file (``run_export_job``, progress saved every few
thousand rows) into the ``spreadsheets`` storage, and the job's page offers a
download link signed for that user, which expires after
``SPREADSHEETS_EXPORT_LINK_MAX_AGE`` (the job's page then gives a new one); the file
itself is deleted after ``SPREADSHEETS_EXPORT_RETENTION_HOURS`` (``spreadsheets.retention``).
The worker asks ``forums.permissions`` again, so rights withdrawn meanwhile are respected.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from celery import current_app
from django.conf import settings
from django.core import signing
from django.core.files import File
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone, translation

from attendees.models import Registration
from audit import services as audit
from audit.enums import Verb
from audit.places import Place
from config.spreadsheets import XlsxWorkbook, write_csv
from forums.models import SubForum
from forums.permissions import Access, Can, ObjectScope
from sessions.models import SessionSpeaker
from spreadsheets import tables
from spreadsheets.enums import ExportKind, FileFormat, JobStatus
from spreadsheets.models import ExportJob

logger = logging.getLogger(__name__)

DOWNLOAD_SALT = "spreadsheets.export-download"
PROGRESS_EVERY = 2000
PROGRESS_SECONDS = 1.0

# The forum, edition (and sub-forum) ids of each kind's rows: where its audit entry is shown.
PLACE_PATHS: dict[str, tuple[str, str, str | None]] = {
    ExportKind.REGISTRATIONS: ("edition__forum_id", "edition_id", None),
    ExportKind.DOOR_LISTS: ("edition__forum_id", "edition_id", "pk"),
    ExportKind.SPEAKERS: ("session__edition__forum_id", "session__edition_id", "session__sub_forum_id"),
}

# Where each kind's rows live, and what taking them out needs (forums.permissions).
SCOPES: dict[str, tuple[type[Model], Can, ObjectScope]] = {
    ExportKind.REGISTRATIONS: (
        Registration,
        Can.EXPORT,
        ObjectScope(forum="edition__forum", edition="edition", sub_forum="choices__sub_forum"),
    ),
    ExportKind.DOOR_LISTS: (
        SubForum,
        Can.EXPORT,
        ObjectScope(forum="edition__forum", edition="edition", sub_forum="pk"),
    ),
    ExportKind.SPEAKERS: (
        SessionSpeaker,
        Can.EXPORT,
        ObjectScope(forum="session__edition__forum", edition="session__edition", sub_forum="session__sub_forum"),
    ),
}


def exportable(kind: str, queryset: QuerySet, access: Access) -> QuerySet:
    """The rows of ``queryset`` this user may take out as ``kind``."""
    _model, capability, scope = SCOPES[kind]
    return access.filter(queryset, capability, scope)


def table_for(kind: str, queryset: QuerySet, access: Access) -> tables.Table:
    """The table of an export of these rows (already narrowed by ``exportable``)."""
    if kind == ExportKind.REGISTRATIONS:
        return tables.registration_table(queryset, access=access)
    if kind == ExportKind.DOOR_LISTS:
        return tables.door_list_table(queryset.select_related("edition").order_by("pk"))
    return tables.speaker_table(queryset)


def filename(table: tables.Table, fmt: str, now: dt.datetime | None = None) -> str:
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M")
    return f"{table.stem}-{stamp}.{fmt}"


def write(table: tables.Table, fmt: str, out: IO[bytes], *, progress: Callable[[int], None] | None = None) -> int:
    """Write the table as ``fmt`` to a binary file; the number of rows written."""
    counted = _Progress(progress)
    if fmt == FileFormat.CSV:
        return write_csv(out, table.header, counted.rows(table.rows()))
    workbook = XlsxWorkbook(out)
    for sheet in table.sheets():
        workbook.sheet(sheet.name, table.header, counted.rows(sheet.rows), table.widths)
    return workbook.close()


class _Progress:
    """Counts the rows of every sheet as they are written; tells ``progress`` how many, every
    ``PROGRESS_EVERY`` rows but at most once every ``PROGRESS_SECONDS`` (each is a write)."""

    def __init__(self, progress: Callable[[int], None] | None) -> None:
        self.progress = progress
        self.done = 0
        self.told_at = time.monotonic()

    def rows(self, rows: Iterable[Any]) -> Iterator[Any]:
        if self.progress is None:
            yield from rows
            return
        for row in rows:
            yield row
            self.done += 1
            if self.done % PROGRESS_EVERY == 0 and time.monotonic() - self.told_at >= PROGRESS_SECONDS:
                self.progress(self.done)
                self.told_at = time.monotonic()


# --- in a worker -------------------------------------------------------------------------
def start_export_job(
    *, user: Any, kind: str, fmt: str, queryset: QuerySet, table_stem: str, rows_total: int
) -> ExportJob:
    """Freeze the rows the organiser is looking at and queue their export (after commit)."""
    row_ids = list(queryset.order_by().values_list("pk", flat=True).distinct())
    job = ExportJob.objects.create(
        user=user,
        kind=kind,
        format=fmt,
        row_ids=row_ids,
        rows_total=rows_total,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        filename=f"{table_stem}.{fmt}",
    )
    transaction.on_commit(lambda: _send_task(job.pk))
    return job


def _send_task(job_id: int) -> None:
    # Looked up by name: spreadsheets.tasks imports this module.
    current_app.tasks["spreadsheets.run_export"].delay(job_id=job_id)


def run_export_job(*, job_id: int) -> ExportJob | None:
    """Write a queued export to the storage; marks it done, or failed with the reason."""
    job = ExportJob.objects.select_related("user").filter(pk=job_id, status=JobStatus.QUEUED).first()
    if job is None:
        logger.info("Export job %s is gone or already run", job_id)
        return None
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    access = Access(job.user)
    model, _capability, _scope = SCOPES[job.kind]

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(rows_done=done)

    try:
        with translation.override(job.language), tempfile.TemporaryFile() as out:
            queryset = exportable(job.kind, _with_ids(model._default_manager.all(), job.row_ids), access)
            where = places(job.kind, queryset)
            table = table_for(job.kind, queryset, access)
            written = write(table, job.format, out, progress=progress)
            out.seek(0)
            job.filename = filename(table, job.format, job.created_at)
            job.file.save(job.filename, File(out), save=False)
    except Exception as error:
        logger.exception("Export job %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    job.status, job.rows_done, job.rows_total, job.finished_at = JobStatus.DONE, written, written, timezone.now()
    with transaction.atomic():
        job.save(update_fields=["status", "rows_done", "rows_total", "finished_at", "file", "filename"])
        audit_export(user=job.user, job=job, where=where)
    return job


def places(kind: str, queryset: QuerySet) -> list[Place]:
    """Where the exported rows live (one query), for the audit trail."""
    forum, edition, sub_forum = PLACE_PATHS[kind]
    fields = [forum, edition] + ([sub_forum] if sub_forum else [])
    found = queryset.order_by().values_list(*fields).distinct()
    return [Place(forum_id=f, edition_id=e, sub_forum_id=rest[0] if rest else None) for f, e, *rest in found]


def audit_export(*, user: Any, job: ExportJob, where: list[Place]) -> None:
    """Record in the audit trail who took which personal data out, and how many rows."""
    audit.record(
        actor=user,
        verb=Verb.EXPORTED,
        obj=job,
        detail={"what": job.kind, "format": job.format, "rows": job.rows_total, "file": job.filename},
        places=where,
    )


def record_export(*, user: Any, kind: str, fmt: str, rows: int, table: tables.Table, queryset: QuerySet) -> ExportJob:
    """An export written while the organiser waited: kept in their list of exports (no file)
    and in the audit trail."""
    now = timezone.now()
    job = ExportJob.objects.create(
        user=user,
        kind=kind,
        format=fmt,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        status=JobStatus.DONE,
        rows_total=rows,
        rows_done=rows,
        filename=filename(table, fmt, now),
        finished_at=now,
    )
    audit_export(user=user, job=job, where=places(kind, queryset))
    return job


def _with_ids(queryset: QuerySet, ids: list[int]) -> QuerySet:
    """The rows with these ids: on PostgreSQL one array parameter, not one placeholder per id."""
    if connection.vendor == "postgresql":
        return queryset.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [ids]))
    return queryset.filter(pk__in=ids)


# --- the download link -------------------------------------------------------------------
def download_token(job: ExportJob) -> str:
    """A token naming the job and its user, signed and timestamped."""
    return signing.TimestampSigner(salt=DOWNLOAD_SALT).sign_object({"job": job.pk, "user": job.user_id})


@dataclass(frozen=True)
class Download:
    """What a download link names: the job, and whether the link itself is past its lifetime."""

    job: ExportJob
    link_expired: bool


def job_for_download(token: str, user: Any) -> Download | None:
    """The user's finished (or expired) job a genuine token names; None for a forged or altered
    token, another user's, or a job without a file to give."""
    signer = signing.TimestampSigner(salt=DOWNLOAD_SALT)
    link_expired = False
    try:
        claim = signer.unsign_object(token, max_age=settings.SPREADSHEETS_EXPORT_LINK_MAX_AGE)
    except signing.SignatureExpired:
        # Genuine but old: say so politely rather than "not found".
        claim, link_expired = signer.unsign_object(token), True
    except signing.BadSignature:
        return None
    if not isinstance(claim, dict) or claim.get("user") != user.pk:
        return None
    job = ExportJob.objects.filter(
        pk=claim.get("job"), user_id=user.pk, status__in=(JobStatus.DONE, JobStatus.EXPIRED)
    ).first()
    if job is None or (job.status == JobStatus.DONE and not job.file):
        return None
    return Download(job=job, link_expired=link_expired)
