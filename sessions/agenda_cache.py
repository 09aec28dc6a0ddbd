"""The cache of the published agenda: which version an edition serves, and
rendered bodies, so that a conditional GET (If-None-Match) is answered without
any SQL query and a repeated one without rendering.

``latest:<slug>`` holds the edition id, the version number (0 for the live,
unpublished agenda) and the ETag seed. Publishing forgets it on commit
(``sessions.agenda_reader.refresh_edition``); the entry also expires on its
own, so a missed call only delays the new version by ``LATEST_TTL``. A body's
key contains its ETag, which names the version, so bodies never go stale.

Cache errors are misses: with Redis unreachable (``config.redis_cache``) a read
finds nothing and a write keeps nothing, so every request resolves the version
and renders or reads the body from the database, slower but answered.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Any, TypedDict

from django.conf import settings
from django.core.cache import BaseCache, caches


def _cache() -> BaseCache:
    return caches["api" if "api" in settings.CACHES else "default"]


LATEST_TTL = 300  # seconds a published version number is trusted without asking the database
LIVE_TTL = 30  # the live agenda changes with every edit; keep its cached copy short
BODY_TTL = 24 * 3600  # a published version's body never changes; just bound memory


class LatestVersion(TypedDict):
    edition_id: int
    version: int  # 0: no published version yet, the live agenda is served
    seed: str  # "v<number>" for a published version, "live-<content hash>" otherwise
    published_at: str | None


def _latest_key(slug: str) -> str:
    return f"api:agenda:latest:{slug}"


def _slugs_key(edition_id: int) -> str:
    return f"api:agenda:slugs:{edition_id}"


def get_latest(slug: str) -> LatestVersion | None:
    return _cache().get(_latest_key(slug))


def set_latest(slug: str, latest: LatestVersion) -> None:
    ttl = LATEST_TTL if latest["version"] else LIVE_TTL
    _cache().set_many({_latest_key(slug): latest, _slugs_key(latest["edition_id"]): slug}, ttl)


def forget_edition(edition_id: int, slug: str) -> None:
    """Forget which version the edition serves (its bodies stay: their keys name their version)."""
    _cache().delete_many([_latest_key(slug), _slugs_key(edition_id)])


def cached_slug(edition_id: int) -> str | None:
    return _cache().get(_slugs_key(edition_id))


def etag_for(seed: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join((seed, *parts)).encode()).hexdigest()[:32]
    return f'"{digest}"'


def body_key(slug: str, etag: str) -> str:
    return f"api:agenda:body:{slug}:{etag.strip(chr(34))}"


class _LocalBodies:
    """A small per-process LRU in front of the shared cache for rendered bodies.

    Safe without any invalidation: a body key contains its ETag, which names the
    version (or the live content's hash), so what a key maps to never changes.
    Saves fetching and unpickling megabytes from Redis on every cached request.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.items: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self.lock:
            item = self.items.get(key)
            if item is None:
                return None
            self.items.move_to_end(key)
            return item[0]

    def put(self, key: str, value: Any) -> None:
        size = len(value[0] if isinstance(value, tuple) else value)
        if size > self.max_bytes // 4:
            return
        with self.lock:
            if key in self.items:
                return
            self.items[key] = (value, size)
            self.size += size
            while self.size > self.max_bytes:
                _key, (_value, dropped) = self.items.popitem(last=False)
                self.size -= dropped

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.size = 0


LOCAL_BODIES = _LocalBodies(max_bytes=64 * 1024 * 1024)


def get_body(key: str) -> Any:
    body = LOCAL_BODIES.get(key)
    if body is None:
        body = _cache().get(key)
        if body is not None:
            LOCAL_BODIES.put(key, body)
    return body


def set_body(key: str, body: Any, *, live: bool) -> None:
    _cache().set(key, body, LIVE_TTL if live else BODY_TTL)
    LOCAL_BODIES.put(key, body)
