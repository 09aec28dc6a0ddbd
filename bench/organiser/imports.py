"""Importing a partner's guest list of 2,000 registrations into the 20,000-registration edition:
the upload and preview through the admin page (every row through ``register_attendee`` in a
transaction rolled back at the end), as CSV and as Excel; then the import itself.

Target (issue 15): the preview of 2,000 in at most 5 s. Memory is the peak of Python
allocations during one preview (tracemalloc, in a run of its own).
"""

from __future__ import annotations

import statistics
import time
import tracemalloc

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from bench.organiser.data import Built, Row

GUESTS = 2000
REPEAT = 3
HEADER = ["name", "e-mail", "registration type", "sub-forums", "organisation", "preferred language"]


class QueryCounter:
    """Counts statements at the cursor (Django's own log is reset by each request)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def guest_rows(edition_id: int) -> list[list[str]]:
    return [
        [
            f"嘉宾{i}",
            f"guest{i}-{edition_id}@partner.example.org",
            "delegate",
            f"sub-forum-{i % 40}",
            "合作学会",
            "中文",
        ]
        for i in range(GUESTS)
    ]


def _files(edition_id: int) -> dict[str, tuple[str, bytes]]:
    from config.spreadsheets import xlsx_bytes

    rows = guest_rows(edition_id)
    text = "\n".join(",".join(cells) for cells in [HEADER, *rows]) + "\n"
    return {"csv": ("guests.csv", ("\ufeff" + text).encode()), "xlsx": ("guests.xlsx", xlsx_bytes(HEADER, rows))}


def measure(built: Built) -> list[Row]:
    from attendees.models import Registration
    from audit.enums import Verb
    from audit.models import AuditEntry
    from outbox import wake
    from spreadsheets.models import ImportBatch

    client = built.client()
    partner_id = built.extra["partner_ids"][0]
    files = _files(built.edition_id)
    before = Registration.objects.count()
    entries = AuditEntry.objects.filter(verb=Verb.CREATED).count()

    def preview(fmt: str) -> str:
        name, content = files[fmt]
        data = {"kind": "registrations", "edition": built.edition_id, "partner": partner_id}
        response = client.post(
            "/admin/spreadsheets/importbatch/add/", {**data, "file": SimpleUploadedFile(name, content)}
        )
        assert response.status_code == 302, response.content[:500]
        return response["Location"]

    rows = []
    for fmt in ("csv", "xlsx"):
        preview(fmt)  # warm
        times, cpu = [], []
        for _ in range(REPEAT):
            t0, c0 = time.perf_counter(), time.process_time()
            location = preview(fmt)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            preview(fmt)
        tracemalloc.start()
        preview(fmt)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        counts = ImportBatch.objects.latest("pk").summary.get("counts", {})
        assert Registration.objects.count() == before, "a preview writes nothing"
        rows.append(
            Row(
                f"preview a guest list of {GUESTS:,} ({fmt.upper()}, upload to page)",
                ms=statistics.median(times),
                queries=queries.count,
                peak_mb=peak / 1e6,
                target="≤ 5000 ms",
                note=f"{counts.get('new', 0)} new, {counts.get('error', 0)} refused; "
                f"CPU {statistics.median(cpu):.0f} ms",
            )
        )
    batch = ImportBatch.objects.get(pk=int(location.rstrip("/").split("/")[-2]))
    # The guests' e-mails are queued, not sent here: the benchmark's settings run Celery tasks
    # eagerly, so the sender woken on commit would send all 2,000 inside the request.
    wake_soon, start_batches = wake.wake_soon, wake.start_batches
    wake.wake_soon, wake.start_batches = (lambda: None), (lambda **_kwargs: 0)
    try:
        queries = QueryCounter()
        t0, c0 = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(queries):
            client.post(f"/admin/spreadsheets/importbatch/{batch.pk}/confirm/")
        ms, cpu = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
    finally:
        wake.wake_soon, wake.start_batches = wake_soon, start_batches
    rows.append(
        Row(
            f"import the {GUESTS:,} (confirmed, e-mails queued)",
            ms=ms,
            queries=queries.count,
            note=f"{Registration.objects.count() - before} registrations written, "
            f"{AuditEntry.objects.filter(verb=Verb.CREATED).count() - entries} audit entries; CPU {cpu:.0f} ms",
        )
    )
    return rows
