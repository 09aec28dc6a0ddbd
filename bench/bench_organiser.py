"""The organiser's workspace at scale: every part module of ``bench/organiser/``.

Builds, in a throw-away test database, the edition of ``bench/organiser/data.py``
(20,000 registrations over 40 sub-forums, and the previous edition), then runs
``measure(built)`` of every other module in that package (exports, imports, and
whatever parts are added there) and prints one table. Run with bench/run.sh
(PostgreSQL: the targets are for PostgreSQL) or directly (SQLite when
DATABASE_URL is unset). ``BENCH_PARTS=exports,imports`` runs only those parts.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench import organiser  # noqa: E402
from bench.organiser import data  # noqa: E402


def part_modules() -> list[str]:
    wanted = {p.strip() for p in os.environ.get("BENCH_PARTS", "").split(",") if p.strip()}
    names = sorted(
        info.name
        for info in pkgutil.iter_modules(organiser.__path__)
        if info.name != "data" and not info.name.startswith("_")
    )
    return [name for name in names if not wanted or name in wanted]


def _load() -> str:
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


def _cell(value: object, fmt: str) -> str:
    return "" if value is None else format(value, fmt)


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    failed = False
    try:
        built = data.build()
        print(
            f"vendor={connection.vendor} registrations={built.registrations} sub-forums={len(built.sub_forum_ids)} "
            f"waitlisted choices={data.waitlisted_choices(built.edition_id)} (built in {built.seconds:.1f}s); "
            f"load average {_load()}"
        )
        rows: list[data.Row] = []
        for name in part_modules():
            t0 = time.perf_counter()
            try:
                module = importlib.import_module(f"bench.organiser.{name}")
                rows.extend(module.measure(built))
            except Exception:  # one broken part must not hide the others' numbers
                failed = True
                traceback.print_exc()
                rows.append(data.Row(f"{name}: FAILED", note="see the traceback above"))
            print(f"  part {name} ran in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
        print(f"load average at the end {_load()} on {os.cpu_count()} cores")
        print(f"{'what':52} {'ms':>9} {'queries':>8} {'peak MB':>8}  {'target':18} note")
        for row in rows:
            print(
                f"{row.what:52} {_cell(row.ms, '9.1f'):>9} {_cell(row.queries, '8d'):>8} "
                f"{_cell(row.peak_mb, '8.1f'):>8}  {row.target:18} {row.note}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
