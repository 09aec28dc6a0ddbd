# ruff: noqa: RUF001 - Chinese programme titles use full-width colons
"""Benchmark: the partner API's agenda and export endpoints on a big edition.

Builds an edition of 40 sub-forums, 1,000 sessions and 1,500 speakers in a
database of its own (agora_bench_api, created and dropped here) on the
PostgreSQL of DATABASE_URL, publishes it with publish_and_notify, and calls the API
in-process through the WSGI handler (server time: no network, no HTTP parsing).
Prints median, p95 and requests/s for the agenda endpoint uncached, cached and
on the 304 path, the SQL queries of each, and the exports' latency.
Targets: ≤ 25 ms uncached, ≤ 2 ms cached, ≤ 1 ms 304 with 0 queries, ≤ 5 ms exports.

Usage: DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/bench_api.py
"""

from __future__ import annotations

import datetime as dt
import io
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "agora_bench_api"
SESSIONS, SPEAKERS, SUB_FORUMS = 1000, 1500, 40


def configure() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/agora_bench")
    parsed = urlparse(base)
    if not parsed.scheme.startswith("postgres"):
        sys.exit("bench_api needs PostgreSQL: set DATABASE_URL=postgres://…")
    os.environ["DATABASE_URL"] = urlunparse(parsed._replace(path=f"/{DB_NAME}"))
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/6")
    os.environ["CACHE_KEY_PREFIX"] = f"bench-api-{os.getpid()}"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    return urlunparse(parsed._replace(path="/postgres"))


def admin_sql(admin_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(statement)


def build() -> object:
    from forums.models import Edition, Forum, Room, SubForum, Venue
    from notifications.services import publish_and_notify
    from sessions.models import Session, SessionSpeaker, Speaker

    start = dt.datetime(2030, 7, 6, 9, 0, tzinfo=dt.UTC)
    venue = Venue.objects.create(slug="bench", name_zh_hans="会议中心", name_en="Centre", city_zh_hans="芜湖")
    forum = Forum.objects.create(slug="bench", name_zh_hans="科技论坛", name_en="Science Forum")
    edition = Edition.objects.create(
        forum=forum,
        number=1,
        year=2030,
        slug="bench-2030",
        title_zh_hans="第一届科技论坛",
        title_en="The 1st Science Forum",
        host_city_zh_hans="芜湖",
        venue=venue,
        start=start,
        end=start + dt.timedelta(days=3),
        status="published",
    )
    rooms = Room.objects.bulk_create(
        Room(venue=venue, name_zh_hans=f"{i}号厅", name_en=f"Hall {i}", capacity=200) for i in range(SUB_FORUMS)
    )
    forums = SubForum.objects.bulk_create(
        SubForum(
            edition=edition,
            slug=f"sf-{i}",
            title_zh_hans=f"分论坛{i}：人工智能与产业创新",
            title_en=f"Sub-forum {i}: AI and industrial innovation",
            description_zh_hans="围绕产业创新展开研讨。" * 5,
            description_en="Discussions on industrial innovation. " * 5,
            room=rooms[i],
            start=start + dt.timedelta(days=i % 3, hours=5),
            end=start + dt.timedelta(days=i % 3, hours=9),
            capacity=200,
        )
        for i in range(SUB_FORUMS)
    )
    speakers = Speaker.objects.bulk_create(
        Speaker(
            slug=f"sp-{i}",
            name_zh_hans=f"王{i}",
            name_en=f"Wang {i}",
            honorific_zh_hans="中国工程院院士",
            honorific_en="Academician of the Chinese Academy of Engineering",
            position_zh_hans="教授",
            position_en="Professor",
            affiliation_zh_hans="某大学",
            affiliation_en="A University",
            biography_zh_hans="长期从事相关研究。" * 8,
            biography_en="Long engaged in research in the field. " * 8,
            email=f"sp{i}@example.org",
        )
        for i in range(SPEAKERS)
    )
    sessions = Session.objects.bulk_create(
        Session(
            edition=edition,
            sub_forum=forums[i % SUB_FORUMS],
            room=rooms[i % SUB_FORUMS],
            title_zh_hans=f"报告{i}：新一代信息技术的发展与应用",
            title_en=f"Talk {i}: the development and use of new information technology",
            abstract_zh_hans="报告摘要。" * 20,
            abstract_en="An abstract of the talk. " * 10,
            kind="talk",
            start=forums[i % SUB_FORUMS].start + dt.timedelta(minutes=(i // SUB_FORUMS) * 10),
            end=forums[i % SUB_FORUMS].start + dt.timedelta(minutes=(i // SUB_FORUMS) * 10 + 10),
        )
        for i in range(SESSIONS)
    )
    roles = []
    for i, session in enumerate(sessions):  # 1,500 speakers: every session one, every other a second
        roles.append(SessionSpeaker(session=session, speaker=speakers[i], order=0))
        if i % 2 == 0:
            roles.append(
                SessionSpeaker(session=session, speaker=speakers[SESSIONS + i // 2], order=1, role="moderator")
            )
    SessionSpeaker.objects.bulk_create(roles)
    began = time.perf_counter()
    publish_and_notify(edition=edition, note="bench")
    print(
        f"built and published: {SUB_FORUMS} sub-forums, {SESSIONS} sessions, {SPEAKERS} speakers "
        f"(publish {1000 * (time.perf_counter() - began):.0f} ms)"
    )
    return edition


class Caller:
    """Calls the WSGI application in-process and times only the application."""

    def __init__(self) -> None:
        from django.core.wsgi import get_wsgi_application

        self.app = get_wsgi_application()
        self.status = ""
        self.cpu = 0.0  # CPU time of this process in the last call (wall time is the machine's, when busy)

    def environ(self, path: str, query: str = "", headers: dict[str, str] | None = None) -> dict:
        env = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        for name, value in (headers or {}).items():
            env["HTTP_" + name.upper().replace("-", "_")] = value
        return env

    def call(self, env: dict) -> tuple[float, str, bytes, dict]:
        headers: dict[str, str] = {}

        def start_response(status: str, response_headers: list, exc_info: object = None) -> None:
            self.status = status
            headers.update(response_headers)

        began, began_cpu = time.perf_counter(), time.process_time()
        result = self.app(env, start_response)
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
        self.cpu = time.process_time() - began_cpu
        return time.perf_counter() - began, self.status, body, headers


def report(name: str, times: list[float], queries: int, target_ms: float, extra: str = "") -> None:
    times_ms = sorted(t * 1000 for t in times)
    median = statistics.median(times_ms)
    p95 = times_ms[int(len(times_ms) * 0.95) - 1]
    rps = 1000 / statistics.mean(times_ms)
    verdict = "ok" if median <= target_ms else "OVER TARGET"
    print(
        f"{name:<29} median {median:7.2f} ms  p95 {p95:7.2f} ms  {rps:8.0f} req/s  "
        f"{queries} queries  (target ≤ {target_ms:g} ms: {verdict}){extra}"
    )


def measure(
    caller: Caller, path: str, query: str, *, runs: int, before=None, headers=None, cpu: list | None = None
) -> tuple[list, int, bytes]:
    """Wall times of ``runs`` calls, the queries of one more, the last body; ``cpu`` collects each call's CPU time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    body = b""
    for _ in range(runs):
        if before:
            before()
        env = caller.environ(path, query, headers)
        elapsed, status, body, _headers = caller.call(env)
        assert status.split()[0] in ("200", "304"), (status, body[:300])
        times.append(elapsed)
        if cpu is not None:
            cpu.append(caller.cpu)
    if before:
        before()
    with CaptureQueriesContext(connection) as ctx:
        caller.call(caller.environ(path, query, headers))
    return times, len(ctx.captured_queries), body


def main() -> None:
    admin_url = configure()
    admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{DB_NAME}"')
    admin_sql(admin_url, f'CREATE DATABASE "{DB_NAME}"')
    try:
        import django

        django.setup()
        from django.core.cache import caches
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        edition = build()
        caller = Caller()
        cache = caches["api"]
        path = f"/api/v1/editions/{edition.slug}/agenda/"
        query = "lang=en"

        from sessions import agenda_cache, agenda_reader

        def cold() -> None:
            # Uncached: neither the version pointer nor any rendered body in the cache.
            agenda_cache.LOCAL_BODIES.clear()
            cache.delete(f"api:agenda:latest:{edition.slug}")
            cache.delete_many(
                [
                    agenda_cache.body_key(
                        edition.slug, agenda_cache.etag_for("v1", lang, "expand=speakers,room,sub_forum")
                    )
                    for lang in ("en", "zh-hans")
                ]
            )

        measure(caller, path, query, runs=5)  # warm-up: imports, connection
        if os.environ.get("BENCH_PROFILE"):
            import cProfile

            profile = cProfile.Profile()
            for _ in range(20):
                cold()
                env = caller.environ(path, query)
                profile.enable()
                caller.call(env)
                profile.disable()
            profile.print_stats("tottime")
            return
        uncached, q_uncached, body = measure(caller, path, query, runs=40, before=cold)
        size_kb = len(body) / 1024
        measure(caller, path, query, runs=1)
        cached, q_cached, _ = measure(caller, path, query, runs=300)
        _elapsed, _status, _body, headers = caller.call(caller.environ(path, query))
        etag = headers["ETag"]
        not_modified, q_304, _ = measure(caller, path, query, runs=500, headers={"If-None-Match": etag})

        print(
            f"agenda: {SESSIONS} sessions, body {size_kb:.0f} KiB (lang=en, everything inlined), {connection.vendor}, "
            f"cache {type(cache).__name__}, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        report("agenda uncached", uncached, q_uncached, 25)
        report("agenda cached", cached, q_cached, 2)
        report("agenda 304", not_modified, q_304, 1)

        began = time.perf_counter()
        agenda_reader.refresh_edition(edition.pk)  # what publishing does on commit: warms both languages
        warm_ms = 1000 * (time.perf_counter() - began)
        first, q_first, _ = measure(caller, path, query, runs=1)
        print(
            f"after a publication: warm-up {warm_ms:.0f} ms, then the first request {1000 * first[0]:.2f} ms, "
            f"{q_first} queries"
        )

        for fmt in ("json", "ics", "frab-json", "frab-xml"):
            export_path = f"/api/v1/editions/{edition.slug}/agenda/export/{fmt}/"

            def cold_export(fmt: str = fmt) -> None:
                seed = agenda_cache.etag_for("v1", "export", fmt, "" if fmt == "json" else "en", "")
                agenda_cache.LOCAL_BODIES.clear()
                cache.delete(agenda_cache.body_key(edition.slug, seed))

            measure(caller, export_path, query, runs=3)
            cold_times, q_cold, body = measure(caller, export_path, query, runs=30, before=cold_export)
            warm_times, q_warm, _ = measure(caller, export_path, query, runs=200)
            gz = {"Accept-Encoding": "gzip"}
            gz_times, q_gz, gz_body = measure(caller, export_path, query, runs=30, before=cold_export, headers=gz)
            report(f"export {fmt} uncached", cold_times, q_cold, 5, f"  {len(body) / 1024:.0f} KiB")
            report(f"export {fmt} uncached gz", gz_times, q_gz, 5, f"  {len(gz_body) / 1024:.0f} KiB gzipped")
            report(f"export {fmt} cached", warm_times, q_warm, 5)
    finally:
        from django.db import connections

        connections.close_all()
        admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{DB_NAME}"')


if __name__ == "__main__":
    main()
