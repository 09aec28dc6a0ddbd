"""The public agenda: the latest published version, never the draft."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from itertools import groupby
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from config.languages import normalise_language
from forums.models import Edition
from sessions import agenda_cache, agenda_reader
from sessions.exports import DOWNLOAD_FORMATS
from sessions.models import AgendaExport
from sessions.responses import CACHE_CONTROL_PUBLISHED, if_none_match, not_modified, stored_response
from sessions.selectors import latest_version
from sessions.snapshot import pick


def _agenda_context(snapshot: dict[str, Any], language: str) -> dict[str, Any]:
    """The snapshot flattened for the template, in one language, times in the edition's zone."""
    edition = snapshot["edition"]
    tz = zoneinfo.ZoneInfo(edition["time_zone"])
    rooms = {r["id"]: pick(r["name"], language) for r in snapshot["rooms"]}
    sub_forums = {f["id"]: pick(f["title"], language) for f in snapshot["sub_forums"]}
    speakers = {s["id"]: pick(s["public_line"], language) for s in snapshot["speakers"]}
    sessions = []
    for s in snapshot["sessions"]:
        start = dt.datetime.fromisoformat(s["start"]).astimezone(tz)
        sessions.append(
            {
                "id": s["id"],
                "title": pick(s["title"], language),
                "kind": s["kind"],
                "start": start,
                "end": dt.datetime.fromisoformat(s["end"]).astimezone(tz),
                "room": rooms.get(s["room"], ""),
                "sub_forum": sub_forums.get(s["sub_forum"], ""),
                "cancelled": s["cancelled"],
                "speakers": [speakers[r["speaker"]] for r in s["speakers"] if r["speaker"] in speakers],
            }
        )
    days = [(day, list(items)) for day, items in groupby(sessions, key=lambda s: s["start"].date())]
    return {
        "title": pick(edition["title"], language),
        "theme": pick(edition["theme"], language),
        "time_zone": edition["time_zone"],
        "days": days,
        "sub_forums": [{"slug": f["slug"], "title": pick(f["title"], language)} for f in snapshot["sub_forums"]],
    }


def agenda(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = get_object_or_404(Edition.objects.only("pk", "slug"), slug=edition_slug)
    version = latest_version(edition)
    if version is None:
        raise Http404("The agenda of this edition is not published yet.")
    language = translation.get_language() or "zh-hans"
    context = {"version": version, "edition_slug": edition.slug, **_agenda_context(version.snapshot, language)}
    return render(request, "sessions/agenda.html", context)


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
