# ruff: noqa: RUF001 - Chinese programme titles use full-width colons
"""Benchmark: the organisers' timetable editor at 100, 1,000 and 5,000 sessions.

For each size, builds an edition in a database of its own (agora_bench_timetable,
created and dropped here) on the PostgreSQL of DATABASE_URL — three days, up to 40
rooms, one sub-forum per room, every session with a speaker — publishes it and then
changes a few sessions, so the page also computes what changed since. Measures:

- server time of the timetable page and of one move, in-process through the WSGI
  handler (median of several calls, with their SQL queries);
- in Debian's Chromium, against a threaded server of this process: the page loaded
  and its script ready, and a block dragged to a free room until the server's
  "Saved" is shown (the move is then checked in the database) — medians of three
  rounds in fresh browser contexts, with the page's main-thread busy time. The page
  is timed twice: as an organiser reaches it from the admin (the tab open, the files
  cached) and on a first visit in a new tab with nothing cached (which also pays for
  starting the tab's renderer).

CPU time (time.process_time) is printed beside every server time, and the load
average beside each size: on a busy machine the wall times stretch, CPU much less.

Target (issue 13): the editor loads 1,000 sessions and accepts a drag in under 1 s.

Usage: DATABASE_URL=postgres://… .venv/bin/python bench/bench_timetable.py [sizes…]
"""

from __future__ import annotations

import datetime as dt
import io
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "agora_bench_timetable"
SIZES = (100, 1000, 5000)
DAYS = 3
SLOT = dt.timedelta(minutes=10)


def configure() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/agora_bench")
    parsed = urlparse(base)
    if not parsed.scheme.startswith("postgres"):
        sys.exit("bench_timetable needs PostgreSQL: set DATABASE_URL=postgres://…")
    os.environ["DATABASE_URL"] = urlunparse(parsed._replace(path=f"/{DB_NAME}"))
    os.environ.pop("REDIS_URL", None)  # the editor uses no cache; the embedded broker takes the publish's tasks
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["SESSION_COOKIE_SECURE"] = "false"
    os.environ["CSRF_COOKIE_SECURE"] = "false"
    os.environ["RATELIMIT_ENABLE"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    return urlunparse(parsed._replace(path="/postgres"))


def admin_sql(admin_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(statement)


def build(size: int) -> tuple:
    """An edition of ``size`` sessions; returns it, the session to drag and the free room to drag it to."""
    from forums.models import Edition, Forum, Room, SubForum, Venue
    from notifications.services import publish_and_notify
    from sessions.models import Session, SessionSpeaker, Speaker

    rooms_count = max(4, min(40, size // 25))
    start = dt.datetime(2030, 7, 6, 1, 0, tzinfo=dt.UTC)  # 09:00 in Shanghai
    venue = Venue.objects.create(slug=f"bench-{size}", name_zh_hans="会议中心", name_en="Centre", city_zh_hans="芜湖")
    forum = Forum.objects.create(slug=f"bench-{size}", name_zh_hans="科技论坛", name_en="Science Forum")
    edition = Edition.objects.create(
        forum=forum, number=1, year=2030, slug=f"bench-{size}", title_zh_hans="第一届科技论坛",
        title_en="The 1st Science Forum", host_city_zh_hans="芜湖", venue=venue, start=start,
        end=start + dt.timedelta(days=DAYS), status="published",
    )  # fmt: skip
    spare = Room.objects.create(venue=venue, name_zh_hans="A 备用厅", name_en="A spare hall", capacity=50)
    rooms = Room.objects.bulk_create(
        Room(venue=venue, name_zh_hans=f"{i:02d}号厅", name_en=f"Hall {i:02d}", capacity=200)
        for i in range(rooms_count)
    )
    per_room_day = -(-size // (rooms_count * DAYS))
    sub_forums = SubForum.objects.bulk_create(
        SubForum(
            edition=edition, slug=f"sf-{day}-{i}", title_zh_hans=f"分论坛{day}-{i}：人工智能与产业创新",
            title_en=f"Sub-forum {day}-{i}: AI and industry", room=rooms[i],
            start=start + dt.timedelta(days=day), end=start + dt.timedelta(days=day) + SLOT * per_room_day,
            capacity=200,
        )
        for day in range(DAYS)
        for i in range(rooms_count)
    )  # fmt: skip
    speakers = Speaker.objects.bulk_create(
        Speaker(slug=f"sp-{size}-{i}", name_zh_hans=f"王{i}", name_en=f"Wang {i}", honorific_zh_hans="教授")
        for i in range(size)
    )
    sessions = Session.objects.bulk_create(
        Session(
            edition=edition, sub_forum=sub_forum, room=sub_forum.room, kind="talk",
            title_zh_hans=f"报告{n}：新一代信息技术的发展与应用", title_en=f"Talk {n}: new information technology",
            start=sub_forum.start + SLOT * n, end=sub_forum.start + SLOT * (n + 1),
        )
        for sub_forum in sub_forums
        for n in range(per_room_day)
    )[:size]  # fmt: skip
    Session.objects.filter(edition=edition).exclude(pk__in=[s.pk for s in sessions]).delete()
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(session=session, speaker=speaker, order=0)
        for session, speaker in zip(sessions, speakers, strict=True)
    )
    publish_and_notify(edition=edition, note="bench")
    # A few changes since the published version, for the page to mark.
    for session in sessions[1:6]:
        Session.objects.filter(pk=session.pk).update(title_en=f"{session.title_en} (changed)")
    return edition, sessions[0], spare, rooms_count


class Caller:
    """The WSGI application called in-process, timing the application only."""

    def __init__(self, cookie: str) -> None:
        from django.core.wsgi import get_wsgi_application

        self.app = get_wsgi_application()
        self.cookie = cookie

    def call(self, method: str, path: str, body: bytes = b"", csrf: str = "") -> tuple[float, str, bytes]:
        status = ""

        def start_response(value: str, headers: list, exc_info: object = None) -> None:
            nonlocal status
            status = value

        env = {
            "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr, "wsgi.version": (1, 0),
            "wsgi.multithread": False, "wsgi.multiprocess": False, "wsgi.run_once": False,
            "HTTP_COOKIE": self.cookie, "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": "application/x-www-form-urlencoded", "HTTP_X_CSRFTOKEN": csrf, "HTTP_ACCEPT_LANGUAGE": "en",
        }  # fmt: skip
        began = time.perf_counter()
        result = self.app(env, start_response)
        content = b"".join(result)
        if hasattr(result, "close"):
            result.close()
        return time.perf_counter() - began, status, content


def queries_of(call) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def serve() -> tuple[str, object]:
    """A threaded HTTP server of this process; WhiteNoise serves the collected static files, as in production."""
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


ROUNDS = 3  # Chromium rounds per size, each in a fresh context (nothing cached); medians are printed


def _main_thread_ms(devtools) -> float:
    """Time the page's main thread has spent busy so far (Chromium's own count), in ms."""
    metrics = {m["name"]: m["value"] for m in devtools.send("Performance.getMetrics")["metrics"]}
    return 1000 * metrics["TaskDuration"]


def _ready(page, url: str) -> float:
    """Seconds to load ``url`` until the timetable's script has run."""
    began = time.perf_counter()
    page.goto(url, wait_until="load")
    page.wait_for_selector("html.js", state="attached")  # the script has run
    assert page.evaluate("() => !!window.interact")
    return time.perf_counter() - began


def in_chromium(base: str, cookie: tuple[str, str], path: str, session, spare) -> dict[str, float]:
    """Medians over ``ROUNDS`` fresh contexts, each: the page loaded with its script ready in a
    new tab with nothing cached ("first"); then, after the admin's index in that tab, loaded
    again as an organiser reaches it from the admin, its files cached ("ready"); then a block
    dragged to a free room until the server's "Saved" is shown. Seconds, and the main thread's
    busy ms of the first visit and the drag; the block is put back between rounds."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    from sessions.models import Session
    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    rounds: list[dict[str, float]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for _ in range(ROUNDS):
                context = browser.new_context(locale="en-US", viewport={"width": 1440, "height": 900})
                context.add_cookies([{"name": cookie[0], "value": cookie[1], "url": base}])
                page = context.new_page()
                devtools = context.new_cdp_session(page)
                devtools.send("Performance.enable")
                first = _ready(page, base + path)
                first_busy = _main_thread_ms(devtools)
                page.goto(base + "/admin/", wait_until="load")
                loaded = _ready(page, base + path)  # Chromium's busy count restarts with the navigation: not read
                box = page.locator(f'.tt-block[data-id="{session.pk}"]').bounding_box()
                target = page.evaluate(
                    """(room) => {
                        const day = [...document.querySelectorAll('.tt-day')].find(d => !d.hidden);
                        const head = day.querySelector(`.tt-room[data-room="${room}"]`).getBoundingClientRect();
                        return {x: head.left + head.width / 2};
                    }""",
                    spare.pk,
                )
                x, y = box["x"] + 10, box["y"] + 4
                before = _main_thread_ms(devtools)
                began = time.perf_counter()
                page.mouse.move(x, y)
                page.mouse.down()
                page.mouse.move(x + 5, y + 2, steps=2)
                page.mouse.move(target["x"], y, steps=6)
                page.mouse.up()
                page.locator("#tt-status.tt-ok").wait_for(timeout=60_000)
                dragged = time.perf_counter() - began
                rounds.append(
                    {
                        "first": first,
                        "first_busy": first_busy,
                        "loaded": loaded,
                        "dragged": dragged,
                        "dragged_busy": _main_thread_ms(devtools) - before,
                    }
                )
                moved = Session.objects.get(pk=session.pk)
                assert moved.room_id == spare.pk, "the drag was not saved"
                Session.objects.filter(pk=session.pk).update(start=session.start, end=session.end, room=session.room)
                context.close()
        finally:
            browser.close()
            # ORM calls made under Playwright's sync API get a connection of their own: close it
            # here, or it outlives the database.
            connections.close_all()
    return {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}


def run(size: int) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
    from django.test import Client
    from django.urls import reverse

    from sessions.models import Session

    began = time.perf_counter()
    edition, session, spare, rooms_count = build(size)
    built = time.perf_counter() - began
    user = get_user_model().objects.create_superuser(f"bench-{size}", f"bench{size}@example.org", "bench-password")
    client = Client()
    client.force_login(user)
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    secret = _get_new_csrf_string()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_cookie}; {settings.CSRF_COOKIE_NAME}={secret}"
    caller = Caller(cookie)
    page_path = reverse("admin:forums_edition_timetable", args=[edition.pk])
    move_path = reverse("admin:forums_edition_timetable_move", args=[edition.pk])
    load = os.getloadavg()[0]

    caller.call("GET", page_path)  # warm-up
    page_times, page_cpu, html = [], [], b""
    for _ in range(5):
        cpu = time.process_time()
        elapsed, status, html = caller.call("GET", page_path)
        page_cpu.append(time.process_time() - cpu)
        assert status.startswith("200"), status
        page_times.append(elapsed)
    page_queries = queries_of(lambda: caller.call("GET", page_path))
    blocks = html.count(b'class="tt-block ')

    local = session.start.astimezone(edition.tz)
    move_times, move_cpu = [], []
    for minutes in (10, 20, 30, 40, 0, 10, 20, 30, 40, 0):  # to the free room, a new time each call
        start = local + dt.timedelta(minutes=minutes)
        body = urlencode(
            {
                "session": session.pk,
                "start": start.strftime("%Y-%m-%dT%H:%M"),
                "end": (start + SLOT).strftime("%Y-%m-%dT%H:%M"),
                "room": spare.pk,
            }
        ).encode()
        cpu = time.process_time()
        elapsed, status, content = caller.call("POST", move_path, body, csrf=_mask_cipher_secret(secret))
        move_cpu.append(time.process_time() - cpu)
        assert status.startswith("200"), (status, content[:300])
        move_times.append(elapsed)
    Session.objects.filter(pk=session.pk).update(start=session.start, end=session.end, room=session.room)

    base, server = serve()
    try:
        browser = in_chromium(base, (settings.SESSION_COOKIE_NAME, session_cookie), page_path, session, spare)
    finally:
        server.shutdown()
    together = browser["loaded"] + browser["dragged"]
    first_together = browser["first"] + browser["dragged"]

    def verdict(seconds: float) -> str:
        return "ok" if seconds < 1 else "OVER TARGET" if size == 1000 else "-"

    ms = 1000
    print(
        f"{size:>5} sessions ({rooms_count + 1} rooms × {DAYS} days, built in {built:.1f} s, load {load:.1f}): "
        f"page {ms * statistics.median(page_times):4.0f} ms server ({ms * statistics.median(page_cpu):4.0f} ms CPU), "
        f"{page_queries} queries, {len(html) / 1024:5.0f} KiB, {blocks} blocks | "
        f"move {ms * statistics.median(move_times):4.0f} ms ({ms * statistics.median(move_cpu):3.0f} ms CPU) | "
        f"Chromium, median of {ROUNDS}: ready from the admin {ms * browser['loaded']:5.0f} ms, "
        f"first visit {ms * browser['first']:5.0f} ms (busy {browser['first_busy']:4.0f} ms); "
        f"drag saved {ms * browser['dragged']:4.0f} ms (busy {browser['dragged_busy']:3.0f} ms); "
        f"ready + drag {ms * together:5.0f} ms, first visit + drag {ms * first_together:5.0f} ms "
        f"(target < 1000 ms at 1,000: {verdict(together)} / {verdict(first_together)})"
    )


def main() -> None:
    sizes = tuple(int(arg) for arg in sys.argv[1:]) or SIZES
    admin_url = configure()
    admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{DB_NAME}"')
    admin_sql(admin_url, f'CREATE DATABASE "{DB_NAME}"')
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API holds an event loop here
        print(f"timetable editor, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        for size in sizes:
            run(size)
        connection.close()
    finally:
        from django.db import connections

        connections.close_all()
        admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{DB_NAME}"')


if __name__ == "__main__":
    main()
