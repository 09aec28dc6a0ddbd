"""The agenda of one version in one language, cut into pre-serialised pieces, so
that any variant of the agenda endpoint (any ``expand``, any filter) and the
public agenda page are assembled without parsing the whole snapshot.

``build_index`` renders the agenda once (``agenda_render.render_agenda``, ids
only) and keeps, for each session, the few values the filters test and its JSON
cut where the variants differ: the session's own fields, its roles, and the
room, sub-forum and speakers it may inline, each serialised once. Publishing
stores the index gzipped beside the other exports (``AgendaExport.Format.INDEX``);
``assemble`` joins the pieces a request asks for — byte for byte what
``render_agenda`` would give (tested), in time linear in the agenda, with no
JSON parsing beyond the index itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson

from sessions.agenda_render import EXPANDABLE, render_agenda

INDEX_FORMAT = 1
# A session's pieces: the values the filters read, then its JSON cut in parts.
DAY, SUB_FORUM, KIND, LANGUAGE, ROOM, SPEAKERS, HEAD, ROLES = range(8)


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


def build_index(snapshot: dict[str, Any], *, version: int, published_at: str | None, language: str) -> dict[str, Any]:
    """The pieces of the agenda of ``snapshot`` in ``language`` (a plain, JSON-ready dict)."""
    body = render_agenda(snapshot, version=version, published_at=published_at, language=language, params={"expand": ()})
    sessions = []
    for s in body["sessions"]:
        roles = s.pop("speakers")
        sessions.append(
            [
                s["day"],
                s["sub_forum_id"],
                s["kind"],
                s["language"],
                s["room_id"],
                [r["speaker_id"] for r in roles],
                _json(s)[:-1],  # the session's fields, its object left open for the rest
                [_json(r)[:-1] for r in roles],  # each role, left open for its inlined speaker
            ]
        )
    return {
        "format": INDEX_FORMAT,
        "lead": _json({k: body[k] for k in ("version", "published_at", "language")})[1:-1],
        "rest": _json({k: body[k] for k in ("edition", "days", "rooms", "sub_forums")})[1:-1],
        "rooms": {str(r["id"]): _json(r) for r in body["rooms"]},
        "sub_forums": {
            str(f["id"]): _json({"id": f["id"], "slug": f["slug"], "title": f["title"], "room_id": f["room_id"]})
            for f in body["sub_forums"]
        },
        "speakers": {str(p["id"]): _json(p) for p in body["speakers"]},
        "speaker_order": [p["id"] for p in body["speakers"]],
        "sessions": sessions,
    }


def encode(index: dict[str, Any]) -> bytes:
    return orjson.dumps(index)


def decode(data: bytes | str) -> dict[str, Any]:
    return orjson.loads(data)


def selected(index: dict[str, Any], params: dict[str, Any]) -> list[list[Any]]:
    """The sessions the filters of ``params`` keep (day, sub_forum, kind, language, speaker, room)."""
    day = params.get("day")
    day = day.isoformat() if isinstance(day, dt.date) else day
    sub_forum, kind = params.get("sub_forum"), params.get("kind")
    language, speaker, room = params.get("language"), params.get("speaker"), params.get("room")
    sessions = index["sessions"]
    if not (day or sub_forum or kind or language or speaker or room):
        return sessions
    return [
        s
        for s in sessions
        if (not day or s[DAY] == day)
        and (not sub_forum or s[SUB_FORUM] == sub_forum)
        and (not kind or s[KIND] == kind)
        and (not language or s[LANGUAGE] == language)
        and (not room or s[ROOM] == room)
        and (not speaker or speaker in s[SPEAKERS])
    ]


def assemble(index: dict[str, Any], params: dict[str, Any]) -> bytes:
    """The agenda endpoint's body for ``params``, as ``render_agenda`` would serialise it."""
    expand = set(params.get("expand", EXPANDABLE))
    inline_speakers, inline_room, inline_sub_forum = (name in expand for name in EXPANDABLE)
    speakers, rooms, sub_forums = index["speakers"], index["rooms"], index["sub_forums"]
    parts = [
        "{",
        index["lead"],
        ',"expand":',
        _json([e for e in EXPANDABLE if e in expand]),
        ",",
        index["rest"],
        ',"sessions":[',
    ]
    add = parts.append
    first = True
    for s in selected(index, params):
        if not first:
            add(",")
        first = False
        add(s[HEAD])
        add(',"speakers":[')
        if inline_speakers:
            add(
                ",".join(
                    f'{role},"speaker":{speakers.get(str(speaker_id), "null")}}}'
                    for role, speaker_id in zip(s[ROLES], s[SPEAKERS], strict=True)
                )
            )
        else:
            add(",".join(role + "}" for role in s[ROLES]))
        add("]")
        if inline_room:
            add(',"room":')
            add(rooms.get(str(s[ROOM]), "null") if s[ROOM] else "null")
        if inline_sub_forum:
            add(',"sub_forum":')
            add(sub_forums.get(str(s[SUB_FORUM]), "null") if s[SUB_FORUM] else "null")
        add("}")
    add("]")
    if not inline_speakers:
        add(',"speakers":[')
        add(",".join(speakers[str(pk)] for pk in index["speaker_order"]))
        add("]")
    add("}")
    return "".join(parts).encode()
