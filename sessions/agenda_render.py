"""The agenda of an edition as partner sites and the public pages render it,
built from a snapshot (a published ``AgendaVersion``, or the live agenda before
the first publication) in one language.

Sessions come with their speakers, room and sub-forum inlined; ``expand``
chooses which of these are inlined (the ids are always there), and the
top-level ``rooms``/``sub_forums``/``speakers`` tables let a client resolve
the ids of what it did not expand. The API documents this body in
``sessions.api.agenda`` and validates its query there.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings

from config.languages import LANGUAGE_CODES

EXPANDABLE = ("speakers", "room", "sub_forum")
# The query every default request makes: all three inlined, nothing filtered.
DEFAULT_PARAMS: dict[str, Any] = {"expand": EXPANDABLE}


def query_fingerprint(params: dict[str, Any]) -> str:
    """Validated query parameters in a fixed order: part of the ETag and cache key."""
    return "&".join(f"{k}={','.join(v) if isinstance(v, tuple) else v}" for k, v in sorted(params.items()))


DEFAULT_FINGERPRINT = query_fingerprint(DEFAULT_PARAMS)


def _absolute(url: str | None) -> str | None:
    if url and url.startswith("/"):
        return f"{settings.SITE_URL}{url}"
    return url


def render_agenda(
    snapshot: dict[str, Any], *, version: int, published_at: str | None, language: str, params: dict[str, Any]
) -> dict[str, Any]:
    expand = set(params.get("expand", EXPANDABLE))
    others = [code for code in LANGUAGE_CODES if code != language]

    def pick(values: dict[str, str], _language: str) -> str:
        # sessions.snapshot.pick, specialised for this render: it runs ~200,000 times for 1,000 sessions.
        value = values.get(language)
        if value:
            return value
        for code in others:
            value = values.get(code)
            if value:
                return value
        return ""

    edition = snapshot["edition"]
    tz = zoneinfo.ZoneInfo(edition["time_zone"])
    forum = edition["forum"]
    venue = edition["venue"]
    rooms = {
        r["id"]: {"id": r["id"], "name": pick(r["name"], language), "capacity": r["capacity"]}
        for r in snapshot["rooms"]
    }
    sub_forums = {
        f["id"]: {
            "id": f["id"],
            "slug": f["slug"],
            "title": pick(f["title"], language),
            "theme": pick(f["theme"], language),
            "description": pick(f["description"], language),
            "room_id": f["room"],
            "start": f["start"],
            "end": f["end"],
            "capacity": f["capacity"],
            "hosts": [{"id": h["id"], "name": pick(h["name"], language)} for h in f["hosts"]],
        }
        for f in snapshot["sub_forums"]
    }
    # Inlined in each session: what a programme line shows; the full record is in `sub_forums`.
    sub_forum_refs = {
        f["id"]: {"id": f["id"], "slug": f["slug"], "title": f["title"], "room_id": f["room_id"]}
        for f in sub_forums.values()
    }
    speakers = {
        s["id"]: {
            "id": s["id"],
            "slug": s["slug"],
            "name": pick(s["name"], language),
            "honour": s["honour"],
            "honorific": pick(s["honorific"], language),
            "position": pick(s["position"], language),
            "affiliation": pick(s["affiliation"], language),
            "biography": pick(s["biography"], language),
            "public_line": pick(s["public_line"], language),
            "photo": _absolute(s["photo"]),
            "website": s["website"],
        }
        for s in snapshot["speakers"]
    }

    day = params.get("day")
    day = day.isoformat() if isinstance(day, dt.date) else None
    wanted_sub_forum, wanted_kind = params.get("sub_forum"), params.get("kind")
    wanted_speaker, wanted_language = params.get("speaker"), params.get("language")
    wanted_room = params.get("room")
    days: set[str] = set()
    sessions = []
    for s in snapshot["sessions"]:
        session_day = dt.datetime.fromisoformat(s["start"]).astimezone(tz).date().isoformat()
        days.add(session_day)
        if (
            (day and session_day != day)
            or (wanted_sub_forum and s["sub_forum"] != wanted_sub_forum)
            or (wanted_kind and s["kind"] != wanted_kind)
            or (wanted_language and s["language"] != wanted_language)
            or (wanted_room and s["room"] != wanted_room)
            or (wanted_speaker and all(r["speaker"] != wanted_speaker for r in s["speakers"]))
        ):
            continue
        roles = []
        for r in s["speakers"]:
            role = {"speaker_id": r["speaker"], "role": r["role"], "order": r["order"]}
            if "speakers" in expand:
                role["speaker"] = speakers.get(r["speaker"])
            roles.append(role)
        item = {
            "id": s["id"],
            "guid": s["guid"],
            "title": pick(s["title"], language),
            "kind": s["kind"],
            "day": session_day,
            "start": s["start"],
            "end": s["end"],
            "room_id": s["room"],
            "sub_forum_id": s["sub_forum"],
            "abstract": pick(s["abstract"], language),
            "language": s["language"],
            "cancelled": s["cancelled"],
            "updated_at": s["updated_at"],
            "speakers": roles,
        }
        if "room" in expand:
            item["room"] = rooms.get(s["room"]) if s["room"] else None
        if "sub_forum" in expand:
            item["sub_forum"] = sub_forum_refs.get(s["sub_forum"]) if s["sub_forum"] else None
        sessions.append(item)

    body: dict[str, Any] = {
        "version": version,
        "published_at": published_at,
        "language": language,
        "expand": [e for e in EXPANDABLE if e in expand],
        "edition": {
            "id": edition["id"],
            "slug": edition["slug"],
            "forum": {"id": forum["id"], "slug": forum["slug"], "name": pick(forum["name"], language)},
            "number": edition["number"],
            "year": edition["year"],
            "title": pick(edition["title"], language),
            "theme": pick(edition["theme"], language),
            "host_city": pick(edition["host_city"], language),
            "time_zone": edition["time_zone"],
            "start": edition["start"],
            "end": edition["end"],
            "venue": (
                {"id": venue["id"], "name": pick(venue["name"], language), "city": pick(venue["city"], language)}
                if venue
                else None
            ),
        },
        "days": sorted(days),
        "rooms": list(rooms.values()),
        "sub_forums": list(sub_forums.values()),
        "sessions": sessions,
    }
    if "speakers" not in expand:
        body["speakers"] = list(speakers.values())
    return body
