"""The speakers' overview of an edition at scale: page, filter and CSV/Excel export.

Builds, in a throw-away test database, editions with 100 and 1,000 accepted
speakers (half with slides and travel details), as many open and declined
invitations, and prints query counts and timings (median of REPEAT runs) for the
overview page, a filtered page and both exports. The query count must not grow
with the number of speakers. Run with bench/run.sh (PostgreSQL) or directly
(SQLite when DATABASE_URL is unset).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
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
from django.urls import reverse  # noqa: E402

SIZES = [int(arg) for arg in sys.argv[1:]] or [100, 1000]
REPEAT = 5
PASSWORD = secrets.token_urlsafe()


def build(size: int, tag: str) -> int:
    from django.utils import timezone

    from sessions.models import Session, SessionSpeaker, Speaker
    from speakers.enums import InvitationStatus
    from speakers.models import Invitation, Material, TravelPlan
    from tests.factories import EditionFactory

    edition = EditionFactory()
    speakers = Speaker.objects.bulk_create(
        Speaker(
            slug=f"{tag}-{i}",
            name=f"张{i}",
            name_zh_hans=f"张{i}",
            name_en=f"Zhang {i}",
            email=f"{tag}{i}@example.org",
            biography_zh_hans="简介" if i % 3 else "",
            biography_en="Biography" if i % 4 else "",
        )
        for i in range(size)
    )
    sessions = Session.objects.bulk_create(
        Session(
            edition=edition,
            title=f"报告{i}",
            title_zh_hans=f"报告{i}",
            title_en=f"Talk {i}",
            start=edition.start + dt.timedelta(minutes=30 * i),
            end=edition.start + dt.timedelta(minutes=30 * i + 30),
        )
        for i in range(size)
    )
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(session=s, speaker=p) for s, p in zip(sessions, speakers, strict=True)
    )
    Material.objects.bulk_create(
        Material(
            speaker=p,
            session=s,
            file=f"materials/{tag}{i}.pdf",
            original_name="slides.pdf",
            content_type="application/pdf",
            size=1000,
        )
        for i, (s, p) in enumerate(zip(sessions, speakers, strict=True))
        if i % 2
    )
    TravelPlan.objects.bulk_create(
        TravelPlan(
            speaker=p,
            edition=edition,
            arrival_at=edition.start - dt.timedelta(hours=i % 30),
            arrival_station=("芜湖站", "南京南站", "禄口机场")[i % 3],
            departure_at=edition.end,
        )
        for i, p in enumerate(speakers)
        if i % 2
    )
    now = timezone.now()
    Invitation.objects.bulk_create(
        Invitation(
            session=sessions[i],
            email=f"{tag}-invitee{i}@example.org",
            name=f"受邀{i}",
            status=(InvitationStatus.SENT, InvitationStatus.DECLINED)[i % 2],
            sent_at=now,
            expires_at=now + dt.timedelta(days=14),
        )
        for i in range(size)
    )
    return edition.pk


def measure(client: Client, url: str) -> tuple[float, int, int]:
    client.get(url)  # warm
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings) * 1000, len(ctx.captured_queries), len(response.content)


def main() -> None:
    from tests.factories import SuperUserFactory

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        client = Client()
        client.force_login(SuperUserFactory(username="bench", password=PASSWORD))
        print(f"speakers overview, {connection.vendor}, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"{'page':<34} {'speakers':>8} {'ms':>8} {'queries':>8} {'KiB':>8}")
        for size in SIZES:
            edition_id = build(size, f"s{size}")
            pages = {
                "overview": reverse("admin:speakers_overview", args=[edition_id]),
                "overview ?missing=slides": reverse("admin:speakers_overview", args=[edition_id]) + "?missing=slides",
                "export csv": reverse("admin:speakers_overview_export", args=[edition_id, "csv"]),
                "export xlsx": reverse("admin:speakers_overview_export", args=[edition_id, "xlsx"]),
                "travel lists": reverse("admin:speakers_travel", args=[edition_id]),
            }
            for name, url in pages.items():
                ms, queries, size_bytes = measure(client, url)
                print(f"{name:<34} {size:>8} {ms:>8.1f} {queries:>8} {size_bytes / 1024:>8.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
