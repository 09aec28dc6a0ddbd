# ruff: noqa: RUF001, E501 - Chinese template texts; report lines are kept whole for readability
"""Benchmark: reminders through a real Celery worker, and publishing a big agenda.

1. One reminder to N registrations (default 10,000) sent by one real worker
   (`celery -A config worker`, prefork pool) over Redis to a local aiosmtpd
   sink in its own process: prints dispatch time, messages/s and the worker's
   peak RSS (target ≥ 600/s, < 300 MB), and checks every Message-ID arrived once.
2. Publishing a 1,000-session agenda (version 2, with changes and notices to
   affected attendees): prints the time to snapshot, export and notify (≤ 2 s).

Creates and drops its own database (agora_bench_celery) on the PostgreSQL of
DATABASE_URL, and uses REDIS_URL with a queue of its own.
Usage: DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/bench_celery.py [N]
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
DB_NAME = "agora_bench_celery"
SMTP_PORT = int(os.environ.get("BENCH_SMTP_PORT", "8409"))
CONCURRENCY = os.environ.get("BENCH_CONCURRENCY", "4")
# A thread pool overlaps the SMTP and database round trips of several batches in
# one process (sending is I/O-bound); BENCH_POOL=prefork for one process per slot.
POOL = os.environ.get("BENCH_POOL", "threads")


def _sink(port: int, expected: int, ready, done, counts) -> None:  # runs in its own process
    import asyncio
    import re

    from aiosmtpd.controller import Controller

    ids: dict[bytes, int] = {}
    pattern = re.compile(rb"^Message-ID: (\S+)", re.MULTILINE | re.IGNORECASE)

    class Handler:
        async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
            found = pattern.search(envelope.original_content or envelope.content)
            key = found.group(1) if found else b"?"
            ids[key] = ids.get(key, 0) + 1
            if len(ids) == 1:
                counts["first"] = time.time()
            if sum(ids.values()) >= expected:
                counts["last"] = time.time()
                done.set()
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    while not done.wait(0.2):
        counts["received"] = sum(ids.values())
    time.sleep(1.0)  # late duplicates would land here
    counts["cpu"] = time.process_time()
    counts.update(received=sum(ids.values()), unique=len(ids), duplicates=sum(n - 1 for n in ids.values()))
    controller.stop()
    asyncio.set_event_loop(None)


def _database_url() -> str:
    base = urlparse(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/agora")
    return urlunparse(base._replace(path=f"/{DB_NAME}"))


def _admin(sql: str) -> None:
    import psycopg

    base = urlparse(_database_url())
    with psycopg.connect(
        host=base.hostname, port=base.port or 5432, user=base.username, password=base.password, dbname="postgres"
    ) as conn:
        conn.autocommit = True
        conn.execute(sql)


def _rss_kb(pid: int) -> int:
    """(largest peak RSS among the worker's processes, their summed PSS now), in kB."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        return 0, 0
    peak = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])  # proportional: shared pages counted once
        except OSError:
            continue
    return peak, total


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of the worker process, its threads and its pool children."""
    pids = [pid, *(int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]
    ticks = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += sum(int(v) for v in fields[11:13])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _load() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def main() -> None:
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/5"
    queue = f"agora-bench-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(SMTP_PORT),
        "LOG_LEVEL": "WARNING",
        "SITE_URL": "https://agora.example.org",
        "OUTBOX_PARALLEL_BATCHES": CONCURRENCY,
    }
    os.environ.update(env)
    _admin(f"DROP DATABASE IF EXISTS {DB_NAME}")
    _admin(f"CREATE DATABASE {DB_NAME}")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        reminders_bench(env, queue)
        publish_bench()
    finally:
        import redis
        from django.db import connections

        # The publish step starts senders too; nobody reads this queue any more.
        redis.Redis.from_url(redis_url).delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        connections.close_all()
        _admin(f"DROP DATABASE IF EXISTS {DB_NAME}")


def reminders_bench(env: dict[str, str], queue: str) -> None:
    from django.utils import timezone

    from attendees.models import Registration, RegistrationType
    from config.celery import app
    from notifications.models import ReminderRule, ReminderTemplate
    from outbox.enums import OutboxStatus
    from outbox.models import OutboxMessage
    from tests.factories import EditionFactory, SubForumFactory

    edition = EditionFactory(start=timezone.now() + dt.timedelta(hours=20))
    sub_forums = [SubForumFactory(edition=edition) for _ in range(5)]
    rtype = RegistrationType.objects.create(edition=edition, slug="delegate", name="Delegate", capacity=None)
    regs = Registration.objects.bulk_create(
        [
            Registration(
                edition=edition,
                registration_type=rtype,
                name=f"参会者{i}",
                email=f"r{i}@example.org",
                status="confirmed",
                language="en" if i % 3 == 0 else "zh-hans",
            )
            for i in range(N)
        ],
        batch_size=2000,
    )
    from attendees.models import SubForumChoice

    SubForumChoice.objects.bulk_create(
        [SubForumChoice(registration=r, sub_forum=sub_forums[i % 5]) for i, r in enumerate(regs)], batch_size=2000
    )
    rule = ReminderRule.objects.create(
        edition=edition, name="1 day", anchor="edition_start", offset=dt.timedelta(days=1)
    )
    for language, subject, body in [
        (
            "zh-hans",
            "提醒：{{ edition }}明天开始",
            "{{ attendee_name }}，您好：{{ edition }}将于{{ start_time }}开始，分论坛：{{ sub_forum }}（{{ room }}）。",
        ),
        (
            "en",
            "Reminder: {{ edition }} starts tomorrow",
            "Dear {{ attendee_name }}, {{ edition }} starts at {{ start_time }}; {{ sub_forum }} ({{ room }}).",
        ),
    ]:
        ReminderTemplate.objects.create(
            rule=rule, language=language, subject=subject, body_text=body, body_html=f"<p>{body}</p>"
        )

    ctx = multiprocessing.get_context("spawn")
    ready, done, manager = ctx.Event(), ctx.Event(), ctx.Manager()
    counts = manager.dict()
    sink = ctx.Process(target=_sink, args=(SMTP_PORT, N, ready, done, counts))
    sink.start()
    ready.wait(10)
    worker = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/celery"),
            "-A",
            "config",
            "worker",
            "-Q",
            queue,
            f"--concurrency={CONCURRENCY}",
            f"--pool={POOL}",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{queue}@%h",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        time.sleep(4)  # worker boot
        cpu_before = _cpu_seconds(worker.pid)
        started = time.time()
        app.send_task("notifications.dispatch_reminders", kwargs={}, queue=queue)
        peak = [0, 0]
        queued_at = None
        while not done.wait(0.25):
            peak = [max(a, b) for a, b in zip(peak, _rss_kb(worker.pid), strict=True)]
            if queued_at is None and OutboxMessage.objects.count() >= N:
                queued_at = time.time()
            if time.time() - started > 120:
                print("timed out", dict(counts))
                break
        peak = [max(a, b) for a, b in zip(peak, _rss_kb(worker.pid), strict=True)]
        cpu = _cpu_seconds(worker.pid) - cpu_before
        sink.join(10)
        counts = dict(counts)
        sent = OutboxMessage.objects.filter(status=OutboxStatus.SENT).count()
        first, last = counts.get("first", started), counts.get("last", time.time())
        print(
            f"reminders: {N} registrations, one worker --pool={POOL} --concurrency={CONCURRENCY}, load average {_load()}"
        )
        print(f"  dispatch (render {N} + .ics, write outbox): {(queued_at or last) - started:6.2f} s")
        print(
            f"  sending, first to last message:            {last - first:6.2f} s  = {N / max(last - first, 1e-9):7.0f} messages/s"
        )
        print(
            f"  end to end (dispatch task → last message): {last - started:6.2f} s  = {N / (last - started):7.0f} messages/s"
        )
        print(
            f"  received {counts.get('received')} unique {counts.get('unique')} duplicates {counts.get('duplicates')}; outbox sent {sent}"
        )
        print(f"  SMTP sink CPU (aiosmtpd, one Python process): {counts.get('cpu', 0):.1f} s")
        print(
            f"  worker CPU: {cpu:.1f} s = {cpu / N * 1000:.2f} ms per message (dispatch + send) = {N / cpu:.0f} per CPU-second"
        )
        print(
            f"  worker peak RSS: largest process {peak[0] / 1024:.0f} MB (VmHWM); all processes {peak[1] / 1024:.0f} MB (PSS)"
        )
    finally:
        os.killpg(worker.pid, 15)
        worker.wait(20)
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).delete(
            queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
        )


def publish_bench() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from attendees.models import Registration, RegistrationType, SubForumChoice
    from notifications import services as notify
    from outbox.models import OutboxMessage
    from sessions import services
    from sessions.models import Session, SessionSpeaker, Speaker
    from tests.factories import EditionFactory, RoomFactory, SubForumFactory

    edition = EditionFactory(slug="bench-publish")
    rooms = [RoomFactory(venue=edition.venue) for _ in range(20)]
    sub_forums = [SubForumFactory(edition=edition, room=rooms[i]) for i in range(20)]
    speakers = Speaker.objects.bulk_create(
        [
            Speaker(slug=f"s{i}", name_zh_hans=f"嘉宾{i}", name_en=f"Speaker {i}", email=f"s{i}@example.org")
            for i in range(800)
        ]
    )
    sessions = Session.objects.bulk_create(
        [
            Session(
                edition=edition,
                sub_forum=sub_forums[i % 20],
                room=rooms[i % 20],
                title_zh_hans=f"报告{i}",
                title_en=f"Talk {i}",
                abstract_en="An abstract. " * 10,
                start=edition.start + dt.timedelta(minutes=30 * (i // 20)),
                end=edition.start + dt.timedelta(minutes=30 * (i // 20) + 25),
            )
            for i in range(1000)
        ]
    )
    SessionSpeaker.objects.bulk_create(
        [SessionSpeaker(session=s, speaker=speakers[i % 800]) for i, s in enumerate(sessions)]
    )
    rtype = RegistrationType.objects.create(edition=edition, slug="d", name="D", capacity=None)
    regs = Registration.objects.bulk_create(
        [
            Registration(
                edition=edition, registration_type=rtype, name=f"p{i}", email=f"p{i}@example.org", status="confirmed"
            )
            for i in range(3000)
        ]
    )
    SubForumChoice.objects.bulk_create(
        [SubForumChoice(registration=r, sub_forum=sub_forums[i % 20]) for i, r in enumerate(regs)]
    )
    notify.publish_and_notify(edition=edition)
    # Version 2: 30 sessions move in time, in 3 sub-forums; their attendees (450) and speakers are told.
    for s in sessions[:60:2]:
        Session.objects.filter(pk=s.pk).update(
            start=s.start + dt.timedelta(minutes=5), end=s.end + dt.timedelta(minutes=5)
        )

    timings: dict[str, float] = {}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timings[name] = timings.get(name, 0) + time.perf_counter() - t

        return wrapper

    originals = (services.build_agenda_snapshot, services.render_exports, notify.queue_change_notices)
    services.build_agenda_snapshot = timed("snapshot", originals[0])
    services.render_exports = timed("exports", originals[1])
    notify.queue_change_notices = timed("notify", originals[2])
    try:
        with CaptureQueriesContext(connection) as queries:
            t, cpu = time.perf_counter(), time.process_time()
            version = notify.publish_and_notify(edition=edition).version
            total, cpu = time.perf_counter() - t, time.process_time() - cpu
    finally:
        services.build_agenda_snapshot, services.render_exports, notify.queue_change_notices = originals
    notices = OutboxMessage.objects.filter(kind="agenda_change").count()
    print(
        f"publish: 1,000 sessions, 20 sub-forums, 3,000 attendees; v{version.number} with {len(version.changelog)} changes"
    )
    print(
        f"  snapshot {timings['snapshot']:.2f} s, exports {timings['exports']:.2f} s ({version.exports.count()} files), "
        f"notices {timings['notify']:.2f} s ({notices} e-mails)"
    )
    print(
        f"  total publish (one transaction, {len(queries)} queries): {total:.2f} s wall, {cpu:.2f} s CPU in Python; load average {_load()}"
    )


if __name__ == "__main__":
    main()
