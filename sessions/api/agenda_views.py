"""The agenda endpoint: cached per published version, conditional GETs without SQL.

Per request: validate the query (no SQL), read which version the edition
serves from the cache (no SQL when warm), answer a matching If-None-Match with
304 at once, else serve the rendered body from the cache, else render it from
the version's snapshot (two queries) and cache it.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from typing import Any

import orjson
from django.http import Http404, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.views import APIView

from forums.enums import EditionStatus
from forums.models import Edition
from partners.api import cache as agenda_cache
from partners.api.base import ApiViewMixin
from sessions.api.agenda import (
    DEFAULT_FINGERPRINT,
    AgendaQuerySerializer,
    AgendaSerializer,
    parse_agenda_query,
    query_fingerprint,
    render_agenda,
)
from sessions.models import AgendaExport, AgendaVersion
from sessions.snapshot import build_agenda_snapshot

CACHE_CONTROL_PUBLISHED = "public, max-age=60, stale-while-revalidate=300"
CACHE_CONTROL_LIVE = "public, max-age=30"


def _dumps(body: dict[str, Any]) -> bytes:
    return orjson.dumps(body)


def _snapshot(value: Any) -> dict[str, Any]:
    # Read as text and parsed with orjson: several times faster than the JSONField decoder.
    return orjson.loads(value) if isinstance(value, str) else value


def load_latest(slug: str) -> tuple[agenda_cache.LatestVersion, dict[str, Any] | None]:
    """Which version ``slug`` serves (cached; else one query), and the live snapshot
    when nothing is published yet (its hash names the live agenda)."""
    latest = agenda_cache.get_latest(slug)
    if latest is not None:
        return latest, None
    # The edition (404 unless public) and its newest version, NULLs when there is none yet.
    sql = (
        "SELECT v.id, e.id AS edition_id, v.number, v.published_at"  # noqa: S608 - table names from the models
        f" FROM {Edition._meta.db_table} e LEFT OUTER JOIN {AgendaVersion._meta.db_table} v ON v.edition_id = e.id"
        " WHERE e.slug = %s AND e.status <> %s ORDER BY v.number DESC LIMIT 1"
    )
    row = next(iter(AgendaVersion.objects.raw(sql, [slug, EditionStatus.DRAFT])), None)
    if row is None:
        raise Http404
    if not row.number:
        return load_live(slug, row.edition_id)
    latest = {
        "edition_id": row.edition_id,
        "version": row.number,
        "seed": f"v{row.number}",
        "published_at": row.published_at.isoformat(),
    }
    agenda_cache.set_latest(slug, latest)
    return latest, None


def load_live(slug: str, edition_id: int) -> tuple[agenda_cache.LatestVersion, dict[str, Any]]:
    """Nothing published yet: the live agenda, identified by a hash of its content."""
    snapshot = build_agenda_snapshot(Edition(pk=edition_id))
    digest = hashlib.sha256(_dumps(snapshot)).hexdigest()[:24]
    latest: agenda_cache.LatestVersion = {
        "edition_id": edition_id,
        "version": 0,
        "seed": f"live-{digest}",
        "published_at": None,
    }
    agenda_cache.set_latest(slug, latest)
    return latest, snapshot


def _version_sql() -> str:
    # Raw SQL here and in load_latest: the ORM spent several times longer building these
    # queries (subqueries, a conditional cast) than PostgreSQL running them (7 ms vs 1.5 ms
    # on a loaded 2-core machine), on every uncached request.
    return (
        "SELECT v.id, v.edition_id, v.number, v.published_at, x.body AS stored,"  # noqa: S608 - names from models
        " CASE WHEN x.body IS NULL THEN CAST(v.snapshot AS TEXT) END AS text"
        f" FROM {AgendaVersion._meta.db_table} v"
        f" INNER JOIN {Edition._meta.db_table} e ON e.id = v.edition_id"
        f" LEFT OUTER JOIN {AgendaExport._meta.db_table} x"
        " ON x.version_id = v.id AND x.format = %s AND x.language = %s AND x.sub_forum_slug = ''"
        " WHERE e.slug = %s AND e.status <> %s AND v.number = %s"
    )


def load_version(
    slug: str, number: int, *, stored_language: str = ""
) -> tuple[agenda_cache.LatestVersion, dict[str, Any] | None, bytes | None]:
    """A published version of a public edition, in one query: (latest, snapshot, None),
    or (latest, None, gzipped body) when its default agenda in ``stored_language`` was
    rendered at publish time; the costly snapshot JSON is only read when there is none.
    """
    params = [AgendaExport.Format.API_AGENDA, stored_language, slug, EditionStatus.DRAFT, number]
    version = next(iter(AgendaVersion.objects.raw(_version_sql(), params)), None)
    if version is None:
        raise Http404
    latest: agenda_cache.LatestVersion = {
        "edition_id": version.edition_id,
        "version": version.number,
        "seed": f"v{version.number}",
        "published_at": version.published_at.isoformat(),
    }
    if version.stored is not None:
        return latest, None, bytes(version.stored)
    return latest, _snapshot(version.text), None


def if_none_match(request: Request, etag: str) -> bool:
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    tags = parse_etags(header)
    return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)


_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def accepts_gzip(request: Request) -> bool:
    return bool(_ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def gunzip(data: bytes) -> bytes:
    """gzip.decompress without its header parsing in Python: about 12 % faster on a megabyte body."""
    return zlib.decompress(data, wbits=16 + zlib.MAX_WBITS)


def send_gzipped(
    request: Request, stored: tuple[bytes, str, str], etag: str, cache_control: str, key: str = ""
) -> HttpResponse:
    """Serve a gzipped pre-rendered body: as stored to a client that accepts gzip,
    else decompressed (kept in the process's body cache under ``key``).

    ``stored`` is (gzipped body, content type, file name; "" for no attachment name).
    The gzipped representation's ETag is weak, as Django's GZipMiddleware makes it.
    """
    gz, content_type, filename = stored
    encode = accepts_gzip(request)
    if if_none_match(request, etag):
        response = HttpResponse(status=304)
    elif encode:
        response = HttpResponse(gz, content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        plain_key = f"{key}:identity"
        body = agenda_cache.LOCAL_BODIES.get(plain_key) if key else None
        if body is None:
            body = gunzip(gz)
            if key:
                agenda_cache.LOCAL_BODIES.put(plain_key, body)
        response = HttpResponse(body, content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = f"W/{etag}" if encode else etag
    response["Cache-Control"] = cache_control
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


class AgendaView(ApiViewMixin, APIView):
    """The whole agenda of an edition, nested for rendering."""

    @extend_schema(
        summary="The agenda of an edition",
        description="The latest published version of the agenda (the live agenda, `version: 0`, until the first "
        "publication), with sessions' speakers, room and sub-forum inlined as `expand` says. Sends `ETag` and "
        "`Cache-Control`; a matching `If-None-Match` is answered with 304.",
        tags=["agenda"],
        parameters=[
            AgendaQuerySerializer,
            OpenApiParameter("If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False),
        ],
        responses={200: AgendaSerializer, 304: OpenApiResponse(description="Not modified")},
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        params = parse_agenda_query(request.query_params)
        number = params.pop("version", None)
        fingerprint = query_fingerprint(params)
        snapshot = None
        if number is None:
            latest, snapshot = load_latest(slug)
            seed, live = latest["seed"], not latest["version"]
        else:
            # Published versions never change, so their ETag is known before any query.
            latest, seed, live = None, f"v{number}", False
        etag = agenda_cache.etag_for(seed, self.language, fingerprint)
        key = agenda_cache.body_key(slug, etag)
        if latest is not None and if_none_match(request, etag):
            return self._not_modified(etag, live)  # from the cache alone: no body, no SQL
        if snapshot is None:
            body = agenda_cache.get_body(key)
            if body is not None:
                if if_none_match(request, etag):
                    return self._not_modified(etag, live)
                return self._ok(body, etag, live)
            if number is not None or latest["version"]:
                stored_language = self.language if fingerprint == DEFAULT_FINGERPRINT else ""
                latest, snapshot, gz = load_version(slug, number or latest["version"], stored_language=stored_language)
                if gz is not None:  # rendered at publish time: no snapshot to read and parse
                    if if_none_match(request, etag):
                        return self._not_modified(etag, live)
                    if accepts_gzip(request):
                        response = self._ok(gz, f"W/{etag}", live)
                        response["Content-Encoding"] = "gzip"
                        return response
                    # Kept in this process only: the stored row is the shared copy, and
                    # sending megabytes to Redis would cost more than reading it again.
                    body = gunzip(gz)
                    agenda_cache.LOCAL_BODIES.put(key, body)
                    return self._ok(body, etag, live)
            else:
                latest, snapshot = load_live(slug, latest["edition_id"])
                etag = agenda_cache.etag_for(latest["seed"], self.language, fingerprint)
                key = agenda_cache.body_key(slug, etag)
        if if_none_match(request, etag):
            return self._not_modified(etag, live)
        body = _dumps(
            render_agenda(
                snapshot,
                version=latest["version"],
                published_at=latest["published_at"],
                language=self.language,
                params=params,
            )
        )
        agenda_cache.set_body(key, body, live=live)
        return self._ok(body, etag, live)

    def _ok(self, body: bytes, etag: str, live: bool) -> HttpResponse:
        response = HttpResponse(body, content_type="application/json")
        patch_vary_headers(response, ("Accept-Encoding",))
        response["ETag"] = etag
        response["Cache-Control"] = CACHE_CONTROL_LIVE if live else CACHE_CONTROL_PUBLISHED
        return response

    def _not_modified(self, etag: str, live: bool) -> HttpResponse:
        response = HttpResponse(status=304)
        response["ETag"] = etag
        response["Cache-Control"] = CACHE_CONTROL_LIVE if live else CACHE_CONTROL_PUBLISHED
        return response


def warm_agenda(slug: str) -> int:
    """Render the agenda's default view in every language into the cache; returns the version.

    Called right after a publication (``partners.api.cache.invalidate_edition``) so partner
    sites never meet the cold path, which reads and parses the whole snapshot.
    """
    from sessions.snapshot import LANGUAGE_CODES

    latest, snapshot = load_latest(slug)
    live = not latest["version"]
    params = parse_agenda_query({})
    for language in LANGUAGE_CODES:
        key = agenda_cache.body_key(slug, agenda_cache.etag_for(latest["seed"], language, DEFAULT_FINGERPRINT))
        if not live:
            latest, snapshot, gz = load_version(slug, latest["version"], stored_language=language)
            if gz is not None:
                agenda_cache.set_body(key, gunzip(gz), live=False)
                continue
        elif snapshot is None:
            latest, snapshot = load_live(slug, latest["edition_id"])
        body = render_agenda(
            snapshot, version=latest["version"], published_at=latest["published_at"], language=language, params=params
        )
        agenda_cache.set_body(key, _dumps(body), live=live)
    return latest["version"]
