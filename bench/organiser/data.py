"""The edition the organiser benchmarks measure, built once in a throw-away database.

``build()`` makes one forum series with two editions: the current one with
``BENCH_REGISTRATIONS`` (20,000) registrations over ``BENCH_SUB_FORUMS`` (40)
sub-forums, in every status, over four registration types, some registered by
partners, in both languages, with one to three sub-forum choices each (some on
waiting lists) and check-ins on the day; and the previous year's edition with
``BENCH_PREVIOUS_REGISTRATIONS`` (5,000), so pages that compare editions have
something to compare. Places taken are counted from the rows, as the services
would have left them. Parts call ``build()`` through ``bench_organiser.py``,
which builds once and hands the same ``Built`` to every part.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

REGISTRATIONS = int(os.environ.get("BENCH_REGISTRATIONS", "20000"))
PREVIOUS_REGISTRATIONS = int(os.environ.get("BENCH_PREVIOUS_REGISTRATIONS", "5000"))
SUB_FORUMS = int(os.environ.get("BENCH_SUB_FORUMS", "40"))
PARTNERS = 8
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "建华",
    "志强",
]
ORGANISATIONS = [
    "中国科学技术大学",
    "浙江大学",
    "复旦大学",
    "南京大学",
    "上海交通大学",
    "安徽省科学技术协会",
    "Tsinghua University",
]
# (status, weight): most confirmed, some checked in on the day, every other status present.
STATUSES = [
    ("confirmed", 60),
    ("checked_in", 15),
    ("pending", 8),
    ("awaiting_approval", 3),
    ("waitlisted", 4),
    ("cancelled", 6),
    ("rejected", 1),
    ("expired", 3),
]


@dataclass
class Row:
    """One line of the printed table."""

    what: str
    ms: float | None = None
    queries: int | None = None
    peak_mb: float | None = None
    target: str = ""
    note: str = ""


@dataclass
class Built:
    edition_id: int
    previous_edition_id: int
    sub_forum_ids: list[int]
    registrations: int
    username: str
    password: str
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def client(self) -> Any:
        """A test client logged in as the benchmark's superuser."""
        from django.contrib.auth import get_user_model
        from django.test import Client

        client = Client()
        # force_login: django-axes wants a request on authenticate(), which login() does not pass.
        client.force_login(get_user_model().objects.get(username=self.username))
        return client


def _edition(forum: Any, *, number: int, year: int, venue: Any) -> Any:
    from forums.models import Edition
    from tests.factories import SHANGHAI

    start = dt.datetime(year, 7, 6, 9, 0, tzinfo=SHANGHAI)
    return Edition.objects.create(
        forum=forum,
        number=number,
        year=year,
        slug=f"bench-forum-{year}",
        title=f"第{number}届长三角科技论坛",
        title_zh_hans=f"第{number}届长三角科技论坛",
        title_en=f"The {number}th Yangtze River Delta Science and Technology Forum",
        host_city="芜湖",
        host_city_zh_hans="芜湖",
        host_city_en="Wuhu",
        venue=venue,
        start=start,
        end=start + dt.timedelta(days=2),
        status="registration_open",
        # Open now as well, so that imports and registrations can be measured against it.
        registration_opens=min(start - dt.timedelta(days=120), timezone.now() - dt.timedelta(days=1)),
        registration_closes=start - dt.timedelta(hours=1),
        max_subforum_choices=3,
    )


def _populate(edition: Any, *, count: int, sub_forum_count: int, partners: list, rng: random.Random, tag: str) -> list:
    from attendees.models import Registration, RegistrationType, SubForumChoice
    from forums.models import Room, SubForum

    rooms = Room.objects.bulk_create(
        Room(venue=edition.venue, name=f"{tag}-{i}号厅", name_zh_hans=f"{tag}-{i}号厅", name_en=f"Hall {tag}-{i}")
        for i in range(sub_forum_count)
    )
    sub_forums = SubForum.objects.bulk_create(
        SubForum(
            edition=edition,
            slug=f"sub-forum-{i}",
            title=f"分论坛{i + 1}　智能制造与数字经济",
            title_zh_hans=f"分论坛{i + 1}　智能制造与数字经济",
            title_en=f"Sub-forum {i + 1}: smart manufacturing and the digital economy",
            room=rooms[i],
            # Four half-day slots over two days: ten sub-forums run in parallel in each.
            start=edition.start + dt.timedelta(days=(i % 4) // 2, hours=5 * ((i % 4) % 2)),
            end=edition.start + dt.timedelta(days=(i % 4) // 2, hours=5 * ((i % 4) % 2) + 4),
            capacity=max(count // sub_forum_count, 10),
        )
        for i in range(sub_forum_count)
    )
    types = [
        RegistrationType.objects.create(
            edition=edition, slug=slug, name=zh, name_zh_hans=zh, name_en=en, capacity=capacity, order=order
        )
        for order, (slug, zh, en, capacity) in enumerate(
            [
                ("delegate", "参会代表", "Delegate", None),
                ("student", "学生", "Student", None),
                ("press", "媒体", "Press", 200),
                ("guest", "特邀嘉宾", "Invited guest", None),
            ]
        )
    ]
    statuses = [s for s, _w in STATUSES]
    weights = [w for _s, w in STATUSES]
    opening = edition.start
    registrations = []
    for i in range(count):
        status = rng.choices(statuses, weights)[0]
        created = opening - dt.timedelta(days=rng.uniform(1, 110))
        registrations.append(
            Registration(
                edition=edition,
                registration_type=types[0] if i % 10 < 7 else types[1 + i % 3],
                code=f"{tag[:1].upper()}{i:09d}",
                status=status,
                name=rng.choice(SURNAMES) + rng.choice(GIVEN) if i % 9 else f"Attendee {i}",
                email=f"{tag}-attendee{i}@example.org",
                phone=f"138{i:08d}",
                organisation=rng.choice(ORGANISATIONS),
                job_title="研究员" if i % 2 else "教授",
                country="中国",
                language="en" if i % 6 == 0 else "zh-hans",
                partner=partners[i % len(partners)] if partners and i % 5 == 0 else None,
                confirmed_at=created + dt.timedelta(hours=2) if status in ("confirmed", "checked_in") else None,
                checked_in_at=opening + dt.timedelta(minutes=rng.randrange(0, 240)) if status == "checked_in" else None,
                cancelled_at=created + dt.timedelta(days=1) if status == "cancelled" else None,
                waitlisted_at=created if status == "waitlisted" else None,
            )
        )
    registrations = Registration.objects.bulk_create(registrations, batch_size=2000)
    # created_at is auto_now_add: spread it over the months before the opening afterwards, in one statement.
    _spread_created_at(edition, rng)
    choices = []
    for registration in registrations:
        if registration.status in ("cancelled", "rejected", "expired", "waitlisted"):
            continue
        first = rng.randrange(sub_forum_count)
        # Sub-forums in different half-day slots: first, first+1, first+2 never overlap (i % 4 differs).
        for offset in range(rng.choice((1, 1, 2, 3))):
            sub_forum = sub_forums[(first + offset) % sub_forum_count]
            choices.append(SubForumChoice(registration=registration, sub_forum=sub_forum))
    SubForumChoice.objects.bulk_create(choices, batch_size=5000)
    _fill_places(edition, sub_forums, types)
    return sub_forums


def _spread_created_at(edition: Any, rng: random.Random) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE attendees_registration"
                " SET created_at = %s - (random() * interval '110 days') - interval '1 day'"
                " WHERE edition_id = %s",
                [edition.start, edition.pk],
            )
        else:
            cursor.execute(
                "UPDATE attendees_registration"
                " SET created_at = datetime(%s, '-' || (abs(random()) %% 110 + 1) || ' days')"
                " WHERE edition_id = %s",
                [edition.start.isoformat(), edition.pk],
            )


def _fill_places(edition: Any, sub_forums: list, types: list) -> None:
    """Waitlist the choices beyond each sub-forum's capacity; count places taken as the services do."""
    from attendees.enums import HOLDING_STATUSES
    from attendees.models import Registration, RegistrationType, SubForumChoice
    from forums.models import SubForum

    for sub_forum in sub_forums:
        ids = list(
            SubForumChoice.objects.filter(sub_forum=sub_forum, registration__status__in=HOLDING_STATUSES)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
        )
        over = ids[sub_forum.capacity :]
        if over:
            SubForumChoice.objects.filter(pk__in=over).update(status="waitlisted", waitlisted_at=edition.start)
        SubForum.objects.filter(pk=sub_forum.pk).update(seats_taken=min(len(ids), sub_forum.capacity))
    counts = dict(
        Registration.objects.filter(edition=edition, status__in=HOLDING_STATUSES)
        .values_list("registration_type")
        .annotate(n=Count("pk"))
    )
    for registration_type in types:
        taken = counts.get(registration_type.pk, 0)
        if registration_type.capacity is not None:
            RegistrationType.objects.filter(pk=registration_type.pk).update(
                capacity=max(taken, registration_type.capacity)
            )
        RegistrationType.objects.filter(pk=registration_type.pk).update(seats_taken=taken)


def build() -> Built:
    """The benchmark's forum, its superuser and two editions (see the module docstring)."""
    import time

    from forums.models import Forum, Organisation, Venue
    from tests.factories import SuperUserFactory

    t0 = time.perf_counter()
    rng = random.Random(15)
    password = secrets.token_urlsafe()
    SuperUserFactory(username="bench-organiser", password=password)
    venue = Venue.objects.create(
        slug="bench-venue", name="芜湖国际会展中心", name_zh_hans="芜湖国际会展中心", name_en="Wuhu Expo", city="芜湖"
    )
    forum = Forum.objects.create(
        slug="bench-forum", name="长三角科技论坛", name_zh_hans="长三角科技论坛", name_en="YRD Forum"
    )
    partners = Organisation.objects.bulk_create(
        Organisation(slug=f"bench-partner-{i}", name=f"合作学会{i}", name_zh_hans=f"合作学会{i}", kind="association")
        for i in range(PARTNERS)
    )
    previous = _edition(forum, number=19, year=2029, venue=venue)
    _populate(previous, count=PREVIOUS_REGISTRATIONS, sub_forum_count=SUB_FORUMS, partners=partners, rng=rng, tag="p")
    edition = _edition(forum, number=20, year=2030, venue=venue)
    sub_forums = _populate(
        edition, count=REGISTRATIONS, sub_forum_count=SUB_FORUMS, partners=partners, rng=rng, tag="c"
    )
    return Built(
        edition_id=edition.pk,
        previous_edition_id=previous.pk,
        sub_forum_ids=[s.pk for s in sub_forums],
        registrations=REGISTRATIONS,
        username="bench-organiser",
        password=password,
        seconds=time.perf_counter() - t0,
        extra={"partner_ids": [p.pk for p in partners], "forum_id": forum.pk},
    )


def waitlisted_choices(edition_id: int) -> int:
    """How many sub-forum choices of the edition wait for a place (a sanity line for the table)."""
    from attendees.models import SubForumChoice

    return SubForumChoice.objects.filter(Q(registration__edition_id=edition_id), status="waitlisted").count()


def child_env() -> dict[str, str]:
    """The environment for a child process that must use the benchmark's (test) database."""
    from django.db import connection

    env = dict(os.environ)
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user = settings.get("USER") or ""
        auth = f"{user}:{settings.get('PASSWORD')}@" if settings.get("PASSWORD") else f"{user}@" if user else ""
        env["DATABASE_URL"] = (
            f"postgres://{auth}{settings.get('HOST') or '127.0.0.1'}:{settings.get('PORT') or 5432}/{settings['NAME']}"
        )
    else:
        env["DATABASE_URL"] = f"sqlite:///{settings['NAME']}"
    return env
