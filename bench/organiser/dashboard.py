"""The edition dashboard at scale (issue 15's target: at most 100 ms of server time and
the same number of SQL queries, at most 12, for 100 and for 20,000 registrations).

Adds to the built edition what the dashboard also counts — one outbox message per
registration (a twentieth of them failed) and 500 of its registrants' addresses on
the suppression list — and a small edition of 100 registrations in the same series;
takes them away again afterwards, so the parts run after this one see the edition as
built. Each page is requested through Django's test client by an organiser of the
series (a staff user on its team, not a superuser: the number of queries the target
is about), warmed twice, then timed ``BENCH_DASHBOARD_RUNS`` times (medians of the wall
time, of this process's CPU time and of the time spent in SQL, and the mean CPU time of
the PostgreSQL process serving the connection: on a busy machine the wall time is mostly
waiting for a core, and the two CPU times are what a quiet machine would add up). The
tables are analysed first, as autovacuum would have done after such a load.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from dataclasses import dataclass
from typing import Any

from bench.organiser.data import Built, Row, _edition, _populate

RUNS = int(os.environ.get("BENCH_DASHBOARD_RUNS", "15"))
SMALL = 100
SUPPRESSED = 500


@dataclass
class Timing:
    """Medians of ``RUNS`` requests: wall (server) time, this process's CPU time and the time spent
    in SQL (PostgreSQL's work and the wait for it, at the cursor); the queries of one request."""

    ms: float
    cpu_ms: float
    sql_ms: float
    queries: int
    postgres_cpu_ms: float | None = None

    @property
    def note(self) -> str:
        postgres = "" if self.postgres_cpu_ms is None else f", PostgreSQL's CPU {self.postgres_cpu_ms:.0f} ms"
        return f"CPU {self.cpu_ms:.0f} ms, in SQL {self.sql_ms:.0f} ms{postgres}"


def _backend_cpu_seconds() -> float | None:
    """The CPU time the database server process of this connection has used, when it runs on this
    machine (PostgreSQL, a process per connection): what a request costs it, whatever the load."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:  # a server elsewhere
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _time(client: Any, url: str) -> Timing:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        assert client.get(url).status_code == 200, url
    walls, cpus, sqls = [], [], []
    server_before = _backend_cpu_seconds()
    for _ in range(RUNS):
        in_sql = [0.0]

        def timed(execute: Any, sql: str, params: Any, many: bool, context: Any, in_sql: list = in_sql) -> Any:
            t0 = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                in_sql[0] += time.perf_counter() - t0

        with connection.execute_wrapper(timed):
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(url)
            walls.append((time.perf_counter() - t0) * 1000)
            cpus.append((time.process_time() - c0) * 1000)
        sqls.append(in_sql[0] * 1000)
        assert response.status_code == 200, url
    server_after = _backend_cpu_seconds()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # Two pg_backend_pid() queries are counted in (a fraction of a millisecond).
    server = None if server_before is None or server_after is None else (server_after - server_before) * 1000 / RUNS
    return Timing(
        statistics.median(walls),
        statistics.median(cpus),
        statistics.median(sqls),
        len(queries.captured_queries),
        server,
    )


def _organiser_client(forum_id: int) -> Any:
    from django.test import Client

    from forums.enums import ForumTeamRole
    from tests.factories import ForumMembershipFactory

    client = Client()
    client.force_login(ForumMembershipFactory(forum_id=forum_id, role=ForumTeamRole.ORGANISER).user)
    return client


def _add_mail(edition_id: int) -> None:
    from attendees.models import Registration
    from forums.models import edition_scope
    from outbox.enums import OutboxStatus, SuppressionReason, SuppressionScope
    from outbox.models import OutboxMessage, Suppression

    rows = list(Registration.objects.filter(edition_id=edition_id).values_list("pk", "email").order_by("pk"))
    OutboxMessage.objects.bulk_create(
        (
            OutboxMessage(
                kind="bench-dashboard",
                recipient=email,
                dedupe_key=f"bench-dashboard-{pk}",
                message_id=f"<bench-dashboard-{pk}@agora>",
                scope=edition_scope(edition_id),
                status=OutboxStatus.FAILED if n % 20 == 0 else OutboxStatus.SENT,
            )
            for n, (pk, email) in enumerate(rows)
        ),
        batch_size=5000,
    )
    Suppression.objects.bulk_create(
        Suppression(address=email.lower(), reason=SuppressionReason.HARD_BOUNCE, scope=SuppressionScope.ALL)
        for _pk, email in rows[:SUPPRESSED]
    )


def _remove_additions(small_edition: Any) -> None:
    from attendees.models import Registration, RegistrationType, SubForumChoice
    from forums.models import SubForum
    from outbox.models import OutboxMessage, Suppression

    addresses = OutboxMessage.objects.filter(kind="bench-dashboard").values_list("recipient", flat=True)
    Suppression.objects.filter(address__in=list(addresses)).delete()
    OutboxMessage.objects.filter(kind="bench-dashboard").delete()
    SubForumChoice.objects.filter(registration__edition=small_edition).delete()
    Registration.objects.filter(edition=small_edition).delete()
    RegistrationType.objects.filter(edition=small_edition).delete()
    SubForum.objects.filter(edition=small_edition).delete()
    small_edition.delete()


def measure(built: Built) -> list[Row]:
    from django.conf import settings
    from django.db import connection
    from django.urls import reverse

    from forums.models import Edition, Organisation
    from workspace.dashboard.edition import edition_figures

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    big = Edition.objects.select_related("forum", "venue").get(pk=built.edition_id)
    small = _edition(big.forum, number=big.number + 1, year=big.year + 1, venue=big.venue)
    partners = list(Organisation.objects.filter(pk__in=built.extra.get("partner_ids", [])))
    _populate(small, count=SMALL, sub_forum_count=10, partners=partners, rng=random.Random(151), tag="d")
    _add_mail(big.pk)
    _add_mail(small.pk)
    if connection.vendor == "postgresql":
        # Rows just bulk-loaded have no statistics yet; autovacuum would have gathered them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = _organiser_client(big.forum_id)
    rows = []
    try:
        numbers = {}
        for label, edition in ((f"{built.registrations:,}", big), (f"{SMALL}", small)):
            url = reverse("admin:forums_edition_dashboard", args=[edition.pk])
            timing = _time(client, url)
            numbers[label] = timing.queries
            rows.append(
                Row(
                    f"edition dashboard, {label} registrations",
                    timing.ms,
                    timing.queries,
                    target="<=100 ms, <=12 q",
                    note=timing.note,
                )
            )
        cpu0, t0 = time.process_time(), time.perf_counter()
        for _ in range(RUNS):
            edition_figures(big)
        rows.append(
            Row(
                f"  of which the figures (8 queries), {built.registrations:,}",
                (time.perf_counter() - t0) * 1000 / RUNS,
                note=f"edition_figures() alone; CPU {(time.process_time() - cpu0) * 1000 / RUNS:.0f} ms (mean)",
            )
        )
        same = len(set(numbers.values())) == 1
        rows.append(Row("  same queries for 100 and 20,000", note="yes" if same else f"NO: {numbers}"))
        for what, url in (
            (
                "dashboard check-ins (refreshed every 30 s)",
                reverse("admin:forums_edition_dashboard_check_ins", args=[big.pk]),
            ),
            ("series dashboard (3 editions)", reverse("admin:forums_forum_dashboard", args=[big.forum_id])),
            ("admin home with current editions", reverse("admin:index")),
        ):
            timing = _time(client, url)
            rows.append(Row(what, timing.ms, timing.queries, note=timing.note))
    finally:
        _remove_additions(small)
    return rows
