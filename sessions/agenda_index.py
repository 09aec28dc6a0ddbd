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

INDEX_FORMAT = 3
# The header's columns, one value per session in agenda order: what the filters read.
DAY, SUB_FORUM, KIND, LANGUAGE, ROOM = "day", "sub_forum", "kind", "language", "room"
COLUMNS = (DAY, SUB_FORUM, KIND, LANGUAGE, ROOM)


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
    Reading it parses the header only; the pieces are joined as they are.

    The header is columns of plain values (a list per field, not a list per session):
    parsed, it is a dozen objects for the garbage collector to scan however large the
    agenda, where a list per session made an uncached request at 5,000 sessions pay
    for full collections."""
    body = render_agenda(snapshot, version=version, published_at=published_at, language=language, params={"expand": ()})
    blob = _Blob()
    open_object, inner = slice(None, -1), slice(1, -1)
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    heads: list[int] = []
    role_start, roles = [0], []
    for s in body["sessions"]:
        session_roles = s.pop("speakers")
        for name, field in zip(COLUMNS, ("day", "sub_forum_id", "kind", "language", "room_id"), strict=True):
            columns[name].append(s[field])
        heads.extend(blob.add(s, strip=open_object))  # the session's fields, its object left open for the rest
        for r in session_roles:  # each role, left open for its inlined speaker
            roles.extend((r["speaker_id"], *blob.add(r, strip=open_object)))
        role_start.append(len(roles) // 3)

    def table(rows: list[dict[str, Any]]) -> list[int]:
        return [value for row in rows for value in (row["id"], *blob.add(row))]

    header = {
        "format": INDEX_FORMAT,
        "lead": blob.add({k: body[k] for k in ("version", "published_at", "language")}, strip=inner),
        "rest": blob.add({k: body[k] for k in ("edition", "days", "rooms", "sub_forums")}, strip=inner),
        "rooms": table(body["rooms"]),
        "sub_forums": table([{k: f[k] for k in ("id", "slug", "title", "room_id")} for f in body["sub_forums"]]),
        "speakers": table(body["speakers"]),
        **columns,
        "heads": heads,  # offset, length per session
        "role_start": role_start,  # session i's roles are role_start[i] to role_start[i + 1]
        "roles": roles,  # speaker id, offset, length per role
    }
    return orjson.dumps(header) + b"\n" + b"".join(blob.parts)


class OlderFormatError(ValueError):
    """An index stored by an older release, in another form: build it again from the snapshot."""


def decode(data: bytes) -> dict[str, Any]:
    """The index as ``assemble`` and the page read it: the header parsed, the pieces
    left in ``data`` (a piece is cut out only when it is used). ``OlderFormatError`` for an
    index stored in another form.

    Where a piece is, is kept as plain numbers, never as a view of the bytes: a view
    is an object the garbage collector scans, and an index of 5,000 sessions held
    100,000 of them while a body was assembled."""
    cut = data.index(b"\n")
    index = orjson.loads(data[:cut])
    if index.get("format") != INDEX_FORMAT:
        raise OlderFormatError(index.get("format"))
    index["data"], index["base"] = data, cut + 1
    index["lead"], index["rest"] = (_cut(index, *ref) for ref in (index["lead"], index["rest"]))
    index["speaker_order"] = index["speakers"][0::3]
    for name in ("rooms", "sub_forums", "speakers"):
        flat = index[name]
        # A dictionary of numbers only is left alone by the garbage collector.
        index[name] = {flat[i]: flat[i + 1] << 32 | flat[i + 2] for i in range(0, len(flat), 3)}
    return index


def _cut(index: dict[str, Any], offset: int, length: int) -> bytes:
    start = index["base"] + offset
    return index["data"][start : start + length]


def count(index: dict[str, Any]) -> int:
    """How many sessions the agenda has (positions ``0`` to ``count - 1``, in agenda order)."""
    return len(index[DAY])


def head(index: dict[str, Any], position: int) -> bytes:
    """The session's own fields as JSON, its object left open (``parse(..., after=b"}")``)."""
    return _cut(index, index["heads"][2 * position], index["heads"][2 * position + 1])


def roles(index: dict[str, Any], position: int) -> list[tuple[int, bytes]]:
    """The session's roles in order: (speaker id, the role as JSON left open for its inlined speaker)."""
    flat = index["roles"]
    return [
        (flat[3 * r], _cut(index, flat[3 * r + 1], flat[3 * r + 2]))
        for r in range(index["role_start"][position], index["role_start"][position + 1])
    ]


def entry(index: dict[str, Any], table: str, pk: int | None) -> bytes | None:
    """A room, sub-forum or speaker (``table``) as JSON; None for one the agenda does not have."""
    ref = index[table].get(pk) if pk else None
    return None if ref is None else _cut(index, ref >> 32, ref & 0xFFFFFFFF)


def parse(piece: bytes, *, before: bytes = b"", after: bytes = b"") -> Any:
    """A piece as Python values; ``before``/``after`` complete a piece cut open."""
    return orjson.loads(b"".join((before, piece, after)) if before or after else piece)


def selected(index: dict[str, Any], params: dict[str, Any]) -> range | list[int]:
    """The positions of the sessions the filters of ``params`` keep (day, sub_forum, kind, language, speaker, room)."""
    day = params.get("day")
    day = day.isoformat() if isinstance(day, dt.date) else day
    wanted = [
        (index[name], value)
        for name, value in (
            (DAY, day),
            (SUB_FORUM, params.get("sub_forum")),
            (KIND, params.get("kind")),
            (LANGUAGE, params.get("language")),
            (ROOM, params.get("room")),
        )
        if value
    ]
    positions: range | list[int] = range(count(index))
    for column, value in wanted:
        positions = [i for i in positions if column[i] == value]
    speaker = params.get("speaker")
    if speaker:
        flat, start = index["roles"], index["role_start"]
        positions = [i for i in positions if any(flat[3 * r] == speaker for r in range(start[i], start[i + 1]))]
    return positions


NULL = b"null"


def assemble(index: dict[str, Any], params: dict[str, Any]) -> bytes:
    """The agenda endpoint's body for ``params``, as ``render_agenda`` would serialise it.

    Written into one buffer as the pieces are cut out (each cut is freed at once):
    holding them all until a final join kept as many objects alive as the agenda has pieces."""
    expand = set(params.get("expand", EXPANDABLE))
    inline_speakers, inline_room, inline_sub_forum = (name in expand for name in EXPANDABLE)
    data, base = index["data"], index["base"]
    heads, role_start, flat = index["heads"], index["role_start"], index["roles"]
    room_ids, sub_forum_ids = index[ROOM], index[SUB_FORUM]
    # Where each room, sub-forum and speaker is, or NULL: looked up inline, once per use.
    speakers, rooms, sub_forums = index["speakers"], index["rooms"], index["sub_forums"]
    mask = 0xFFFFFFFF

    out = bytearray(b"{")
    out += index["lead"]
    out += b',"expand":'
    out += orjson.dumps([e for e in EXPANDABLE if e in expand])
    out += b","
    out += index["rest"]
    out += b',"sessions":['
    first = True
    for i in selected(index, params):
        if not first:
            out += b","
        first = False
        start = base + heads[2 * i]
        out += data[start : start + heads[2 * i + 1]]
        out += b',"speakers":['
        for r in range(role_start[i], role_start[i + 1]):
            if r > role_start[i]:
                out += b","
            start = base + flat[3 * r + 1]
            out += data[start : start + flat[3 * r + 2]]
            if inline_speakers:
                out += b',"speaker":'
                ref = speakers.get(flat[3 * r])
                start = base + (ref >> 32) if ref is not None else 0
                out += NULL if ref is None else data[start : start + (ref & mask)]
            out += b"}"
        if inline_room:
            out += b'],"room":'
            ref = rooms.get(room_ids[i]) if room_ids[i] else None
            start = base + (ref >> 32) if ref is not None else 0
            out += NULL if ref is None else data[start : start + (ref & mask)]
        else:
            out += b"]"
        if inline_sub_forum:
            out += b',"sub_forum":'
            ref = sub_forums.get(sub_forum_ids[i]) if sub_forum_ids[i] else None
            start = base + (ref >> 32) if ref is not None else 0
            out += NULL if ref is None else data[start : start + (ref & mask)]
        out += b"}"
    out += b"]"
    if not inline_speakers:
        out += b',"speakers":['
        for position, pk in enumerate(index["speaker_order"]):
            if position:
                out += b","
            out += entry(index, "speakers", pk) or NULL
        out += b"]"
    out += b"}"
    return bytes(out)
