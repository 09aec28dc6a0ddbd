"""Thin Celery tasks around spreadsheets.exports and spreadsheets.retention."""

from __future__ import annotations

from celery import shared_task

from spreadsheets import exports, retention


@shared_task(name="spreadsheets.run_export")
def run_export(*, job_id: int) -> int | None:
    """Write one queued export; the number of rows written (None if the job is gone)."""
    job = exports.run_export_job(job_id=job_id)
    return job.rows_done if job else None


@shared_task(name="spreadsheets.purge_exports")
def purge_exports() -> dict[str, int]:
    """Delete the export and uploaded import files past their retention; how many export
    jobs expired, import files went and orphaned files went."""
    purged = retention.purge_expired_files()
    return {"jobs": purged.jobs, "imports": purged.imports, "orphans": purged.orphans}
