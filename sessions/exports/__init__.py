"""Exports of a published agenda version, rendered once at publish time and stored.

``render_exports`` builds every export of a version; the public pages and the
API serve them as stored (``sessions.agenda_reader.stored_export``).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings

from config.languages import LANGUAGE_CODES
from sessions.agenda_index import assemble, decode, encode_snapshot
from sessions.agenda_render import DEFAULT_PARAMS
from sessions.exports.frab import build_schedule, render_schedule_json, render_schedule_xml
from sessions.exports.ical import CalendarWriter
from sessions.models import AgendaExport, AgendaVersion
from sessions.snapshot import pick

CONTENT_TYPES = {
    AgendaExport.Format.JSON: "application/json; charset=utf-8",
    AgendaExport.Format.ICAL: "text/calendar; charset=utf-8",
    AgendaExport.Format.FRAB_JSON: "application/json; charset=utf-8",
    AgendaExport.Format.FRAB_XML: "application/xml; charset=utf-8",
    AgendaExport.Format.API_AGENDA: "application/json",
    AgendaExport.Format.INDEX: "application/json",
}
# What the public pages and the API offer as files; API_AGENDA and INDEX serve the agenda endpoint and page.
DOWNLOAD_FORMATS = [
    f for f in AgendaExport.Format.values if f not in (AgendaExport.Format.API_AGENDA, AgendaExport.Format.INDEX)
]


def _export(version: AgendaVersion, fmt: str, body: str, filename: str, language: str = "", sub_forum: str = ""):
    return AgendaExport(
        version=version,
        format=fmt,
        language=language,
        sub_forum_slug=sub_forum,
        content_type=CONTENT_TYPES[fmt],
        filename=filename,
        body=body,
    )


def render_json(version: AgendaVersion) -> str:
    document: dict[str, Any] = {
        "version": version.number,
        "published_at": version.published_at.isoformat(),
        "note": version.note,
        "changelog": version.changelog,
        "agenda": version.snapshot,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def render_api_agenda(index: dict[str, Any]) -> str:
    """The partner API's default agenda body, byte for byte what ``render_agenda`` gives
    (assembled from the version's index), so an uncached request reads it as stored."""
    return assemble(index, DEFAULT_PARAMS).decode()


def render_exports(version: AgendaVersion) -> list[AgendaExport]:
    """Render and store every export of ``version`` (JSON; iCalendar for the
    edition and each sub-forum; frab JSON and XML; the API's agenda body and the
    agenda index), in each language."""
    snapshot = version.snapshot
    slug = snapshot["edition"]["slug"]
    base_url = settings.SITE_URL
    stamp = version.published_at
    exports = [_export(version, AgendaExport.Format.JSON, render_json(version), f"{slug}-v{version.number}.json")]
    by_sub_forum: dict[int | None, list[dict[str, Any]]] = {}
    for session in snapshot["sessions"]:
        by_sub_forum.setdefault(session["sub_forum"], []).append(session)
    for language in LANGUAGE_CODES:
        writer = CalendarWriter(snapshot, language=language, stamp=stamp)
        ics = writer.calendar()
        exports.append(_export(version, AgendaExport.Format.ICAL, ics, f"{slug}.{language}.ics", language))
        for sub_forum in snapshot["sub_forums"]:
            body = writer.calendar(
                by_sub_forum.get(sub_forum["id"], []),
                name=f"{pick(snapshot['edition']['title'], language)} · {pick(sub_forum['title'], language)}",
            )
            exports.append(
                _export(
                    version,
                    AgendaExport.Format.ICAL,
                    body,
                    f"{slug}.{sub_forum['slug']}.{language}.ics",
                    language,
                    sub_forum["slug"],
                )
            )
        schedule = build_schedule(snapshot, language=language, version=version.number, base_url=base_url)
        exports.append(
            _export(version, AgendaExport.Format.FRAB_JSON, render_schedule_json(schedule), "schedule.json", language)
        )
        exports.append(
            _export(version, AgendaExport.Format.FRAB_XML, render_schedule_xml(schedule), "schedule.xml", language)
        )
        stored_index = encode_snapshot(
            snapshot, version=version.number, published_at=version.published_at.isoformat(), language=language
        )
        api_agenda = render_api_agenda(decode(stored_index))
        exports.append(_export(version, AgendaExport.Format.API_AGENDA, api_agenda, "", language))
        exports.append(_export(version, AgendaExport.Format.INDEX, stored_index.decode(), "", language))
    # One INSERT each rather than bulk_create: PostgreSQL's bulk path sends the
    # values as arrays, and escaping megabytes of JSON/XML quotes element by
    # element costs more than a few dozen round trips.
    for export in exports:
        export.save(force_insert=True)
    return exports
