"""Redis down is a degraded mode, not an outage: with the cache and quota Redis
gone, keyed requests and the agenda still answer 200 (quotas counted in the
database, cache reads are misses), and a dead Redis is not asked on every call."""

from __future__ import annotations

import datetime as dt
import runpy
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import redis
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

import config
from config import redis_cache
from partners import quotas
from partners.models import ApiKeyUsage

pytestmark = pytest.mark.django_db

REDIS_SERVER = "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def own_redis(tmp_path) -> Iterator[SimpleNamespace]:
    """A redis-server of this test's own on a free port, without persistence."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - a fixed binary, arguments from the test
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while True:
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"{REDIS_SERVER} did not start on port {port}")
            time.sleep(0.05)
    try:
        yield SimpleNamespace(url=url, process=process)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


@pytest.fixture
def redis_settings(own_redis, settings, monkeypatch) -> Iterator[SimpleNamespace]:
    """The project's Redis settings, as config/settings.py makes them from REDIS_URL, pointed at ``own_redis``."""
    monkeypatch.setenv("REDIS_URL", own_redis.url)
    production = runpy.run_path(str(Path(config.__file__).with_name("settings.py")))
    settings.REDIS_URL = production["REDIS_URL"]
    settings.CACHES = production["CACHES"]
    assert set(settings.CACHES) == {"default", "api"}
    quotas.BREAKER.reset()
    yield own_redis
    quotas.BREAKER.reset()


def test_keyed_and_agenda_requests_answer_200_after_redis_dies(redis_settings, make_key, edition, publish) -> None:
    publish(edition)
    key, plaintext = make_key()
    partner = Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    agenda = f"/api/v1/editions/{edition.slug}/agenda/"

    assert partner.get("/api/v1/registrations/").status_code == 200
    first = partner.get(agenda)
    assert first.status_code == 200
    assert quotas.usage_today(key) == 2  # counted in Redis
    assert not ApiKeyUsage.objects.exists()
    assert any(b"agenda" in name for name in redis.Redis.from_url(redis_settings.url).keys("*"))

    redis_settings.process.kill()
    redis_settings.process.wait(timeout=10)

    started = time.monotonic()
    assert partner.get("/api/v1/registrations/").status_code == 200
    again = partner.get(agenda)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert partner.get(agenda, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert time.monotonic() - started < 5
    today = timezone.now().astimezone(dt.UTC).date()
    assert ApiKeyUsage.objects.get(api_key=key, day=today).count == 3  # the quota fell back to the database


def test_dead_redis_is_skipped_for_a_pause_and_logged_once(redis_settings, monkeypatch, caplog) -> None:
    cache = caches["default"]
    cache.set("greeting", "hello")
    assert cache.get("greeting") == "hello"
    redis_settings.process.kill()
    redis_settings.process.wait(timeout=10)

    connects = []
    real_connect = redis.connection.AbstractConnection.connect
    monkeypatch.setattr(
        redis.connection.AbstractConnection, "connect", lambda self: connects.append(1) or real_connect(self)
    )
    assert cache.get("greeting", "miss") == "miss"  # a cache error is a miss
    assert connects  # that call tried Redis
    connects.clear()
    results = [cache.get("greeting", "miss") for _ in range(5)]
    assert results == ["miss"] * 5
    assert cache.add("other", 1) is False
    cache.set("other", 2)
    assert cache.get_many(["greeting", "other"]) == {}
    with pytest.raises(ValueError, match="unreachable"):
        cache.incr("counter")
    assert connects == []  # within the pause, Redis is not asked at all
    assert [r.levelname for r in caplog.records if r.name == "config.redis_cache"] == ["WARNING"]

    monkeypatch.setattr(redis_cache.time, "monotonic", lambda: time.perf_counter() + 1e6)  # the pause is over
    assert cache.get("greeting", "miss") == "miss"
    assert connects  # asked again after the pause
