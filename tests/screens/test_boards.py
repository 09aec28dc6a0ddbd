"""Now and next from a snapshot, at chosen instants (no database, no clock)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from screens.boards import build_index, lobby_board, lobby_moment, room_board, room_moment

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2030, 7, day, hour, minute, tzinfo=TZ)


def session(n: int, start: dt.datetime, minutes: int, *, room: int = 1, cancelled: bool = False) -> dict:
    return {
        "id": n, "guid": f"g{n}", "title": {"zh-hans": f"报告{n}", "en": ""}, "kind": "talk",
        "start": start.isoformat(), "end": (start + dt.timedelta(minutes=minutes)).isoformat(),
        "room": room, "sub_forum": None, "speakers": [], "cancelled": cancelled,
    }  # fmt: skip


def snapshot(*sessions: dict) -> dict:
    return {
        "edition": {"slug": "e", "title": {"zh-hans": "论坛", "en": "Forum"}, "time_zone": "Asia/Shanghai"},
        "rooms": [
            {"id": 1, "name": {"zh-hans": "甲厅", "en": "Hall A"}},
            {"id": 2, "name": {"zh-hans": "", "en": "B"}},
        ],
        "sub_forums": [],
        "speakers": [],
        "sessions": list(sessions),
    }


def guids(board: dict, key: str) -> str | None:
    return board[key]["guid"] if board[key] else None


def test_a_long_session_stays_now_over_a_cancelled_one_inside_it() -> None:
    index = build_index(
        snapshot(session(1, at(6, 9), 180), session(2, at(6, 10), 30, cancelled=True), session(3, at(6, 13), 30)),
        version=1,
    )
    board = room_board(index, 1, at(6, 10, 15))
    assert (guids(board, "now"), guids(board, "next")) == ("g1", "g3")
    assert board["today"] == "2030-07-06"


def test_between_sessions_and_after_the_last() -> None:
    index = build_index(snapshot(session(1, at(6, 9), 30), session(2, at(6, 11), 30)), version=1)
    assert (guids(room_board(index, 1, at(6, 10)), "now"), guids(room_board(index, 1, at(6, 10)), "next")) == (
        None,
        "g2",
    )
    late = room_board(index, 1, at(6, 18))
    assert (late["now"], late["next"], late["later"]) == (None, None, [])


def test_later_lists_the_next_sessions_day_only_and_titles_fall_back() -> None:
    index = build_index(
        snapshot(
            session(1, at(6, 9), 30), session(2, at(7, 9), 30), session(3, at(7, 10), 30), session(4, at(8, 9), 30)
        ),
        version=3,
    )
    board = room_board(index, 1, at(6, 20))
    assert guids(board, "next") == "g2"
    assert [s["guid"] for s in board["later"]] == ["g3"]  # not the 8th
    assert board["next"]["title"] == {"zh-hans": "报告2", "en": "报告2"}
    assert board["version"] == 3


def test_lobby_lists_every_room_even_an_empty_one_and_moments_name_boards() -> None:
    index = build_index(snapshot(session(1, at(6, 9), 60), session(2, at(6, 9), 60, room=2)), version=1)
    board = lobby_board(index, at(6, 9, 30))
    # In the snapshot's order of rooms (the project's: their own order, then name).
    assert [(r["name"]["en"], guids(r, "now")) for r in board["rooms"]] == [("Hall A", "g1"), ("B", "g2")]
    assert board["rooms"][1]["name"]["zh-hans"] == "B"  # an empty name falls back to the other language
    assert lobby_moment(index, at(6, 9, 30)) == lobby_moment(index, at(6, 9, 50))
    assert lobby_moment(index, at(6, 9, 30)) != lobby_moment(index, at(6, 10, 30))
    assert room_moment(index, 3, at(6, 9)) is None
    assert room_board(index, 3, at(6, 9)) is None
