"""Fixtures of the partner API tests: a small bilingual agenda and partner keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client

from forums.models import Edition, Organisation
from notifications.services import publish_and_notify
from partners.models import ApiKey
from partners.services import issue_api_key
from sessions.agenda_cache import LOCAL_BODIES
from sessions.enums import SessionKind
from sessions.models import AgendaVersion
from tests.factories import (
    EditionFactory,
    OrganisationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    SubForumFactory,
)

ALL_SCOPES = ["agenda:read", "registrations:read", "registrations:write", "webhooks:manage"]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()
    LOCAL_BODIES.clear()


def build_agenda(edition: Edition, sessions: int, *, sub_forums: int = 2) -> None:
    forums = [SubForumFactory(edition=edition, room=None) for _ in range(sub_forums)]
    speaker = SpeakerFactory()
    for i in range(sessions):
        session = SessionFactory(
            edition=edition,
            sub_forum=forums[i % len(forums)] if forums and i % 3 else None,
            start=edition.start + dt.timedelta(days=i % 2, minutes=i),
            end=edition.start + dt.timedelta(days=i % 2, minutes=i + 30),
            kind=SessionKind.KEYNOTE if i % 2 else SessionKind.TALK,
        )
        SessionSpeakerFactory(session=session, speaker=speaker if i % 2 else SpeakerFactory())


@pytest.fixture
def publish(django_capture_on_commit_callbacks) -> Callable[[Edition], AgendaVersion]:
    """Publish as the admin does (``publish_and_notify``), its on-commit work (the cache refresh) included."""

    def run(edition: Edition) -> AgendaVersion:
        with django_capture_on_commit_callbacks(execute=True):
            return publish_and_notify(edition=edition).version

    return run


@pytest.fixture
def edition(db) -> Edition:
    edition = EditionFactory(slug="wuhu-2030")
    build_agenda(edition, 4)
    return edition


@pytest.fixture
def partner(db) -> Organisation:
    return OrganisationFactory(slug="partner-a", name_en="Partner A")


@pytest.fixture
def make_key(partner) -> Callable[..., tuple[ApiKey, str]]:
    def make(scopes: list[str] | None = None, organisation: Organisation | None = None, **kwargs) -> tuple[ApiKey, str]:
        return issue_api_key(
            organisation=organisation or partner,
            name="test key",
            scopes=ALL_SCOPES if scopes is None else scopes,
            **kwargs,
        )

    return make


@pytest.fixture
def key_client(make_key) -> Callable[..., Client]:
    """A test client sending a fresh partner key in ``Authorization: Bearer``."""

    def make(scopes: list[str] | None = None, **kwargs) -> Client:
        _key, plaintext = make_key(scopes, **kwargs)
        return Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")

    return make


def bulk_agenda(edition: Edition, sessions: int, speakers: int | None = None, sub_forums: int = 4) -> None:
    """A large agenda in a handful of INSERTs (factories would take minutes at 1,000 sessions)."""
    from forums.models import SubForum
    from sessions.models import Session, SessionSpeaker, Speaker

    forums = SubForum.objects.bulk_create(
        SubForum(
            edition=edition,
            slug=f"{edition.slug}-f{i}",
            title_zh_hans=f"分论坛{i}",
            title_en=f"Sub-forum {i}",
            start=edition.start,
            end=edition.start + dt.timedelta(days=2),
        )
        for i in range(sub_forums)
    )
    people = Speaker.objects.bulk_create(
        Speaker(slug=f"{edition.slug}-s{i}", name_zh_hans=f"王{i}", name_en=f"Wang {i}", email=f"s{i}@example.org")
        for i in range(speakers or sessions)
    )
    rows = Session.objects.bulk_create(
        Session(
            edition=edition,
            sub_forum=forums[i % len(forums)],
            title_zh_hans=f"报告{i}",
            title_en=f"Talk {i}",
            start=edition.start + dt.timedelta(minutes=i),
            end=edition.start + dt.timedelta(minutes=i + 20),
        )
        for i in range(sessions)
    )
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(session=session, speaker=people[i % len(people)]) for i, session in enumerate(rows)
    )
