"""The timetable as a grid: days by rooms, 5-minute rows, each session a block placed by
grid lines (the page and its print view draw it with CSS grid; the script moves blocks
by the same numbers).

A session in a room is a block in that room's column. A session without a room is
either *spanning* — a plenary session or a break, drawn across every room — or, in a
sub-forum, *not placed yet*: it waits in the tray. Sessions overlapping in one column
(a clash left from before, a cancelled session) share it side by side in lanes.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field

from forums.models import Room, SubForum

SLOT_MINUTES = 5
DAY_FROM, DAY_UNTIL = 8 * 60, 18 * 60  # the hours always shown, so there is room to drag into
PALETTE_SIZE = 12  # colours of sub-forums (timetable.css: .tt-c0 … .tt-c11)
SPANNING_KINDS = frozenset({"break", "group_photo"})


@dataclass
class Item:
    """One session as the grid needs it, from the live agenda or a published snapshot."""

    id: int
    title: str
    kind: str
    kind_label: str
    start: dt.datetime
    end: dt.datetime
    room_id: int | None
    sub_forum_id: int | None
    cancelled: bool = False
    speakers: str = ""
    editable: bool = False
    changes: tuple[str, ...] = ()
    colour: int | None = None  # the palette index of its sub-forum (build_grid sets it)

    @property
    def spanning(self) -> bool:
        return self.room_id is None and (self.sub_forum_id is None or self.kind in SPANNING_KINDS)


@dataclass
class Block:
    item: Item
    start: dt.datetime  # local
    end: dt.datetime
    column: int  # first grid column line (1 is the time axis)
    column_end: int
    row: int  # first grid row line (1 is the room headers)
    row_end: int
    lane: int = 0
    lanes: int = 1
    colour: int | None = None


@dataclass
class Day:
    date: dt.date
    first_minute: int
    last_minute: int
    blocks: list[Block] = field(default_factory=list)
    html: str = ""  # drawn by workspace.timetable.html

    @property
    def rows(self) -> int:
        return (self.last_minute - self.first_minute) // SLOT_MINUTES

    @property
    def hours(self) -> list[tuple[int, str]]:
        """(grid row, "09:00") for each full hour of the day's span."""
        first_hour = -(-self.first_minute // 60)
        return [
            (2 + (hour * 60 - self.first_minute) // SLOT_MINUTES, f"{hour:02d}:00")
            for hour in range(first_hour, self.last_minute // 60 + (self.last_minute % 60 > 0))
            if hour * 60 < self.last_minute
        ]


@dataclass
class Grid:
    rooms: list[Room]
    days: list[Day]
    tray: list[Item]
    colours: dict[int, int]  # sub-forum id → palette index
    sub_forums: list[SubForum]

    @property
    def block_count(self) -> int:
        return sum(len(day.blocks) for day in self.days)


def _minutes(moment: dt.datetime) -> int:
    return moment.hour * 60 + moment.minute


def _floor(minute: int, step: int) -> int:
    return minute - minute % step


def _ceil(minute: int, step: int) -> int:
    return -(-minute // step) * step


def _assign_lanes(blocks: list[Block]) -> None:
    """Blocks of one column that overlap sit side by side: each cluster of overlaps shares its lanes."""
    blocks.sort(key=lambda b: (b.row, b.row_end, b.item.id))
    cluster: list[Block] = []
    cluster_end = 0
    for block in [*blocks, None]:
        if block is None or block.row >= cluster_end:
            lanes_end: list[int] = []
            for member in cluster:
                lane = next((i for i, end in enumerate(lanes_end) if end <= member.row), len(lanes_end))
                if lane == len(lanes_end):
                    lanes_end.append(member.row_end)
                else:
                    lanes_end[lane] = member.row_end
                member.lane = lane
            for member in cluster:
                member.lanes = len(lanes_end)
            cluster, cluster_end = [], 0
        if block is not None:
            cluster.append(block)
            cluster_end = max(cluster_end, block.row_end)


def build_grid(
    *,
    items: Iterable[Item],
    rooms: list[Room],
    sub_forums: list[SubForum],
    tz: zoneinfo.ZoneInfo,
    edition_start: dt.datetime,
    edition_end: dt.datetime,
) -> Grid:
    """Lay ``items`` out over the edition's days (and any other day a session falls on) and ``rooms``."""
    colours = {sub_forum.pk: index % PALETTE_SIZE for index, sub_forum in enumerate(sub_forums)}
    columns = {room.pk: 2 + index for index, room in enumerate(rooms)}
    last_column = 2 + len(rooms)
    first_day, last_day = edition_start.astimezone(tz).date(), edition_end.astimezone(tz).date()
    placed: dict[dt.date, list[tuple[Item, dt.datetime, dt.datetime]]] = {}
    day = first_day
    while day <= last_day:
        placed[day] = []
        day += dt.timedelta(days=1)
    tray: list[Item] = []
    for item in items:
        item.colour = colours.get(item.sub_forum_id) if item.sub_forum_id else None
        if item.room_id is None and not item.spanning:
            tray.append(item)
            continue
        start, end = item.start.astimezone(tz), item.end.astimezone(tz)
        day_end = dt.datetime.combine(start.date() + dt.timedelta(days=1), dt.time(), tzinfo=tz)
        placed.setdefault(start.date(), []).append((item, start, min(end, day_end)))
    days = []
    for date in sorted(placed):
        entries = placed[date]
        first = min([DAY_FROM, *(_floor(_minutes(start), 60) for _i, start, _e in entries)])
        last = max([DAY_UNTIL, *(_ceil(_minutes(end) or 24 * 60, 60) for _i, _s, end in entries)])
        day = Day(date=date, first_minute=first, last_minute=min(last, 24 * 60))
        by_column: dict[int, list[Block]] = {}
        for item, start, end in entries:
            start_minute = _floor(_minutes(start), SLOT_MINUTES)
            end_minute = _ceil(_minutes(end) or 24 * 60, SLOT_MINUTES) if end.date() == date else 24 * 60
            column = 2 if item.spanning else columns.get(item.room_id, 2)
            block = Block(
                item=item,
                start=start,
                end=end,
                column=column,
                column_end=last_column if item.spanning else column + 1,
                row=2 + (start_minute - first) // SLOT_MINUTES,
                row_end=2 + (max(end_minute, start_minute + SLOT_MINUTES) - first) // SLOT_MINUTES,
                colour=item.colour,
            )
            day.blocks.append(block)
            if not item.spanning:
                by_column.setdefault(column, []).append(block)
        for blocks in by_column.values():
            _assign_lanes(blocks)
        day.blocks.sort(key=lambda b: (b.row, b.column, b.item.id))
        days.append(day)
    tray.sort(key=lambda item: (item.start, item.id))
    return Grid(rooms=rooms, days=days, tray=tray, colours=colours, sub_forums=sub_forums)
