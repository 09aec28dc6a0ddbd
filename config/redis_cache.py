"""Django's Redis cache, resilient, with one client object per pool.

Redis is a cache here, never the only home of anything (README, "Running it in
production"): when it is down, the site degrades, it does not fail.

- ``ResilientRedisCache`` (the ``default`` and ``api`` caches): short connect
  and read timeouts; a Redis connection error or timeout is a miss (``get``
  answers the default, ``add``/``touch``/``delete`` answer False, ``set`` does
  nothing, ``incr`` raises ValueError as for a missing key), logged at most once
  per ``RedisBreaker.LOG_EVERY`` seconds.
- ``RedisBreaker``: after a failure, Redis is skipped for ``PAUSE`` seconds, so a
  dead Redis costs one failed connection per pause, not a timeout per call.
  ``partners.quotas`` uses one too, falling back to the database counter.
- One client object per pool: Django's RedisCacheClient builds a new
  ``redis.Redis`` for every operation; with redis-py 8 that costs more than the
  round trip itself (it rebuilds the response callbacks table each time), which
  matters on the agenda's 304 path. Clients are thread-safe and share the pool.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Seconds; a healthy Redis answers in well under a millisecond on the same network.
CONNECT_TIMEOUT = 0.5
READ_TIMEOUT = 0.5
# What a call that cannot reach Redis raises: refused or reset connections, timeouts.
UNAVAILABLE = (redis.ConnectionError, redis.TimeoutError, OSError)


def client_options() -> dict[str, Any]:
    """Connection options for every Redis client that must fail fast: short timeouts, no retries."""
    return {
        "socket_connect_timeout": CONNECT_TIMEOUT,
        "socket_timeout": READ_TIMEOUT,
        "retry": Retry(NoBackoff(), 0),
    }


class RedisBreaker:
    """Skip Redis for ``PAUSE`` seconds after it failed; log failures at most every ``LOG_EVERY`` seconds."""

    PAUSE = 5.0
    LOG_EVERY = 60.0

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._skip_until = 0.0
        self._logged_at: float | None = None
        self._failures = 0

    def reset(self) -> None:
        """Forget past failures: ask Redis on the next call."""
        with self._lock:
            self._skip_until = 0.0

    def available(self) -> bool:
        return time.monotonic() >= self._skip_until

    def failed(self, exc: BaseException) -> None:
        now = time.monotonic()
        with self._lock:
            self._skip_until = now + self.PAUSE
            self._failures += 1
            if self._logged_at is not None and now - self._logged_at < self.LOG_EVERY:
                return
            self._logged_at, failures = now, self._failures
            self._failures = 0
        logger.warning(
            "Redis (%s) unreachable (%s failure(s) since the last report): %s; skipping it for %ss",
            self.name,
            failures,
            exc,
            self.PAUSE,
        )

    def call(self, operation: Callable[[], T], fallback: Callable[[], T]) -> T:
        """``operation()``, or ``fallback()`` when Redis is being skipped or just failed."""
        if not self.available():
            return fallback()
        try:
            return operation()
        except UNAVAILABLE as exc:
            self.failed(exc)
            return fallback()


class PooledRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class PooledRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = PooledRedisCacheClient


def _missing_key() -> int:
    raise ValueError("Key not found (the cache is unreachable)")


class ResilientRedisCache(PooledRedisCache):
    """The cache of this module's rules: a Redis that cannot be reached is a cache that has nothing."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        params = {**params, "OPTIONS": {**client_options(), **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self.breaker = RedisBreaker(f"cache {server}")

    def add(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> bool:
        return self.breaker.call(lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), bool)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self.breaker.call(lambda: super(ResilientRedisCache, self).get(key, default, version), lambda: default)

    def set(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> None:
        self.breaker.call(lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), lambda: None)

    def touch(self, key: Any, timeout: Any = None, version: int | None = None) -> bool:
        return self.breaker.call(lambda: super(ResilientRedisCache, self).touch(key, timeout, version), bool)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self.breaker.call(lambda: super(ResilientRedisCache, self).delete(key, version), bool)

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return self.breaker.call(lambda: super(ResilientRedisCache, self).get_many(keys, version), dict)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self.breaker.call(lambda: super(ResilientRedisCache, self).has_key(key, version), bool)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self.breaker.call(lambda: super(ResilientRedisCache, self).incr(key, delta, version), _missing_key)

    def set_many(self, data: dict[Any, Any], timeout: Any = None, version: int | None = None) -> list[Any]:
        return self.breaker.call(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), lambda: list(data)
        )

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self.breaker.call(lambda: super(ResilientRedisCache, self).delete_many(keys, version), lambda: None)

    def clear(self) -> bool:
        return self.breaker.call(lambda: super(ResilientRedisCache, self).clear(), bool)
