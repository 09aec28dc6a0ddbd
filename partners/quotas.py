"""Daily request quotas of partner keys, counted atomically.

With ``REDIS_URL`` set the count lives in Redis (INCR, then EXPIRE at the end
of the UTC day, in one round trip); without it, in ``ApiKeyUsage`` with a single
``INSERT … ON CONFLICT DO UPDATE SET count = count + 1 … RETURNING``. Either way
two concurrent requests can never both see the last free request.

Redis down is a degraded mode, not an outage: a request that cannot reach
Redis (short timeouts, then Redis is skipped for a few seconds:
``config.redis_cache.RedisBreaker``) is counted in the database instead. The two
counters are not added up, so during an outage a key may make up to its quota
again on the database counter; nobody is refused for want of Redis.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.redis_cache import RedisBreaker, client_options
from partners.models import ApiKey, ApiKeyUsage

BREAKER = RedisBreaker("quotas")


@dataclass(frozen=True)
class QuotaResult:
    allowed: bool
    count: int
    limit: int
    retry_after: int  # seconds until the counter starts afresh (UTC midnight)


def seconds_until_utc_midnight(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    now = now.astimezone(dt.UTC)
    midnight = (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(int((midnight - now).total_seconds()) + 1, 1)


@functools.cache
def _redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, **client_options())


def _redis_name(api_key: ApiKey, day: dt.date) -> str:
    # The prefix is random per key, so counters never collide across databases.
    return f"agora:quota:{api_key.prefix}:{day.isoformat()}"


def _count_in_redis(url: str, api_key: ApiKey, day: dt.date, ttl: int) -> int:
    name = _redis_name(api_key, day)
    pipe = _redis_client(url).pipeline(transaction=True)
    pipe.incr(name)
    pipe.expire(name, ttl + 60)
    count, _expired = pipe.execute()
    return int(count)


def _count_in_database(api_key: ApiKey, day: dt.date) -> int:
    table = connection.ops.quote_name(ApiKeyUsage._meta.db_table)
    sql = (
        f"INSERT INTO {table} (api_key_id, day, count) VALUES (%s, %s, 1) "  # noqa: S608 - quoted table name only
        f"ON CONFLICT (api_key_id, day) DO UPDATE SET count = {table}.count + 1 RETURNING count"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [api_key.pk, day])
        return int(cursor.fetchone()[0])


def consume(api_key: ApiKey, now: dt.datetime | None = None) -> QuotaResult:
    """Count one request against the key's quota for today (UTC)."""
    now = now or timezone.now()
    day = now.astimezone(dt.UTC).date()
    retry_after = seconds_until_utc_midnight(now)
    url = settings.REDIS_URL
    if url:
        count = BREAKER.call(
            lambda: _count_in_redis(url, api_key, day, retry_after), lambda: _count_in_database(api_key, day)
        )
    else:
        count = _count_in_database(api_key, day)
    return QuotaResult(
        allowed=count <= api_key.daily_quota, count=count, limit=api_key.daily_quota, retry_after=retry_after
    )


def usage_today(api_key: ApiKey) -> int:
    """Requests counted today, for the admin: in Redis and in the database (where
    they are counted without Redis, or while it was unreachable)."""
    day = timezone.now().astimezone(dt.UTC).date()
    url = settings.REDIS_URL
    in_redis = 0
    if url:
        value = BREAKER.call(lambda: _redis_client(url).get(_redis_name(api_key, day)), lambda: None)
        in_redis = int(value or 0)
    in_database = ApiKeyUsage.objects.filter(api_key=api_key, day=day).values_list("count", flat=True).first()
    return in_redis + (in_database or 0)
