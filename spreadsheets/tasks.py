"""Thin Celery tasks around spreadsheets.exports."""

from __future__ import annotations

from celery import shared_task

from spreadsheets import exports


@shared_task(name="spreadsheets.run_export")
def run_export(*, job_id: int) -> int | None:
    """Write one queued export; the number of rows written (None if the job is gone)."""
    job = exports.run_export_job(job_id=job_id)
    return job.rows_done if job else None
