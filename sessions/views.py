"""The public agenda: the latest published version, never the draft."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from itertools import groupby
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from forums.models import Edition
from sessions.exports import DOWNLOAD_FORMATS, export_body
from sessions.selectors_published import latest_version
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
    return render(request, "agenda/agenda.html", context)


def agenda_export(request: HttpRequest, edition_slug: str, fmt: str, sub_forum_slug: str = "") -> HttpResponse:
    """A stored export of the latest version, e.g. ``schedule.xml?lang=en``."""
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404("Unknown export format.")
    edition = get_object_or_404(Edition.objects.only("pk", "slug"), slug=edition_slug)
    version = latest_version(edition)
    if version is None:
        raise Http404("The agenda of this edition is not published yet.")
    language = request.GET.get("lang", "") or (translation.get_language() or "")
    if language not in ("zh-hans", "en"):
        language = ""
    body, content_type, filename = export_body(version, fmt, language=language, sub_forum_slug=sub_forum_slug)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Agenda-Version"] = str(version.number)
    return response
