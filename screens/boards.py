"""What the venue screens show, from a published agenda snapshot.

``build_index`` turns a snapshot into the rooms' programmes (once per published
version: it is the costly part); ``room_board`` and ``lobby_board`` then say,
for one instant, what is on now and what comes next, in a few microseconds per
room (a binary search over the room's start times); equal moments give equal
boards, so a screen asking again is answered without rendering. Texts are kept in every
language: the screens are bilingual.
"""

from __future__ import annotations

import bisect
import datetime as dt
import zoneinfo
from typing import Any

from django.utils import translation

from config.languages import LANGUAGE_CODES
from sessions.enums import SessionKind
from sessions.snapshot import pick

LATER_TODAY = 4  # sessions listed after "next" on a room's screen


def _kind_labels() -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            for kind in SessionKind:
                labels.setdefault(kind.value, {})[code] = str(kind.label)
    return labels


def _all_languages(values: dict[str, str]) -> dict[str, str]:
    """Every language filled in, falling back as ``pick`` does."""
    return {code: pick(values, code) for code in LANGUAGE_CODES}


def build_index(snapshot: dict[str, Any], *, version: int) -> dict[str, Any]:
    """The snapshot's rooms, in its order, with their sessions in start order, compact and bilingual.

    Only sessions that have a room are shown on a screen; cancelled ones stay,
    marked, so a screen can say a talk is off.
    """
    edition = snapshot["edition"]
    tz = zoneinfo.ZoneInfo(edition["time_zone"])
    kinds = _kind_labels()
    sub_forums = {f["id"]: _all_languages(f["title"]) for f in snapshot["sub_forums"]}
    speakers = {s["id"]: _all_languages(s["public_line"]) for s in snapshot["speakers"]}
    times: dict[str, tuple[str, str, float]] = {}  # parallel sessions share their times: convert each once

    def local(value: str) -> tuple[str, str, float]:
        found = times.get(value)
        if found is None:
            moment = dt.datetime.fromisoformat(value).astimezone(tz)
            found = times[value] = (moment.isoformat(), moment.date().isoformat(), moment.timestamp())
        return found

    by_room: dict[int, list[dict[str, Any]]] = {}
    for s in snapshot["sessions"]:
        if s["room"] is None:
            continue
        start, day, start_ts = local(s["start"])
        end, _day, end_ts = local(s["end"])
        kind = kinds.get(s["kind"]) or dict.fromkeys(LANGUAGE_CODES, s["kind"])
        by_room.setdefault(s["room"], []).append(
            {
                "guid": s["guid"],
                "title": _all_languages(s["title"]),
                "kind": kind,
                "start": start,
                "end": end,
                "day": day,
                "sub_forum": sub_forums.get(s["sub_forum"]),
                "speakers": [speakers[r["speaker"]] for r in s["speakers"] if r["speaker"] in speakers],
                "cancelled": s["cancelled"],
                "_start": start_ts,
                "_end": end_ts,
            }
        )
    rooms = []
    for room in snapshot["rooms"]:  # in the project's order of rooms (``forums.models.ROOM_ORDERING``)
        sessions = sorted(by_room.get(room["id"], []), key=lambda s: (s["_start"], s["guid"]))
        reach, furthest = [], float("-inf")
        for s in sessions:  # the latest end among the sessions up to each one
            furthest = max(furthest, s["_end"])
            reach.append(furthest)
        rooms.append(
            {
                "id": room["id"],
                "name": _all_languages(room["name"]),
                "sessions": sessions,
                "starts": [s["_start"] for s in sessions],
                "reach": reach,
            }
        )
    return {
        "version": version,
        "edition": {"slug": edition["slug"], "title": _all_languages(edition["title"]), "time_zone": tz.key},
        "rooms": rooms,
    }


def _public(session: dict[str, Any] | None) -> dict[str, Any] | None:
    if session is None:
        return None
    return {k: v for k, v in session.items() if not k.startswith("_")}


def _positions(room: dict[str, Any], at: float) -> tuple[int, int]:
    """Where ``at`` falls in the room's programme: the position of the session
    running (-1 between sessions; a cancelled one never runs) and of the next
    one not cancelled (the number of sessions when there is none)."""
    sessions, reach = room["sessions"], room["reach"]
    started = bisect.bisect_right(room["starts"], at)
    now = -1
    i = started - 1
    while i >= 0 and reach[i] > at:  # only sessions whose run may still cover ``at``
        s = sessions[i]
        if s["_end"] > at and not s["cancelled"]:
            now = i
            break
        i -= 1
    following = next((i for i in range(started, len(sessions)) if not sessions[i]["cancelled"]), len(sessions))
    return now, following


def _today(index: dict[str, Any], at: dt.datetime) -> str:
    return at.astimezone(zoneinfo.ZoneInfo(index["edition"]["time_zone"])).date().isoformat()


def _room(index: dict[str, Any], room_id: int) -> dict[str, Any] | None:
    return next((r for r in index["rooms"] if r["id"] == room_id), None)


def _at(room: dict[str, Any], position: int) -> dict[str, Any] | None:
    return _public(room["sessions"][position]) if 0 <= position < len(room["sessions"]) else None


# A moment names what a board shows: equal moments, equal boards. A screen asking
# again is answered by comparing moments (a few binary searches), not boards.
RoomMoment = tuple[int, str, int, int]  # room id, today, now's and next's positions
LobbyMoment = tuple[str, tuple[tuple[int, int], ...]]  # today, every room's positions


def room_moment(index: dict[str, Any], room_id: int, at: dt.datetime) -> RoomMoment | None:
    """What the room's screen shows at ``at``; None for a room the agenda does not use."""
    room = _room(index, room_id)
    if room is None:
        return None
    return (room_id, _today(index, at), *_positions(room, at.timestamp()))


def render_room(index: dict[str, Any], moment: RoomMoment) -> dict[str, Any]:
    """Now, next and the rest of the next one's day for one room."""
    room_id, today, now, following = moment
    room = _room(index, room_id)
    sessions = room["sessions"]
    day = sessions[following]["day"] if following < len(sessions) else today
    later = [s for s in sessions[following + 1 : following + 1 + LATER_TODAY] if s["day"] == day]
    return {
        "version": index["version"],
        "today": today,
        "room": {"id": room["id"], "name": room["name"]},
        "now": _at(room, now),
        "next": _at(room, following),
        "later": [_public(s) for s in later],
    }


def lobby_moment(index: dict[str, Any], at: dt.datetime) -> LobbyMoment:
    instant = at.timestamp()
    return _today(index, at), tuple(_positions(room, instant) for room in index["rooms"])


def render_lobby(index: dict[str, Any], moment: LobbyMoment) -> dict[str, Any]:
    """Every room's now and next."""
    today, positions = moment
    rooms = [
        {"id": room["id"], "name": room["name"], "now": _at(room, now), "next": _at(room, following)}
        for room, (now, following) in zip(index["rooms"], positions, strict=True)
    ]
    return {"version": index["version"], "today": today, "rooms": rooms}


def room_board(index: dict[str, Any], room_id: int, at: dt.datetime) -> dict[str, Any] | None:
    """The room's board at ``at``; None for a room the agenda does not use."""
    moment = room_moment(index, room_id, at)
    return None if moment is None else render_room(index, moment)


def lobby_board(index: dict[str, Any], at: dt.datetime) -> dict[str, Any]:
    return render_lobby(index, lobby_moment(index, at))
