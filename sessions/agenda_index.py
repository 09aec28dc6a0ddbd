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

INDEX_FORMAT = 2
# A session's pieces: the values the filters read, then where its JSON parts are in the blob.
DAY, SUB_FORUM, KIND, LANGUAGE, ROOM, SPEAKERS, HEAD, ROLES = range(8)


class _Blob:
    """Appends UTF-8 fragments to one buffer and says where each one is ([offset, length])."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, value: Any, *, strip: slice = slice(None)) -> list[int]:
        data = orjson.dumps(value)[strip]
        self.parts.append(data)
        self.size += len(data)
        return [self.size - len(data), len(data)]


def build_index(snapshot: dict[str, Any], *, version: int, published_at: str | None, language: str) -> dict[str, Any]:
    """The pieces of the agenda of ``snapshot`` in ``language``, ready for ``assemble``."""
    return decode(encode_snapshot(snapshot, version=version, published_at=published_at, language=language))


def encode_snapshot(snapshot: dict[str, Any], *, version: int, published_at: str | None, language: str) -> bytes:
    """The stored form of the index: a small JSON header (what the filters read, and
    where each piece is), a newline, then every piece's JSON text end to end (UTF-8).
    Reading it parses the header only; the pieces are joined as they are."""
    body = render_agenda(snapshot, version=version, published_at=published_at, language=language, params={"expand": ()})
    blob = _Blob()
    open_object, inner = slice(None, -1), slice(1, -1)
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
                blob.add(s, strip=open_object),  # the session's fields, its object left open for the rest
                [blob.add(r, strip=open_object) for r in roles],  # each role, left open for its inlined speaker
            ]
        )
    header = {
        "format": INDEX_FORMAT,
        "lead": blob.add({k: body[k] for k in ("version", "published_at", "language")}, strip=inner),
        "rest": blob.add({k: body[k] for k in ("edition", "days", "rooms", "sub_forums")}, strip=inner),
        "rooms": [[r["id"], *blob.add(r)] for r in body["rooms"]],
        "sub_forums": [
            [f["id"], *blob.add({"id": f["id"], "slug": f["slug"], "title": f["title"], "room_id": f["room_id"]})]
            for f in body["sub_forums"]
        ],
        "speakers": [[p["id"], *blob.add(p)] for p in body["speakers"]],
        "sessions": sessions,
    }
    return orjson.dumps(header) + b"\n" + b"".join(blob.parts)


def decode(data: bytes) -> dict[str, Any]:
    """The index as ``assemble`` and the page read it: the header parsed, the pieces
    left in ``data`` (a piece is cut out only when it is used: ``piece``).

    Where a piece is, is kept as plain numbers (``ref``), never as a view of the
    bytes: a view is an object the garbage collector scans, and an index of 5,000
    sessions held 100,000 of them while a body was assembled, which made every
    request of that size pay for a full collection."""
    cut = data.index(b"\n")
    index = orjson.loads(data[:cut])
    index["data"], index["base"] = data, cut + 1
    index["lead"], index["rest"] = (piece(index, ref) for ref in (index["lead"], index["rest"]))
    index["speaker_order"] = [pk for pk, _o, _n in index["speakers"]]
    for name in ("rooms", "sub_forums", "speakers"):
        # A dictionary of numbers only is left alone by the garbage collector.
        index[name] = {pk: offset << 32 | length for pk, offset, length in index[name]}
    return index


def piece(index: dict[str, Any], ref: list[int] | int) -> bytes:
    """The piece at ``ref`` ([offset, length], or ``offset << 32 | length`` for the
    rooms, sub-forums and speakers), e.g. a session's ``HEAD`` or one of its ``ROLES``."""
    offset, length = (ref >> 32, ref & 0xFFFFFFFF) if isinstance(ref, int) else ref
    start = index["base"] + offset
    return index["data"][start : start + length]


def parse(piece: bytes, *, before: bytes = b"", after: bytes = b"") -> Any:
    """A piece as Python values; ``before``/``after`` complete a piece cut open."""
    return orjson.loads(b"".join((before, piece, after)) if before or after else piece)


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


NULL = b"null"


def assemble(index: dict[str, Any], params: dict[str, Any]) -> bytes:
    """The agenda endpoint's body for ``params``, as ``render_agenda`` would serialise it.

    Written into one buffer as the pieces are cut out (each cut is freed at once):
    holding them all until a final join kept as many objects alive as the agenda has pieces."""
    expand = set(params.get("expand", EXPANDABLE))
    inline_speakers, inline_room, inline_sub_forum = (name in expand for name in EXPANDABLE)
    speakers, rooms, sub_forums = index["speakers"], index["rooms"], index["sub_forums"]
    data, base = index["data"], index["base"]
    mask = 0xFFFFFFFF

    def named(table: dict[int, int], pk: int | None) -> bytes:
        ref = table.get(pk) if pk else None
        if ref is None:
            return NULL
        start = base + (ref >> 32)
        return data[start : start + (ref & mask)]

    out = bytearray(b"{")
    out += index["lead"]
    out += b',"expand":'
    out += orjson.dumps([e for e in EXPANDABLE if e in expand])
    out += b","
    out += index["rest"]
    out += b',"sessions":['
    first = True
    for s in selected(index, params):
        if not first:
            out += b","
        first = False
        offset, length = s[HEAD]
        start = base + offset
        out += data[start : start + length]
        out += b',"speakers":['
        for position, (offset, length) in enumerate(s[ROLES]):
            if position:
                out += b","
            start = base + offset
            out += data[start : start + length]
            if inline_speakers:
                out += b',"speaker":'
                out += named(speakers, s[SPEAKERS][position])
            out += b"}"
        if inline_room:
            out += b'],"room":'
            out += named(rooms, s[ROOM])
        else:
            out += b"]"
        if inline_sub_forum:
            out += b',"sub_forum":'
            out += named(sub_forums, s[SUB_FORUM])
        out += b"}"
    out += b"]"
    if not inline_speakers:
        out += b',"speakers":['
        for position, pk in enumerate(index["speaker_order"]):
            if position:
                out += b","
            out += named(speakers, pk)
        out += b"]"
    out += b"}"
    return bytes(out)
