"""Organiser admin at scale: changelists, the conflict check and the conflicts page.

Builds, in a throw-away test database, one edition with a large agenda (sessions
in many rooms over three days, two speakers each, a few deliberate double
bookings) and many registrations, then prints query counts and timings.
Run with bench/run.sh (PostgreSQL) or directly (SQLite when DATABASE_URL is unset).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

SESSIONS = int(os.environ.get("BENCH_SESSIONS", "3000"))
ROOMS = 30
SPEAKERS = 600
REGISTRATIONS = int(os.environ.get("BENCH_REGISTRATIONS", "10000"))
CLASHES = 25
REPEAT = 5
PASSWORD = secrets.token_urlsafe()


def build() -> int:
    from attendees.models import Registration
    from forums.models import Room
    from sessions.models import Session, SessionSpeaker, Speaker
    from tests.factories import EditionFactory, RegistrationTypeFactory, SuperUserFactory

    rng = random.Random(19)
    SuperUserFactory(username="bench", password=PASSWORD)
    edition = EditionFactory()
    rooms = Room.objects.bulk_create(
        Room(venue=edition.venue, name=f"Hall {i}", name_zh_hans=f"{i}号厅", name_en=f"Hall {i}", capacity=200)
        for i in range(ROOMS)
    )
    speakers = Speaker.objects.bulk_create(
        Speaker(slug=f"bench-{i}", name=f"张{i}", name_zh_hans=f"张{i}", name_en=f"Zhang {i}") for i in range(SPEAKERS)
    )
    # Back-to-back 30-minute slots per room: sessions touch but never overlap…
    sessions = []
    for i in range(SESSIONS):
        room, slot = rooms[i % ROOMS], i // ROOMS
        start = edition.start + dt.timedelta(days=slot // 16, minutes=30 * (slot % 16))
        sessions.append(
            Session(
                edition=edition,
                room=room,
                title=f"报告{i}",
                title_zh_hans=f"报告{i}",
                title_en=f"Talk {i}",
                start=start,
                end=start + dt.timedelta(minutes=30),
            )
        )
    # …except a few deliberate double bookings of a room.
    for i in range(CLASHES):
        other = sessions[rng.randrange(SESSIONS)]
        sessions.append(
            Session(
                edition=edition,
                room=other.room,
                title=f"加场{i}",
                title_zh_hans=f"加场{i}",
                start=other.start + dt.timedelta(minutes=10),
                end=other.end + dt.timedelta(minutes=10),
            )
        )
    sessions = Session.objects.bulk_create(sessions)
    # Each speaker talks in consecutive slots of one room, so only the extra sessions clash.
    roles = [
        SessionSpeaker(session=s, speaker=speakers[(i // ROOMS * 7 + i % ROOMS) % SPEAKERS], order=0)
        for i, s in enumerate(sessions[:SESSIONS])
    ]
    roles += [SessionSpeaker(session=s, speaker=speakers[rng.randrange(SPEAKERS)], order=1) for s in sessions]
    SessionSpeaker.objects.bulk_create(roles, ignore_conflicts=True)
    registration_type = RegistrationTypeFactory(edition=edition, capacity=None)
    Registration.objects.bulk_create(
        Registration(
            edition=edition,
            registration_type=registration_type,
            code=f"B{i:09d}",
            name=f"参会者{i}",
            email=f"attendee{i}@example.org",
            status="confirmed",
        )
        for i in range(REGISTRATIONS)
    )
    return edition.pk


def timed(fn) -> tuple[float, int, object]:
    """Median wall time in ms over REPEAT runs, the query count of one run, and its result."""
    times = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            result = fn()
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), len(queries), result


def main() -> None:
    from sessions.selectors import conflicting_session_ids, edition_conflicts

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        t0 = time.perf_counter()
        edition_id = build()
        print(f"vendor={connection.vendor} sessions={SESSIONS + CLASHES} rooms={ROOMS} speakers={SPEAKERS} ", end="")
        print(f"registrations={REGISTRATIONS} (built in {time.perf_counter() - t0:.1f}s)")
        client = Client()
        # force_login: django-axes wants a request on authenticate(), which login() does not pass.
        client.force_login(get_user_model().objects.get(username="bench"))

        rows = [
            ("edition_conflicts()", lambda: len(edition_conflicts(edition_id=edition_id))),
            ("conflicting_session_ids()", lambda: len(conflicting_session_ids(edition_ids=[edition_id]))),
        ]
        pages = [
            ("GET session changelist", reverse("admin:forum_sessions_session_changelist")),
            (
                "GET session changelist ?conflict=yes",
                reverse("admin:forum_sessions_session_changelist") + "?conflict=yes",
            ),
            ("GET registration changelist", reverse("admin:attendees_registration_changelist")),
            ("GET registration search", reverse("admin:attendees_registration_changelist") + "?q=attendee4242"),
            ("GET edition conflicts page", reverse("admin:forums_edition_conflicts", args=[edition_id])),
            ("GET speaker changelist", reverse("admin:forum_sessions_speaker_changelist")),
        ]
        for label, url in pages:
            rows.append((label, lambda url=url: client.get(url).status_code))

        print(f"{'what':42} {'median ms':>10} {'queries':>8}  result")
        for label, fn in rows:
            ms, queries, result = timed(fn)
            print(f"{label:42} {ms:10.1f} {queries:8d}  {result}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
