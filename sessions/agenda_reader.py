"""Reading the agenda an edition serves to the public: which version, and its
bodies, through the cache (``sessions.agenda_cache``).

The public pages and the partner API read here, never the draft being edited:
the latest published ``AgendaVersion``, or — before the first publication —
the live agenda, identified by a hash of its content. Per request:

1. ``resolve`` says which agenda a slug serves: from the cache without SQL when
   warm, else in one query (an explicit published version needs none);
2. the caller computes the ETag and answers a matching If-None-Match;
3. ``agenda_body`` / ``stored_export`` give the body: from the cache, else as
   rendered and stored at publication (gzipped, so the costly snapshot JSON is
   not read), else rendered from the snapshot and cached.

The hand-written SQL here runs on every uncached request: the ORM spent
several times longer building these queries (subqueries, a conditional cast)
than PostgreSQL running them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import orjson
from django.db import connection
from django.http import Http404
from django.utils.dateparse import parse_datetime

from config.languages import LANGUAGE_CODES
from forums.models import Edition
from forums.selectors import PUBLIC_STATUSES
from sessions import agenda_cache
from sessions.agenda_index import OlderFormatError, assemble, build_index, decode
from sessions.agenda_render import DEFAULT_FINGERPRINT, DEFAULT_PARAMS, query_fingerprint
from sessions.models import AgendaExport, AgendaVersion
from sessions.snapshot import build_agenda_snapshot


@dataclass
class Served:
    """The agenda a slug serves: a published version, or the live agenda (``version`` 0)."""

    slug: str
    version: int
    seed: str  # names the content: "v<number>", or "live-<hash>"
    edition_id: int | None = None
    published_at: str | None = None
    # The live agenda, when it had to be built to find its hash.
    snapshot: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def live(self) -> bool:
        return self.version == 0


def _public_statuses_sql() -> str:
    return ", ".join(["%s"] * len(PUBLIC_STATUSES))


def resolve(slug: str, version: int | None = None) -> Served:
    """Which agenda ``slug`` serves: ``version`` if given (no query: published
    versions never change), else the latest published one (cached), else the
    live agenda. Http404 for an unknown edition or one the public may not see."""
    if version is not None:
        return Served(slug=slug, version=version, seed=f"v{version}")
    latest = agenda_cache.get_latest(slug)
    if latest is not None:
        return Served(
            slug=slug,
            version=latest["version"],
            seed=latest["seed"],
            edition_id=latest["edition_id"],
            published_at=latest["published_at"],
        )
    # The edition (404 unless public) and its newest version, NULLs when there is none yet.
    sql = (
        "SELECT e.id, v.number, v.published_at"  # noqa: S608 - table names from the models
        f" FROM {Edition._meta.db_table} e LEFT OUTER JOIN {AgendaVersion._meta.db_table} v ON v.edition_id = e.id"
        f" WHERE e.slug = %s AND e.status IN ({_public_statuses_sql()}) ORDER BY v.number DESC LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [slug, *PUBLIC_STATUSES])
        row = cursor.fetchone()
    if row is None:
        raise Http404
    edition_id, number, published_at = row
    if not number:
        return _live(slug, edition_id)
    served = Served(
        slug=slug, version=number, seed=f"v{number}", edition_id=edition_id, published_at=_iso(published_at)
    )
    _remember(served)
    return served


def _iso(value: dt.datetime | str) -> str:
    """A timestamp read by hand-written SQL, as the ORM would give it (aware, UTC on SQLite)."""
    if isinstance(value, str):  # SQLite without the column's converter
        value = parse_datetime(value)
    if value.tzinfo is None:  # SQLite stores UTC without an offset
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def _live(slug: str, edition_id: int) -> Served:
    """Nothing published yet: the live agenda, identified by a hash of its content."""
    snapshot = build_agenda_snapshot(Edition(pk=edition_id))
    digest = hashlib.sha256(orjson.dumps(snapshot)).hexdigest()[:24]
    served = Served(slug=slug, version=0, seed=f"live-{digest}", edition_id=edition_id, snapshot=snapshot)
    _remember(served)
    return served


def _remember(served: Served) -> None:
    agenda_cache.set_latest(
        served.slug,
        {
            "edition_id": served.edition_id,
            "version": served.version,
            "seed": served.seed,
            "published_at": served.published_at,
        },
    )


def agenda_etag(served: Served, language: str, params: dict[str, Any]) -> str:
    return agenda_cache.etag_for(served.seed, language, query_fingerprint(params))


def agenda_body(
    served: Served, *, etag: str, language: str, params: dict[str, Any], gzip_ok: bool
) -> tuple[bytes, str]:
    """The agenda's JSON body as (bytes, content encoding: "gzip" or "").

    From the cache; else, for the default view of a published version, as
    stored at publication (sent gzipped to a client that accepts it); else
    assembled from the version's index (``agenda_index``) and cached.
    """
    key = agenda_cache.body_key(served.slug, etag)
    body = agenda_cache.get_body(key)
    if body is not None:
        return body, ""
    if not served.live and query_fingerprint(params) == DEFAULT_FINGERPRINT:
        gz = _load_stored(served, AgendaExport.Format.API_AGENDA, language)
        if gz is not None:
            if gzip_ok:
                return gz, "gzip"
            # Kept in this process only: the stored row is the shared copy, and
            # sending megabytes to Redis would cost more than reading it again.
            body = gunzip(gz)
            agenda_cache.LOCAL_BODIES.put(key, body)
            return body, ""
    body = assemble(agenda_index(served, language), params)
    agenda_cache.set_body(key, body, live=served.live)
    return body, ""


class _Indexes:
    """The parsed indexes of the versions in use, a few per process (immutable: keyed by their seed)."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self.items: OrderedDict[tuple[str, str, str], dict[str, Any]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[str, str, str]) -> dict[str, Any] | None:
        with self.lock:
            index = self.items.get(key)
            if index is not None:
                self.items.move_to_end(key)
            return index

    def put(self, key: tuple[str, str, str], index: dict[str, Any]) -> None:
        with self.lock:
            self.items[key] = index
            while len(self.items) > self.keep:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


INDEXES = _Indexes(keep=8)


def agenda_index(served: Served, language: str) -> dict[str, Any]:
    """The agenda ``served`` in ``language`` cut into pieces (``sessions.agenda_index``):
    held by the process, else as stored at publication (one query, no snapshot read),
    else built from the snapshot (the live agenda; versions published before indexes)."""
    key = (served.slug, served.seed, language)
    index = INDEXES.get(key)
    if index is not None:
        return index
    if served.live:
        snapshot = served.snapshot if served.snapshot is not None else _live(served.slug, served.edition_id).snapshot
        index = build_index(snapshot, version=0, published_at=None, language=language)
    else:
        gz = _load_stored(served, AgendaExport.Format.INDEX, language)
        index = None
        if gz is not None:
            with contextlib.suppress(OlderFormatError):
                index = decode(gunzip(gz))
        if index is None:  # none stored, or stored in an older form
            snapshot = _load_snapshot(served)
            index = build_index(snapshot, version=served.version, published_at=served.published_at, language=language)
    INDEXES.put(key, index)
    return index


def _version_row(served: Served, export_format: str, language: str, *, snapshot: bool) -> tuple[Any, ...]:
    params = [export_format, language, served.slug, *PUBLIC_STATUSES, served.version]
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(snapshot), params)
        row = cursor.fetchone()
    if row is None:
        raise Http404
    served.edition_id, published_at = row[0], row[1]
    served.published_at = _iso(published_at)
    return row


def _load_stored(served: Served, export_format: str, language: str) -> bytes | None:
    """A published version's stored body (gzipped) of ``export_format`` in ``language``,
    None if there is none; one query, which also fills in the version's edition and
    publication time. Http404 for a version or edition the public may not see."""
    stored = _version_row(served, export_format, language, snapshot=False)[2]
    return bytes(stored) if stored is not None else None


def _load_snapshot(served: Served) -> dict[str, Any]:
    text = _version_row(served, AgendaExport.Format.INDEX, "", snapshot=True)[3]
    return orjson.loads(text) if isinstance(text, str) else text


@cache
def _version_sql(snapshot: bool) -> str:
    # The snapshot is read as text and parsed with orjson (several times faster
    # than the JSONField decoder), and only when asked for.
    return (
        "SELECT v.edition_id, v.published_at, x.body,"  # noqa: S608 - names from models
        + (" CAST(v.snapshot AS TEXT)" if snapshot else " NULL")
        + f" FROM {AgendaVersion._meta.db_table} v"
        f" INNER JOIN {Edition._meta.db_table} e ON e.id = v.edition_id"
        f" LEFT OUTER JOIN {AgendaExport._meta.db_table} x"
        " ON x.version_id = v.id AND x.format = %s AND x.language = %s AND x.sub_forum_slug = ''"
        f" WHERE e.slug = %s AND e.status IN ({_public_statuses_sql()}) AND v.number = %s"
    )


def stored_export(
    served: Served, export_format: str, *, language: str, sub_forum: str = ""
) -> tuple[bytes, str, str] | None:
    """(gzipped body, content type, file name) of a published version's export, cached; None when there is none."""
    etag = export_etag(served, export_format, language, sub_forum)
    key = agenda_cache.body_key(served.slug, etag)
    stored = agenda_cache.get_body(key)
    if stored is None:
        with connection.cursor() as cursor:
            cursor.execute(
                _export_sql(), [served.slug, *PUBLIC_STATUSES, served.version, export_format, language, sub_forum]
            )
            row = cursor.fetchone()
        if row is None:
            return None
        stored = (bytes(row[0]), row[1], row[2])
        agenda_cache.set_body(key, stored, live=False)
    return stored


def export_etag(served: Served, export_format: str, language: str, sub_forum: str) -> str:
    return agenda_cache.etag_for(served.seed, "export", export_format, language, sub_forum)


@cache
def _export_sql() -> str:
    quote = connection.ops.quote_name

    def col(model: type, name: str) -> str:
        return quote(model._meta.get_field(name).column)

    export, version, edition = (quote(m._meta.db_table) for m in (AgendaExport, AgendaVersion, Edition))
    body, content_type, filename = (col(AgendaExport, name) for name in ("body", "content_type", "filename"))
    wanted = " AND ".join(f"x.{col(AgendaExport, name)} = %s" for name in ("format", "language", "sub_forum_slug"))
    # Only quoted table and column names are interpolated; the values are parameters.
    return (
        f"SELECT x.{body}, x.{content_type}, x.{filename} FROM {export} x "  # noqa: S608
        f"JOIN {version} v ON v.id = x.{col(AgendaExport, 'version')} "
        f"JOIN {edition} e ON e.id = v.{col(AgendaVersion, 'edition')} "
        f"WHERE e.{col(Edition, 'slug')} = %s AND e.{col(Edition, 'status')} IN ({_public_statuses_sql()}) "
        f"AND v.{col(AgendaVersion, 'number')} = %s AND {wanted} LIMIT 1"
    )


def gunzip(data: bytes) -> bytes:
    """gzip.decompress without its header parsing in Python: about 12 % faster on a megabyte body."""
    return zlib.decompress(data, wbits=16 + zlib.MAX_WBITS)


def refresh_edition(edition_id: int, *, warm: bool = True) -> None:
    """After a publication commits: forget which version the edition serves and,
    with ``warm``, put the new version's default agenda in every language into
    the cache, so partner sites never meet the cold path."""
    slug = agenda_cache.cached_slug(edition_id)
    if slug is None:
        # Nothing cached under the id; the slug may still be (the entry outlived its pointer).
        slug = Edition.objects.filter(pk=edition_id).values_list("slug", flat=True).first()
    if not slug:
        return
    agenda_cache.forget_edition(edition_id, slug)
    if warm:
        with contextlib.suppress(Http404):  # a draft edition: nothing public to warm
            _warm(slug)


def _warm(slug: str) -> None:
    served = resolve(slug)
    for language in LANGUAGE_CODES:
        etag = agenda_etag(served, language, DEFAULT_PARAMS)
        body, encoding = agenda_body(served, etag=etag, language=language, params=DEFAULT_PARAMS, gzip_ok=False)
        if not served.live and encoding == "":
            agenda_cache.set_body(agenda_cache.body_key(slug, etag), body, live=False)
