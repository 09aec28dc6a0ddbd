"""Daily request quotas of partner keys, counted atomically.

With ``REDIS_URL`` set the count lives in Redis (INCR, then EXPIRE at the end
of the UTC day, in one round trip); without it, in ``ApiKeyUsage`` with a single
``INSERT … ON CONFLICT DO UPDATE SET count = count + 1 … RETURNING``. Either way
two concurrent requests can never both see the last free request.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from partners.models import ApiKey, ApiKeyUsage


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
    return redis.Redis.from_url(url)


def _count_in_redis(url: str, api_key: ApiKey, day: dt.date, ttl: int) -> int:
    # The prefix is random per key, so counters never collide across databases.
    name = f"agora:quota:{api_key.prefix}:{day.isoformat()}"
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
    count = _count_in_redis(url, api_key, day, retry_after) if url else _count_in_database(api_key, day)
    return QuotaResult(
        allowed=count <= api_key.daily_quota, count=count, limit=api_key.daily_quota, retry_after=retry_after
    )


def usage_today(api_key: ApiKey) -> int:
    """Requests counted today, for the admin."""
    day = timezone.now().astimezone(dt.UTC).date()
    url = settings.REDIS_URL
    if url:
        value = _redis_client(url).get(f"agora:quota:{api_key.prefix}:{day.isoformat()}")
        return int(value or 0)
    usage = ApiKeyUsage.objects.filter(api_key=api_key, day=day).values_list("count", flat=True).first()
    return usage or 0
