"""Printed documents: how long a letter takes, alone and in a batch for an edition's speakers.

Builds, in a throw-away test database, one edition whose speakers have rare
characters in their names, then prints: the engine printing one short page,
issuing one invitation letter (its number, both languages' PDFs, the audit
entry), issuing letters to every speaker of the edition at once, the PDFs'
sizes, and the verification page. Run with bench/run.sh (PostgreSQL) or
directly (SQLite when DATABASE_URL is unset). BENCH_LETTERS sets the batch.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

LETTERS = int(os.environ.get("BENCH_LETTERS", "40"))
REPEAT = 5
NAMES = ["王𠈌", "陈堃", "李喆", "张昇", "刘龑"]


def build() -> tuple:
    from tests.factories import (
        EditionFactory,
        SessionFactory,
        SessionSpeakerFactory,
        SpeakerFactory,
        SubForumFactory,
    )

    edition = EditionFactory()
    sub_forum = SubForumFactory(edition=edition)
    speakers = []
    for n in range(LETTERS + 1):
        speaker = SpeakerFactory(name_zh_hans=f"{NAMES[n % len(NAMES)]}{n}", name_en=f"Speaker {n}")
        session = SessionFactory(edition=edition, sub_forum=sub_forum)
        SessionSpeakerFactory(session=session, speaker=speaker)
        speakers.append(speaker)
    return edition, speakers


def timed(run, repeat: int = REPEAT) -> tuple[float, int]:
    """Median milliseconds of ``repeat`` runs, and the queries of the last."""
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(queries)


def main() -> None:
    from documents import services
    from documents.enums import DocumentKind
    from documents.models import DocumentFile
    from documents.pdf.render import print_html
    from documents.verification import token_for

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        edition, speakers = build()
        print(f"vendor={connection.vendor} letters={LETTERS} cores={os.cpu_count()} load={os.getloadavg()[0]:.1f}")
        rows = []
        ms, _q = timed(lambda: print_html("<p>王𠈌 堃 喆 昇 龑</p>"))
        rows.append(("engine: one short page", ms, "-"))
        first = speakers[0]
        documents = []
        ms, queries = timed(
            lambda: documents.append(
                services.issue_document(edition=edition, speaker=first, kind=DocumentKind.INVITATION)
            )
        )
        rows.append(("issue one letter (2 PDFs)", ms, queries))
        start = time.perf_counter()
        issued, _skipped = services.issue_invitation_letters(edition=edition, speakers=speakers[1:])
        batch = (time.perf_counter() - start) * 1000
        rows.append((f"issue {len(issued)} letters at once", batch, "-"))
        rows.append(("  per letter", batch / max(len(issued), 1), "-"))
        client = Client()
        url = f"/d/{token_for(documents[0].public_id)}/"
        client.get(url)
        ms, queries = timed(lambda: client.get(url))
        rows.append(("verification page", ms, queries))
        sizes = [len(bytes(f.content)) for f in DocumentFile.objects.filter(document__in=issued)]
        print(f"{'what':34} {'ms (median)':>12} {'queries':>8}")
        for name, ms, queries in rows:
            print(f"{name:34} {ms:12.1f} {queries!s:>8}")
        print(f"PDF size: median {statistics.median(sizes) / 1024:.0f} KiB, largest {max(sizes) / 1024:.0f} KiB")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
