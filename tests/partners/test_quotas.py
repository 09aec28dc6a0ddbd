"""Daily quotas of partner keys (partners.quotas), in the database or in Redis:
429 with Retry-After, counted per UTC day, atomically."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from partners import quotas
from partners.models import ApiKeyUsage

pytestmark = pytest.mark.django_db

REGISTRATIONS = "/api/v1/registrations/"


def test_quota_in_database_gives_429_with_retry_after(make_key, settings) -> None:
    settings.REDIS_URL = ""
    key, plaintext = make_key(daily_quota=2)
    partner = Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert [partner.get(REGISTRATIONS).status_code for _ in range(3)] == [200, 200, 429]
    response = partner.get(REGISTRATIONS)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 86401
    assert response.json()["code"] == "throttled"
    assert ApiKeyUsage.objects.get(api_key=key).count == 4


def test_retry_after_is_seconds_to_utc_midnight() -> None:
    now = dt.datetime(2030, 1, 1, 23, 59, 0, tzinfo=dt.UTC)
    assert quotas.seconds_until_utc_midnight(now) == 61


@pytest.mark.parametrize("backend", ["database", pytest.param("redis", marks=pytest.mark.redis)])
def test_quota_counts_per_utc_day(make_key, settings, request, backend) -> None:
    settings.REDIS_URL = request.getfixturevalue("redis_url") if backend == "redis" else ""
    key, _ = make_key(daily_quota=1)
    today = dt.datetime(2030, 1, 1, 12, tzinfo=dt.UTC)
    assert quotas.consume(key, today).allowed
    assert not quotas.consume(key, today).allowed
    assert quotas.consume(key, today + dt.timedelta(days=1)).allowed


@pytest.mark.redis
def test_quota_in_redis(make_key, redis_url, settings) -> None:
    settings.REDIS_URL = redis_url
    key, plaintext = make_key(daily_quota=2)
    partner = Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert [partner.get(REGISTRATIONS).status_code for _ in range(3)] == [200, 200, 429]
    assert not ApiKeyUsage.objects.exists()
    assert quotas.usage_today(key) == 3
    ttl = quotas._redis_client(redis_url).ttl(f"agora:quota:{key.prefix}:{timezone.now().astimezone(dt.UTC).date()}")
    assert 0 < ttl <= 86400 + 61


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_quota_counter_is_atomic_under_concurrency(make_key, settings) -> None:
    settings.REDIS_URL = ""
    key, _ = make_key(daily_quota=1000)

    def hit() -> None:
        for _ in range(10):
            quotas.consume(key)
        connection.close()

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ApiKeyUsage.objects.get(api_key=key).count == 80
