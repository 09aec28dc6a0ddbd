"""Exports of the 20,000 registrations: CSV and Excel, written directly, through the admin
page (CSV, streamed) and as the worker's job (Excel).

Each measurement runs in a child process (``python -m bench.organiser.exports``) on the
benchmark's database, so its peak memory is its own: the median time of three runs,
the queries of one run, the peak of Python allocations during a run (tracemalloc,
measured in a separate run so it does not slow the timed ones) and how much the
process's resident set grew (its high-water mark, ``VmHWM``: ``ru_maxrss`` would carry the
parent's, which holds the built data, through fork and exec). The CPU time of the process is in the
note: on a busy machine the wall time is mostly waiting for a core. Targets (issue 15): Excel ≤ 3 s, CSV ≤ 1 s,
a constant number of queries, under 200 MB.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.organiser.data import Built, Row, child_env

ROOT = Path(__file__).resolve().parents[2]
REPEAT = 3
CASES = [
    ("csv", "write", "CSV export, 20,000 registrations (written)", "≤ 1000 ms"),
    ("xlsx", "write", "Excel export, 20,000 registrations (written)", "≤ 3000 ms"),
    ("csv", "page", "CSV export through the admin page (streamed)", "≤ 1000 ms"),
    ("xlsx", "job", "Excel export as the worker's job (stored)", "≤ 3000 ms"),
]


def measure(built: Built) -> list[Row]:
    rows = []
    for fmt, how, label, target in CASES:
        result = subprocess.run(
            [sys.executable, "-m", "bench.organiser.exports", fmt, how, str(built.edition_id), built.username],
            cwd=ROOT,
            env=child_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            sys.stderr.write(result.stderr)
            rows.append(Row(label, note="FAILED (see stderr)"))
            continue
        numbers = json.loads(result.stdout.strip().splitlines()[-1])
        rows.append(
            Row(
                label,
                ms=numbers["ms"],
                queries=numbers["queries"],
                peak_mb=numbers["traced_mb"],
                target=target,
                note=f"{numbers['rows']} rows, {numbers['bytes'] / 1e6:.1f} MB file; CPU {numbers['cpu_ms']:.0f} ms; "
                f"RSS +{numbers['rss_growth_mb']:.0f} MB (process max {numbers['rss_max_mb']:.0f} MB)",
            )
        )
    return rows


def _peak_rss_kb() -> int:
    """This process's peak resident set in KiB: VmHWM, which starts afresh at exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _child(fmt: str, how: str, edition_id: int, username: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from attendees.models import Registration
    from forums.permissions import Access
    from spreadsheets import exports
    from spreadsheets.enums import ExportKind
    from spreadsheets.models import ExportJob

    setup_test_environment()
    settings.SPREADSHEETS_EXPORT_SYNC_ROWS = 10**9  # the page writes at once, whatever the size
    user = get_user_model().objects.get(username=username)
    access = Access(user)
    registrations = Registration.objects.filter(edition_id=edition_id)
    client = Client()
    client.force_login(user)

    def run() -> tuple[int, int]:
        if how == "page":
            response = client.get(f"/admin/attendees/registration/export/{fmt}/?edition__id__exact={edition_id}")
            size = sum(len(chunk) for chunk in response.streaming_content)
            return int(response["X-Rows"]) if "X-Rows" in response else -1, size
        if how == "job":
            # Outside a transaction the job is queued at once, and the test settings run it in-process.
            job = exports.start_export_job(
                user=user,
                kind=ExportKind.REGISTRATIONS,
                fmt=fmt,
                queryset=registrations,
                table_stem="registrations",
                rows_total=0,
            )
            job = ExportJob.objects.get(pk=job.pk)
            size = job.file.size
            job.file.delete()
            ExportJob.objects.filter(pk=job.pk).delete()
            return job.rows_done, size
        with tempfile.TemporaryFile() as out:
            table = exports.table_for(ExportKind.REGISTRATIONS, registrations, access)
            written = exports.write(table, fmt, out)
            return written, out.tell()

    rss_before = _peak_rss_kb()
    run()  # warm: imports, prepared caches
    times, cpu = [], []
    for _ in range(REPEAT):
        t0, c0 = time.perf_counter(), time.process_time()
        written, size = run()
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    queries = []
    # Counted at the cursor: the test client's request resets Django's own query log.
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        run()
    tracemalloc.start()
    run()
    _current, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = _peak_rss_kb()
    # The page's own queries include the session and user; the job's include its bookkeeping.
    print(
        json.dumps(
            {
                "ms": statistics.median(times),
                "cpu_ms": statistics.median(cpu),
                "queries": len(queries),
                "traced_mb": traced_peak / 1e6,
                "rss_growth_mb": (rss_after - rss_before) / 1024,
                "rss_max_mb": rss_after / 1024,
                "rows": written if written >= 0 else registrations.count(),
                "bytes": size,
            }
        )
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    _child(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
