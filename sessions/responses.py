"""HTTP answers shared by the agenda's faces (the public pages and the API):
conditional GETs and bodies stored gzipped."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

from sessions import agenda_cache
from sessions.agenda_reader import gunzip

CACHE_CONTROL_PUBLISHED = "public, max-age=60, stale-while-revalidate=300"
CACHE_CONTROL_LIVE = "public, max-age=30"
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def if_none_match(request: HttpRequest, etag: str) -> bool:
    """Whether the client's If-None-Match names ``etag`` (weakly: the gzipped copy's W/ tag counts)."""
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    tags = parse_etags(header)
    return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)


def accepts_gzip(request: HttpRequest) -> bool:
    return bool(_ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def not_modified(etag: str, cache_control: str) -> HttpResponse:
    response = HttpResponse(status=304)
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response


def body_response(body: bytes, content_type: str, *, etag: str, cache_control: str, encoding: str = "") -> HttpResponse:
    """A cacheable body; a gzipped one (``encoding="gzip"``) gets a weak ETag, as Django's GZipMiddleware gives it."""
    response = HttpResponse(body, content_type=content_type)
    if encoding:
        response["Content-Encoding"] = encoding
    response["ETag"] = f"W/{etag}" if encoding else etag
    response["Cache-Control"] = cache_control
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def stored_response(
    request: HttpRequest, stored: tuple[bytes, str, str], etag: str, cache_control: str, key: str
) -> HttpResponse:
    """Serve a gzipped pre-rendered body: as stored to a client that accepts gzip,
    else decompressed (kept in the process's body cache under ``key``).

    ``stored`` is (gzipped body, content type, file name; "" for no attachment name).
    """
    gz, content_type, filename = stored
    if if_none_match(request, etag):
        return not_modified(etag, cache_control)
    if accepts_gzip(request):
        response = body_response(gz, content_type, etag=etag, cache_control=cache_control, encoding="gzip")
    else:
        plain_key = f"{key}:identity"
        body = agenda_cache.LOCAL_BODIES.get(plain_key)
        if body is None:
            body = gunzip(gz)
            agenda_cache.LOCAL_BODIES.put(plain_key, body)
        response = body_response(body, content_type, etag=etag, cache_control=cache_control)
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
