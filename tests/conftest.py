"""Shared fixtures. Services a test needs are required, never silently skipped:
under CI (``CI=true`` or ``AGORA_REQUIRE_SERVICES=1``) a missing PostgreSQL or
Redis fails the test; elsewhere it is skipped with the reason in the summary."""

from __future__ import annotations

import os
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
import redis
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import translation

from attendees import page_cache
from forums.models import Edition
from sessions import agenda_reader
from tests.factories import SuperUserFactory

# Fixtures shared by the tests of several apps (none autouse, no name defined twice).
pytest_plugins = ["tests.fixtures.admin", "tests.fixtures.api"]


def _services_required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("AGORA_REQUIRE_SERVICES") == "1"


def _missing(reason: str) -> None:
    if _services_required():
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


@pytest.fixture
def require_postgres() -> None:
    if connection.vendor != "postgresql":
        _missing("needs PostgreSQL: set DATABASE_URL=postgres://…")


@pytest.fixture
def redis_url() -> str:
    url = settings.REDIS_URL
    if not url:
        _missing("needs Redis: set REDIS_URL=redis://…")
    try:
        redis.Redis.from_url(url).ping()
    except redis.RedisError as exc:
        _missing(f"Redis at {url} does not answer: {exc}")
    return url


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("postgres"):
            item.fixturenames.insert(0, "require_postgres")


@pytest.fixture(autouse=True)
def _fresh_page_cache() -> Iterator[None]:
    """Rolled-back test data can reuse ids (and, under a frozen clock, stamps), and
    slugs with version numbers: the per-process agenda indexes are dropped too."""
    page_cache.clear()
    agenda_reader.INDEXES.clear()
    yield
    page_cache.clear()
    agenda_reader.INDEXES.clear()


@pytest.fixture(autouse=True)
def _no_language_left_active() -> Iterator[None]:
    """The test client leaves the last request's language active in the thread;
    a test that reads the default language must not depend on which test ran before."""
    yield
    translation.deactivate()


@pytest.fixture
def superuser(db):
    return SuperUserFactory()


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo (``load_demo``), loaded once for a module in a transaction rolled
    back at its end; each test runs in its own nested transaction on top."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(demo_loaded: None, db: None) -> Edition:
    """The demo's 19th edition."""
    return Edition.objects.get(slug="yrd-st-forum-2022")
