"""The public agenda: the latest published version, never the draft."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import cache
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe

from config.languages import normalise_language
from sessions import agenda_cache, agenda_reader
from sessions.agenda_index import count, head, parse
from sessions.exports import DOWNLOAD_FORMATS
from sessions.exports.ical import session_uid, single_event_calendar
from sessions.models import AgendaExport
from sessions.responses import CACHE_CONTROL_PUBLISHED, if_none_match, not_modified, stored_response
from sessions.views.agenda_page import Filters, build_content, default_day, page_meta, read_filters

# Names the page's HTML: change it when the cards or the template change, so that
# content cached by an older release is not served.
PAGE_FORMAT = "agenda-page-2"
# Where the content goes in the page's frame. The frame is rendered per request (it
# holds the visitor's CSRF token); the content, cached as UTF-8, is joined in as it is.
CONTENT_MARK = "<!--agenda-content-->"
# The page holds the visitor's CSRF token (its language switch): kept by the browser
# only, and asked about again each time (a 304 while the published version stands).
PAGE_CACHE_CONTROL = "private, no-cache"
PAGE_ASSETS = ("agora/site.css", "agora/favicon.svg", "sessions/agenda.css", "sessions/agenda.js")


def _page_key(served: agenda_reader.Served, *parts: str) -> str:
    return agenda_cache.body_key(served.slug, agenda_cache.etag_for(served.seed, PAGE_FORMAT, *parts))


def _meta(served: agenda_reader.Served, language: str) -> dict[str, Any]:
    key = _page_key(served, "meta")
    meta = agenda_cache.get_body(key)
    if meta is None:
        meta = page_meta(agenda_reader.agenda_index(served, language))
        agenda_cache.set_body(key, meta, live=False)
    return meta


@cache
def _assets() -> str:
    """The page's static files as it names them (hashed in production): a release that changes them changes the ETag."""
    return " ".join(static(name) for name in PAGE_ASSETS)


def page_etag(request: HttpRequest, served: agenda_reader.Served, language: str, filters: Filters) -> str:
    """The page's ETag: the published version, the language and the filters (the day included: a
    URL without one shows today's), the release's static files, and the visitor's CSRF token, which
    the page embeds (a browser whose token changed gets the page again, with its new token).

    No Last-Modified: without a day the page changes at midnight while the version stands, and it
    changes with the visitor's token; a date would answer If-Modified-Since wrongly in both cases."""
    token = request.META.get("CSRF_COOKIE") or ""
    return agenda_cache.etag_for(served.seed, PAGE_FORMAT, _assets(), language, filters.fingerprint(), token)


def _page_headers(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = PAGE_CACHE_CONTROL
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def agenda(request: HttpRequest, edition_slug: str) -> HttpResponse:
    """The published agenda, a day at a time, filtered as the query says.

    A browser asking again with the page's ETag while the published version
    stands is answered 304 (no query when the version is cached). The content
    is cached per version, language and filters: an unchanged version costs a
    cache read and the page frame; else one query for the version's index
    (``agenda_reader.agenda_index``) and the cards of one day.
    """
    served = agenda_reader.resolve(edition_slug)
    if served.live:
        raise Http404("The agenda of this edition is not published yet.")
    language = translation.get_language() or settings.LANGUAGE_CODE
    filters = read_filters(request.GET)
    if not filters.day:
        filters = replace(filters, day=default_day(_meta(served, language), timezone.now()))
    etag = page_etag(request, served, language, filters)
    if if_none_match(request, etag):
        return _page_headers(HttpResponse(status=304), etag)
    key = _page_key(served, language, filters.fingerprint())
    cached = agenda_cache.get_body(key)
    if cached is None:
        index = agenda_reader.agenda_index(served, language)
        context = build_content(index, filters, edition_slug=edition_slug)
        lead = parse(index["lead"], before=b"{", after=b"}")
        context.update(
            edition_slug=edition_slug,
            version=lead["version"],
            published_at=dt.datetime.fromisoformat(lead["published_at"]) if lead["published_at"] else None,
        )
        cached = (render_to_string("sessions/_agenda_content.html", context).encode(), context["title"])
        agenda_cache.set_body(key, cached, live=False)
    content, title = cached
    frame = render_to_string(
        "sessions/agenda.html",
        {"content": mark_safe(CONTENT_MARK), "title": title},  # noqa: S308 - a constant; the content is escaped where written
        request=request,
    )
    head, tail = frame.split(CONTENT_MARK, 1)
    response = HttpResponse(b"".join((head.encode(), content, tail.encode())))
    # Named again: rendering the language switch may have issued the visitor's first CSRF token.
    return _page_headers(response, page_etag(request, served, language, filters))


def session_calendar(request: HttpRequest, edition_slug: str, session_id: int) -> HttpResponse:
    """One session of the published agenda as an iCalendar file: the very event of
    the edition's calendar export (same UID), so adding both never makes a double."""
    served = agenda_reader.resolve(edition_slug)
    if served.live:
        raise Http404("The agenda of this edition is not published yet.")
    language = translation.get_language() or settings.LANGUAGE_CODE
    index = agenda_reader.agenda_index(served, language)
    prefix = f'{{"id":{session_id},'.encode()
    found = next((i for i in range(count(index)) if head(index, i).startswith(prefix)), None)
    stored = agenda_reader.stored_export(served, AgendaExport.Format.ICAL, language=language)
    if found is None or stored is None:
        raise Http404("No such session in the published agenda.")
    guid = parse(head(index, found), after=b"}")["guid"]
    calendar = single_event_calendar(agenda_reader.gunzip(stored[0]).decode(), session_uid(guid))
    if calendar is None:
        raise Http404("No such session in the published agenda.")
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{session_id}.ics"'
    response["Cache-Control"] = CACHE_CONTROL_PUBLISHED
    return response


def agenda_export(request: HttpRequest, edition_slug: str, fmt: str, sub_forum_slug: str = "") -> HttpResponse:
    """A stored export of the latest version, e.g. ``schedule.xml?lang=en``: the API's stored copy, sent alike."""
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404("Unknown export format.")
    served = agenda_reader.resolve(edition_slug)
    if served.live:
        raise Http404("The agenda of this edition is not published yet.")
    language = (
        ""
        if fmt == AgendaExport.Format.JSON
        else (normalise_language(request.GET.get("lang")) or translation.get_language() or settings.LANGUAGE_CODE)
    )
    etag = agenda_reader.export_etag(served, fmt, language, sub_forum_slug)
    if if_none_match(request, etag):
        return not_modified(etag, CACHE_CONTROL_PUBLISHED)
    stored = agenda_reader.stored_export(served, fmt, language=language, sub_forum=sub_forum_slug)
    if stored is None:
        raise Http404("No such export for this agenda version.")
    response = stored_response(
        request, stored, etag, CACHE_CONTROL_PUBLISHED, agenda_cache.body_key(edition_slug, etag)
    )
    response["X-Agenda-Version"] = str(served.version)
    return response
