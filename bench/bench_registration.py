"""Registration throughput with exact capacity, at the service level and over HTTP.

(a) service: N registrations for one hot sub-forum through attendees.services,
    from several processes at once, in three rounds; prints registrations/s of
    each and their median, and checks the sub-forum's places were given exactly.
(b) HTTP: gunicorn (2 workers) on PostgreSQL; 3,200 attempts through the real
    registration form (CSRF and all) at 64 concurrent connections for 500
    places, after 640 unmeasured posts to another edition (both workers
    started, connections open); prints registrations/s, p50/p95 latency, the
    workers' CPU per request and the counts.

Creates and drops its own database (agora_bench_registration) next to the one
in DATABASE_URL. E-mails are written to the outbox as in production; the
broker is in-memory, so nothing is sent. The machine's speed varies from minute
to minute (a shared 2-vCPU VM here), so a CPU reference time is printed first.
Run: .venv/bin/python bench/bench_registration.py
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

DB_NAME = "agora_bench_registration"
SERVICE_ATTEMPTS = int(os.environ.get("BENCH_SERVICE_ATTEMPTS", "8000"))
SERVICE_ROUNDS = int(os.environ.get("BENCH_SERVICE_ROUNDS", "3"))
SERVICE_PROCESSES = int(os.environ.get("BENCH_SERVICE_PROCESSES", "4"))
SERVICE_PLACES = 400
HTTP_ATTEMPTS = 3200
HTTP_CONNECTIONS = 64
HTTP_PLACES = 500
HTTP_WARM_UP = 640  # posts to another edition before the timed ones
PORT = int(os.environ.get("BENCH_PORT", "8301"))


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/agora_bench")
    parts = urllib.parse.urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        sys.exit("bench_registration needs PostgreSQL: set DATABASE_URL=postgres://…")
    return urllib.parse.urlunsplit(parts._replace(path=f"/{DB_NAME}"))


BENCH_ENV = {
    "DATABASE_URL": _database_url(),
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "CELERY_BROKER_URL": "memory://localhost/",
    "DEBUG": "0",
    "LOG_LEVEL": "WARNING",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "DB_CONN_MAX_AGE": "600",
    "STATIC_ROOT": str(Path(tempfile.gettempdir()) / "agora-bench-static"),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    # Every simulated visitor comes from 127.0.0.1: the per-address limits for
    # anonymous visitors (rate, unconfirmed registrations) would refuse them.
    "RATELIMIT_ENABLE": "0",
    "ATTENDEES_UNCONFIRMED_PER_ADDRESS": "0",
    "ATTENDEES_UNCONFIRMED_PER_DOMAIN": "0",
}


def _admin_sql(statement: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(BENCH_ENV["DATABASE_URL"])
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(statement)


def _setup_django() -> None:
    os.environ.update(BENCH_ENV)
    import django

    django.setup()


def _fixture(places: int, type_capacity: int | None) -> tuple[int, int, int]:
    """A fresh edition with one registration type and one hot sub-forum."""
    from attendees.models import RegistrationType
    from tests.factories import EditionFactory, SubForumFactory

    edition = EditionFactory()
    registration_type = RegistrationType.objects.create(
        edition=edition, slug="delegate", name_zh_hans="参会代表", name_en="Delegate", capacity=type_capacity
    )
    sub_forum = SubForumFactory(edition=edition, capacity=places)
    return edition.pk, registration_type.pk, sub_forum.pk


# ------------------------------------------------------------ (a) service


def _service_worker(args: tuple[int, int, int, int, int]) -> list[str]:
    edition_id, type_id, sub_forum_id, first, count = args
    from django.db import connection

    from attendees import services
    from attendees.exceptions import RegistrationError
    from attendees.models import RegistrationType
    from forums.models import Edition, SubForum

    edition = Edition.objects.get(pk=edition_id)
    registration_type = RegistrationType.objects.get(pk=type_id)
    sub_forum = SubForum.objects.get(pk=sub_forum_id)
    errors = []
    for n in range(first, first + count):
        try:
            services.register_attendee(
                edition=edition,
                registration_type=registration_type,
                name=f"Bench {n}",
                email=f"service{n}@example.org",
                sub_forums=[sub_forum],
            )
        except RegistrationError as error:
            errors.append(error.code)
    connection.close()
    return errors


def bench_service() -> None:
    """SERVICE_ROUNDS rounds, each on a fresh edition; prints each round and the median."""
    rates = [_service_round(n) for n in range(SERVICE_ROUNDS)]
    print(f"    median of {len(rates)} rounds: {statistics.median(rates):.0f} registrations/s")


def _service_round(round_number: int) -> float:
    from django.db import connection
    from django.db.models import Count

    from attendees.models import SubForumChoice

    edition_id, type_id, sub_forum_id = _fixture(SERVICE_PLACES, None)
    _checkpoint()
    connection.close()  # never share a connection across fork
    per = SERVICE_ATTEMPTS // SERVICE_PROCESSES
    first = round_number * SERVICE_ATTEMPTS
    jobs = [(edition_id, type_id, sub_forum_id, first + i * per, per) for i in range(SERVICE_PROCESSES)]
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(SERVICE_PROCESSES) as pool:
        errors = [code for result in pool.map(_service_worker, jobs) for code in result]
    elapsed = time.perf_counter() - started
    statuses = dict(
        SubForumChoice.objects.filter(sub_forum_id=sub_forum_id).values_list("status").annotate(n=Count("id"))
    )
    total = per * SERVICE_PROCESSES
    if round_number == 0:
        print(f"(a) service: {total} registrations for one hot sub-forum, {SERVICE_PROCESSES} processes, per round")
    print(
        f"    {total / elapsed:8.0f} registrations/s   ({elapsed:.2f} s)   errors: {len(errors)}   "
        f"sub-forum places {SERVICE_PLACES}: confirmed {statuses.get('confirmed', 0)}, "
        f"waitlisted {statuses.get('waitlisted', 0)}"
    )
    assert statuses.get("confirmed") == SERVICE_PLACES, statuses
    assert statuses.get("waitlisted") == total - SERVICE_PLACES, statuses
    return total / elapsed


def _checkpoint() -> None:
    """Start from a checkpoint: the earlier benchmarks' writes are flushed now, not in the middle of a round."""
    _admin_sql("CHECKPOINT")


def cpu_reference() -> float:
    """Milliseconds for a fixed pure-Python loop: this machine's speed at the moment (it varies)."""
    started = time.perf_counter()
    total = 0
    for i in range(2_000_000):
        total += i * i % 7
    return (time.perf_counter() - started) * 1000


# --------------------------------------------------------------- (b) HTTP


def _start_gunicorn() -> subprocess.Popen:
    env = {**os.environ, **BENCH_ENV}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=BASE_DIR, env=env, check=True
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config=config/gunicorn_settings.py",  # the production settings (threads per worker)
            "config.wsgi",
            "--workers=2",
            f"--bind=127.0.0.1:{PORT}",
            "--log-level=warning",
        ],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    sys.exit("gunicorn did not start")


def _client(slug: str, type_id: int, sub_forum_id: int, numbers: list[int]) -> list[tuple[float, int]]:
    """One visitor's connection: fetch the form once (CSRF cookie), then post registrations."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    path = f"/e/{slug}/register/"
    conn.request("GET", path, headers={"Accept-Language": "en"})
    response = conn.getresponse()
    response.read()
    cookie = response.getheader("Set-Cookie", "")
    token = re.search(r"csrftoken=([^;]+)", cookie).group(1)
    results = []
    for n in numbers:
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "registration_type": type_id,
                "name": f"Visitor {n}",
                "email": f"http{n}@example.org",
                "language": "zh-hans",
                "sub_forums": sub_forum_id,
            }
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={token}",
            "Accept-Language": "zh-hans",
        }
        started = time.perf_counter()
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        results.append((time.perf_counter() - started, response.status))
    conn.close()
    return results


def _worker_pids(master: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True, check=False)
    return [int(pid) for pid in found.stdout.split()]


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of the processes ``pids`` so far (Linux /proc)."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _post_all(slug: str, type_id: int, sub_forum_id: int, numbers: range) -> list[tuple[float, int]]:
    """``numbers`` posted over HTTP_CONNECTIONS connections at once; each post's latency and status."""
    chunks = [list(numbers)[i::HTTP_CONNECTIONS] for i in range(HTTP_CONNECTIONS)]
    with ThreadPoolExecutor(HTTP_CONNECTIONS) as pool:
        batches = pool.map(lambda chunk: _client(slug, type_id, sub_forum_id, chunk), chunks)
        return [result for batch in batches for result in batch]


def bench_http() -> None:
    from django.db import connection

    from attendees.models import Registration, SubForumChoice
    from forums.models import Edition

    edition_id, type_id, sub_forum_id = _fixture(HTTP_PLACES, HTTP_PLACES)
    slug = Edition.objects.get(pk=edition_id).slug
    warm_up = _fixture(HTTP_WARM_UP, HTTP_WARM_UP)
    warm_up_slug = Edition.objects.get(pk=warm_up[0]).slug
    _checkpoint()
    connection.close()
    server = _start_gunicorn()
    try:
        # Unmeasured: the second worker may still be starting when /healthz first
        # answers, and each thread opens its connection and prepares its statements
        # on its first requests. The server is timed at work, not at start.
        _post_all(warm_up_slug, *warm_up[1:], range(-HTTP_WARM_UP, 0))
        workers = _worker_pids(server.pid)
        cpu_before = _cpu_seconds(workers)
        started = time.perf_counter()
        results = _post_all(slug, type_id, sub_forum_id, range(HTTP_ATTEMPTS))
        elapsed = time.perf_counter() - started
        worker_cpu = _cpu_seconds(workers) - cpu_before
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    latencies = sorted(latency for latency, _ in results)
    codes: dict[int, int] = {}
    for _, status in results:
        codes[status] = codes.get(status, 0) + 1
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    holding = Registration.objects.filter(edition_id=edition_id, status="pending").count()
    waitlisted = Registration.objects.filter(edition_id=edition_id, status="waitlisted").count()
    choices = SubForumChoice.objects.filter(sub_forum_id=sub_forum_id, status="confirmed").count()
    print(
        f"(b) HTTP: {HTTP_ATTEMPTS} form posts, {HTTP_CONNECTIONS} connections, gunicorn 2 workers, "
        f"{HTTP_PLACES} places"
    )
    print(
        f"    {len(results) / elapsed:8.0f} registrations/s   ({elapsed:.2f} s)   "
        f"p50 {statistics.median(latencies) * 1000:.0f} ms   p95 {p95 * 1000:.0f} ms   statuses {codes}"
    )
    print(f"    gunicorn workers' CPU {worker_cpu / HTTP_ATTEMPTS * 1000:.2f} ms per request")
    print(
        f"    confirmed (holding a place, pending e-mail confirmation) {holding}, waitlisted {waitlisted}, "
        f"sub-forum places taken {choices}"
    )
    assert (holding, waitlisted, choices) == (HTTP_PLACES, HTTP_ATTEMPTS - HTTP_PLACES, HTTP_PLACES)


def main() -> None:
    _admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    _admin_sql(f"CREATE DATABASE {DB_NAME}")
    try:
        _setup_django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        print(f"CPU reference: {cpu_reference():.0f} ms for a fixed Python loop (lower is a faster moment)")
        if os.environ.get("BENCH_PART", "ab") != "b":
            bench_service()
        if os.environ.get("BENCH_PART", "ab") != "a":
            bench_http()
    finally:
        from django.db import connections

        connections.close_all()
        _admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


if __name__ == "__main__":
    main()
