"""Benchmark: the venue screens' JSON (``/e/<slug>/screens/now.json``, the lobby
board of every room, and one room's ``<room>/now.json``) on editions of 100,
1,000 and 5,000 sessions.

Builds each edition with bench_api's builder (40 sub-forums in 40 rooms, 1.5
speakers per session) in a database of its own (agora_bench_screens, created
and dropped here) on the PostgreSQL of DATABASE_URL, publishes it with
publish_and_notify, and calls the screens in-process through the WSGI handler
(server time: no network, no HTTP parsing), at an instant in the middle of the
first day so every room has a "now" and a "next". Prints, per size:

- uncached: the first question after a publication in a process (the version
  pointer, the rooms' programme and the process's copy all gone: two queries,
  the programme built from the stored snapshot);
- shared: a process's first question once another process built the programme
  (it comes from the shared cache);
- cached and 304: a screen asking again, unchanged. Target: under 2 ms, 0 queries.

Usage: DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/bench_screens.py [sizes…]
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import types

import bench_api

SIZES = (100, 1000, 5000)
bench_api.DB_NAME = "agora_bench_screens"


def build(sessions: int) -> object:
    bench_api.SESSIONS, bench_api.SPEAKERS = sessions, sessions * 3 // 2
    return bench_api.build()


def run(size: int, caller: bench_api.Caller) -> None:
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection

    from screens import reader, views
    from sessions import agenda_cache
    from sessions.models import Session

    call_command("flush", interactive=False, verbosity=0)
    edition = build(size)
    slug = edition.slug
    first = Session.objects.filter(edition=edition).order_by("start").first()
    at = first.start + dt.timedelta(minutes=25)
    views.timezone = types.SimpleNamespace(now=lambda: at)  # the instant the screens answer for
    room_id = first.room_id
    cache = caches["api"]
    forget_keys = [f"api:agenda:latest:{slug}", reader.index_key(slug, "v1")]

    def uncached() -> None:
        cache.delete_many(forget_keys)
        agenda_cache.LOCAL_BODIES.clear()
        reader.clear()

    def new_process() -> None:
        reader.clear()

    lobby, room = f"/e/{slug}/screens/now.json", f"/e/{slug}/screens/{room_id}/now.json"
    bench_api.measure(caller, lobby, "", runs=3)  # warm-up: imports, connection
    runs = 30 if size < 5000 else 10
    cpu: dict[str, list[float]] = {name: [] for name in ("cold", "shared", "cached", "304", "room", "room 304")}
    cold, q_cold, body = bench_api.measure(caller, lobby, "", runs=runs, before=uncached, cpu=cpu["cold"])
    shared, q_shared, _ = bench_api.measure(caller, lobby, "", runs=runs, before=new_process, cpu=cpu["shared"])
    bench_api.measure(caller, lobby, "", runs=1)
    cached, q_cached, _ = bench_api.measure(caller, lobby, "", runs=300, cpu=cpu["cached"])
    _elapsed, _status, _body, headers = caller.call(caller.environ(lobby))
    lobby_304, q_304, _ = bench_api.measure(
        caller, lobby, "", runs=500, headers={"If-None-Match": headers["ETag"]}, cpu=cpu["304"]
    )
    room_cached, q_room, room_body = bench_api.measure(caller, room, "", runs=300, cpu=cpu["room"])
    _elapsed, _status, _body, headers = caller.call(caller.environ(room))
    room_304, q_room_304, _ = bench_api.measure(
        caller, room, "", runs=500, headers={"If-None-Match": headers["ETag"]}, cpu=cpu["room 304"]
    )

    print(
        f"screens: {size} sessions in 40 rooms, lobby body {len(body) / 1024:.1f} KiB, room body "
        f"{len(room_body) / 1024:.1f} KiB, {connection.vendor}, cache {type(cache).__name__}, "
        f"load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs"
    )

    def cpu_ms(name: str) -> str:
        return f"  CPU {statistics.median(cpu[name]) * 1000:.2f} ms"

    bench_api.report(f"lobby uncached ({size})", cold, q_cold, 125 * size / 5000 if size > 1000 else 25, cpu_ms("cold"))
    bench_api.report(f"lobby shared cache ({size})", shared, q_shared, 25, cpu_ms("shared"))
    bench_api.report(f"lobby cached ({size})", cached, q_cached, 2, cpu_ms("cached"))
    bench_api.report(f"lobby 304 ({size})", lobby_304, q_304, 2, cpu_ms("304"))
    bench_api.report(f"room cached ({size})", room_cached, q_room, 2, cpu_ms("room"))
    bench_api.report(f"room 304 ({size})", room_304, q_room_304, 2, cpu_ms("room 304"))


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or SIZES
    admin_url = bench_api.configure()
    bench_api.admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{bench_api.DB_NAME}"')
    bench_api.admin_sql(admin_url, f'CREATE DATABASE "{bench_api.DB_NAME}"')
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        caller = bench_api.Caller()
        for size in sizes:
            run(size, caller)
    finally:
        from django.db import connections

        connections.close_all()
        bench_api.admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{bench_api.DB_NAME}"')


if __name__ == "__main__":
    main()
