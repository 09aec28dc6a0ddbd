# ruff: noqa: RUF001 - Chinese titles use full-width punctuation
"""An edition whose programme runs around the real clock, so the screens' "now" is now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.utils import timezone

from screens import reader
from sessions.agenda_cache import LOCAL_BODIES
from sessions.enums import SessionKind
from sessions.services import publish_agenda
from tests.factories import (
    EditionFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    SubForumFactory,
)


@pytest.fixture(autouse=True)
def _fresh_screens() -> Iterator[None]:
    """Rolled-back editions reuse version numbers: forget every programme held."""
    cache.clear()
    LOCAL_BODIES.clear()
    reader.clear()
    yield
    reader.clear()


def minutes(n: int) -> dt.timedelta:
    return dt.timedelta(minutes=n)


@pytest.fixture
def moment() -> dt.datetime:
    """The instant the programme is built around: the real clock (a browser's screen reads it)."""
    return timezone.now().replace(second=0, microsecond=0)


@pytest.fixture
def programme(db, moment) -> SimpleNamespace:
    """Two rooms of a published edition: in Hall A a keynote on now, a talk next and
    two later; in Hall B a talk that ended and nothing else."""
    now = moment
    edition = EditionFactory(start=now - dt.timedelta(hours=3), end=now + dt.timedelta(hours=10))
    hall_a = RoomFactory(venue=edition.venue, name_zh_hans="甲厅", name_en="Hall A")
    hall_b = RoomFactory(venue=edition.venue, name_zh_hans="乙厅", name_en="Hall B")
    sub_forum = SubForumFactory(edition=edition, room=hall_a, title_zh_hans="人工智能分论坛", title_en="AI sub-forum")
    current = SessionFactory(
        edition=edition,
        room=hall_a,
        sub_forum=sub_forum,
        title_zh_hans="大模型与科学发现",
        title_en="Large models and scientific discovery",
        start=now - minutes(10),
        end=now + minutes(20),
    )
    SessionSpeakerFactory(
        session=current,
        speaker=SpeakerFactory(name_zh_hans="李明", name_en="Li Ming", honorific_zh_hans="", honorific_en=""),
    )
    following = SessionFactory(
        edition=edition,
        room=hall_a,
        kind=SessionKind.ROUND_TABLE,
        title_zh_hans="圆桌：产学研协同",
        title_en="Round table: universities and industry",
        start=now + minutes(30),
        end=now + minutes(60),
    )
    later = [
        SessionFactory(edition=edition, room=hall_a, start=now + minutes(60 + 30 * i), end=now + minutes(90 + 30 * i))
        for i in range(2)
    ]
    ended = SessionFactory(edition=edition, room=hall_b, start=now - minutes(90), end=now - minutes(60))
    publish_agenda(edition=edition)
    return SimpleNamespace(
        edition=edition, hall_a=hall_a, hall_b=hall_b, current=current, following=following, later=later, ended=ended
    )
