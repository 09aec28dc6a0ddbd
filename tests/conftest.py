"""Shared fixtures. Services a test needs are required, never silently skipped:
under CI (``CI=true`` or ``AGORA_REQUIRE_SERVICES=1``) a missing PostgreSQL or
Redis fails the test; elsewhere it is skipped with the reason in the summary."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import SuperUserFactory


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
    import redis

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


@pytest.fixture
def superuser(db):
    return SuperUserFactory()


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client
