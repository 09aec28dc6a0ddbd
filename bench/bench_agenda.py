"""Benchmark: the public agenda page, every agenda API variant and the public export URLs,
at 100, 1,000 and 5,000 sessions.

Builds the edition of bench/bench_api.py (40 sub-forums, 1.5 speakers a session)
at each size in a database of its own (agora_bench_agenda, created and dropped
here) on the PostgreSQL of DATABASE_URL, publishes it with publish_and_notify and
calls the site in-process through the WSGI handler (server time only).

"uncached" means nothing of the version is held anywhere: not which version the
slug serves, not its index, not a rendered body or page. Targets (issue 13):
- the agenda page: ≤ 25 ms uncached at 1,000 sessions (≤ 125 ms at 5,000, linear),
  ≤ 2 ms when the published version has not changed (asked again without and with
  its ETag: "unchanged" and "304"), at most 5 queries;
- every agenda API variant: ≤ 10 ms uncached at 1,000 sessions, ≤ 50 ms at 5,000;
- every public export URL within 1 ms of the same stored export through the API.

Each line gives the median wall time and the median CPU time of this process
(time.process_time) per request, and the load average: on a busy machine the
CPU time is the figure to compare with the targets.

Usage: DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/bench_agenda.py [sizes…]
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_api  # noqa: E402 - after the path is set

DB_NAME = "agora_bench_agenda"
SIZES = (100, 1000, 5000)
PAGE_VARIANTS = [
    ("page zh (first day)", "", "zh-hans"),
    ("page en (first day)", "", "en"),
    ("page en, one sub-forum", "sub_forum=sf-3", "en"),
    ("page zh, second day, talks", "day=2030-07-07&kind=talk", "zh-hans"),
]
API_VARIANTS = [
    ("api default", "lang=en", {}),
    ("api default gzip", "lang=en", {"Accept-Encoding": "gzip"}),
    ("api expand=speakers", "lang=en&expand=speakers", {}),
    ("api expand=none", "lang=en&expand=none", {}),
    ("api expand=room,sub_forum", "lang=zh-hans&expand=room,sub_forum", {}),
    ("api day filter", "lang=en&day=2030-07-07", {}),
    ("api sub_forum filter", "lang=en&sub_forum={sub_forum}", {}),
    ("api speaker, kind", "lang=en&speaker={speaker}&kind=talk&expand=speakers", {}),
]
EXPORTS = ("json", "ics", "frab-json", "frab-xml")


def configure() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/agora_bench")
    parsed = urlparse(base)
    if not parsed.scheme.startswith("postgres"):
        sys.exit("bench_agenda needs PostgreSQL: set DATABASE_URL=postgres://…")
    os.environ["DATABASE_URL"] = urlunparse(parsed._replace(path=f"/{DB_NAME}"))
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/6")
    os.environ["CACHE_KEY_PREFIX"] = f"bench-agenda-{os.getpid()}"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["RATELIMIT_ENABLE"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    return urlunparse(parsed._replace(path="/postgres"))


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def line(
    name: str, times: list[float], cpu: list[float], queries: int, target_ms: float | None, extra: str = ""
) -> None:
    median = median_ms(times)
    verdict = "" if target_ms is None else f"  (target ≤ {target_ms:g} ms: {'ok' if median <= target_ms else 'OVER'})"
    print(f"  {name:<36} median {median:8.2f} ms  CPU {median_ms(cpu):8.2f} ms  {queries} queries{verdict}{extra}")


class Cold:
    """Forgets everything held of the edition's agenda: the shared cache's entries and this process's."""

    def __init__(self, slug: str) -> None:
        from django.core.cache import caches

        self.slug = slug
        self.cache = caches["api"]

    def __call__(self) -> None:
        from screens import reader
        from sessions import agenda_cache, agenda_reader

        agenda_cache.LOCAL_BODIES.clear()
        agenda_reader.INDEXES.clear()
        reader.clear()
        # Every key of this run's cache (its own prefix) that concerns the agenda.
        backend = getattr(self.cache, "_cache", None)
        if hasattr(backend, "get_client"):
            client = backend.get_client(write=True)
            keys = list(client.scan_iter(match=f"*{os.environ['CACHE_KEY_PREFIX']}*agenda*"))
            if keys:
                client.delete(*keys)
        else:
            self.cache.clear()


def run_size(size: int, caller: bench_api.Caller) -> dict[str, float]:
    from django.core.management import call_command

    from forums.models import SubForum
    from sessions.models import Speaker

    call_command("flush", interactive=False, verbosity=0)
    bench_api.SESSIONS, bench_api.SPEAKERS, bench_api.SUB_FORUMS = size, size * 3 // 2, 40
    edition = bench_api.build()
    cold = Cold(edition.slug)
    sub_forum = SubForum.objects.filter(edition=edition).order_by("pk").values_list("pk", flat=True)[3]
    speaker = Speaker.objects.order_by("pk").values_list("pk", flat=True)[7]
    runs = 15 if size >= 5000 else 30
    scale = max(size / 1000, 1)
    results: dict[str, float] = {}
    print(f"\n{size} sessions — load average {load()} on {os.cpu_count()} CPUs")

    page_path = f"/e/{edition.slug}/agenda/"
    for name, query, language in PAGE_VARIANTS:
        headers = {"Accept-Language": language}
        bench_api.measure(caller, page_path, query, runs=2, headers=headers)
        cpu_uncached: list[float] = []
        cpu_cached: list[float] = []
        uncached, q_uncached, body = bench_api.measure(
            caller, page_path, query, runs=runs, before=cold, headers=headers, cpu=cpu_uncached
        )
        cached, q_cached, _ = bench_api.measure(
            caller, page_path, query, runs=runs * 5, headers=headers, cpu=cpu_cached
        )
        # A browser asking again: the page's ETag, and the CSRF cookie the page came with (the ETag names it).
        _elapsed, _status, _body, answered = caller.call(caller.environ(page_path, query, headers))
        again = {**headers, "If-None-Match": answered["ETag"], "Cookie": answered["Set-Cookie"].split(";")[0]}
        cpu_304: list[float] = []
        asked_again, q_304, _ = bench_api.measure(caller, page_path, query, runs=runs * 5, headers=again, cpu=cpu_304)
        assert caller.call(caller.environ(page_path, query, again))[1].startswith("304")
        line(f"{name} uncached", uncached, cpu_uncached, q_uncached, 25 * scale, f"  {len(body) / 1024:.0f} KiB")
        line(f"{name} unchanged", cached, cpu_cached, q_cached, 2)
        line(f"{name} 304", asked_again, cpu_304, q_304, 2)
        results[f"{name} uncached"] = median_ms(uncached)
        results[f"{name} unchanged"] = median_ms(cached)
        results[f"{name} 304"] = median_ms(asked_again)

    api_path = f"/api/v1/editions/{edition.slug}/agenda/"
    for name, query, headers in API_VARIANTS:
        query = query.format(sub_forum=sub_forum, speaker=speaker)
        bench_api.measure(caller, api_path, query, runs=2, headers=headers)
        cpu: list[float] = []
        uncached, q_uncached, body = bench_api.measure(
            caller, api_path, query, runs=runs, before=cold, headers=headers, cpu=cpu
        )
        line(f"{name} uncached", uncached, cpu, q_uncached, 10 * scale, f"  {len(body) / 1024:.0f} KiB")
        results[f"{name} uncached"] = median_ms(uncached)

    for fmt in EXPORTS:
        query = "lang=en"
        cpu_public: list[float] = []
        cpu_api: list[float] = []
        public, q_public, _ = bench_api.measure(
            caller, f"/e/{edition.slug}/agenda/export/{fmt}/", query, runs=runs, before=cold, cpu=cpu_public
        )
        api, q_api, _ = bench_api.measure(
            caller, f"/api/v1/editions/{edition.slug}/agenda/export/{fmt}/", query, runs=runs, before=cold, cpu=cpu_api
        )
        gap = median_ms(public) - median_ms(api)
        gap_cpu = median_ms(cpu_public) - median_ms(cpu_api)
        verdict = "ok" if gap <= 1 else "OVER"
        print(
            f"  export {fmt:<10} public {median_ms(public):7.2f} ms (CPU {median_ms(cpu_public):6.2f}, {q_public} q), "
            f"API {median_ms(api):7.2f} ms (CPU {median_ms(cpu_api):6.2f}, {q_api} q): {gap:+.2f} ms, "
            f"CPU {gap_cpu:+.2f} ms (target ≤ +1 ms: {verdict})"
        )
        results[f"export {fmt} gap"] = gap
    print(f"  (load average at the end of {size}: {load()})")
    return results


def load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    admin_url = configure()
    sizes = [int(a) for a in sys.argv[1:]] or list(SIZES)
    bench_api.admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{DB_NAME}"')
    bench_api.admin_sql(admin_url, f'CREATE DATABASE "{DB_NAME}"')
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)  # pages name their hashed static files
        caller = bench_api.Caller()
        for size in sizes:
            run_size(size, caller)
    finally:
        from django.db import connections

        connections.close_all()
        bench_api.admin_sql(admin_url, f'DROP DATABASE IF EXISTS "{DB_NAME}"')


if __name__ == "__main__":
    main()
