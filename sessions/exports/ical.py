"""iCalendar exports from an agenda snapshot: times in the edition's time zone
with its VTIMEZONE, one VEVENT per session (cancelled ones marked so).

VEVENTs are written directly (RFC 5545 escaping and 75-octet folding) and each is
rendered once per language, then shared by the edition's calendar, the
sub-forum calendars and every attendee's reminder attachment: the icalendar
library needs ~2 ms per event, which for a 1,000-session agenda rendered into
dozens of calendars would cost seconds. The VTIMEZONE still comes from the
icalendar library (computed once per zone), and the tests parse every export
back with it.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable
from typing import Any

import icalendar

from sessions.snapshot import pick

PRODID = "-//Agora//Agenda//EN"
_FIXED_STAMP = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def session_uid(guid: str) -> str:
    """A session's UID in every calendar the system writes (exports, tickets, reminders,
    personal feeds), so a calendar that imports two of them shows the session once."""
    return f"{guid}@agora"


def sub_forum_uid(edition_slug: str, sub_forum_slug: str) -> str:
    return f"sub-forum-{edition_slug}-{sub_forum_slug}@agora"


def personal_sessions(
    snapshot: dict[str, Any], sub_forum_ids: Iterable[int], *, starred: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """An attendee's own programme: the plenary sessions, those of the sub-forums
    they have a place in, and any they starred (by GUID); cancelled ones left out;
    in start order."""
    chosen, stars = set(sub_forum_ids), set(starred)
    sessions = [
        s
        for s in snapshot["sessions"]
        if not s["cancelled"] and (s["sub_forum"] is None or s["sub_forum"] in chosen or s["guid"] in stars)
    ]
    sessions.sort(key=lambda s: (s["start"], s["id"]))
    return sessions


@functools.lru_cache(maxsize=64)
def _vtimezone(name: str, first_year: int, last_year: int) -> str:
    """The VTIMEZONE block for the edition's years (computing one takes ~40 ms)."""
    component = icalendar.Timezone.from_tzinfo(
        zoneinfo.ZoneInfo(name), first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year + 1, 1, 1)
    )
    return component.to_ical().decode()


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    data = line.encode()
    if len(data) <= 75:
        return line + "\r\n"
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: step back to the character's start
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, 74  # continuation lines start with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode() + "\r\n"


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


class CalendarWriter:
    """Writes calendars of one snapshot in one language, each VEVENT rendered once."""

    def __init__(self, snapshot: dict[str, Any], *, language: str, stamp: dt.datetime | None = None) -> None:
        edition = snapshot["edition"]
        self.snapshot, self.language = snapshot, language
        self.tz_name = edition["time_zone"]
        self.tz = zoneinfo.ZoneInfo(self.tz_name)
        self.rooms = {r["id"]: pick(r["name"], language) for r in snapshot["rooms"]}
        self.sub_forums = {f["id"]: pick(f["title"], language) for f in snapshot["sub_forums"]}
        self.speakers = {s["id"]: pick(s["public_line"], language) for s in snapshot["speakers"]}
        self.stamp = _utc(stamp or _FIXED_STAMP)
        year = dt.datetime.fromisoformat(edition["start"]).astimezone(self.tz).year
        self.vtimezone = _vtimezone(self.tz_name, year - 1, year + 1)
        self.title = pick(edition["title"], language)
        self._events: dict[int, str] = {}

    def _local(self, value: str) -> str:
        return dt.datetime.fromisoformat(value).astimezone(self.tz).strftime("%Y%m%dT%H%M%S")

    def event(self, session: dict[str, Any]) -> str:
        cached = self._events.get(session["id"])
        if cached is not None:
            return cached
        lines = [
            "BEGIN:VEVENT",
            f"UID:{session_uid(session['guid'])}",
            f"DTSTAMP:{self.stamp}",
            f"DTSTART;TZID={self.tz_name}:{self._local(session['start'])}",
            f"DTEND;TZID={self.tz_name}:{self._local(session['end'])}",
            f"SUMMARY:{escape_text(pick(session['title'], self.language))}",
        ]
        room = self.rooms.get(session["room"])
        if room:
            lines.append(f"LOCATION:{escape_text(room)}")
        sub_forum = self.sub_forums.get(session["sub_forum"])
        if sub_forum:
            lines.append(f"CATEGORIES:{escape_text(sub_forum)}")
        speakers = [self.speakers[r["speaker"]] for r in session["speakers"] if r["speaker"] in self.speakers]
        description = "\n".join([*speakers, pick(session["abstract"], self.language)]).strip()
        if description:
            lines.append(f"DESCRIPTION:{escape_text(description)}")
        lines.append(f"STATUS:{'CANCELLED' if session['cancelled'] else 'CONFIRMED'}")
        lines.append("END:VEVENT")
        text = "".join(fold(line) for line in lines)
        self._events[session["id"]] = text
        return text

    def sub_forum_event(self, sub_forum: dict[str, Any]) -> str:
        """A sub-forum as one event, for a personal calendar whose sub-forum has no sessions yet."""
        lines = [
            "BEGIN:VEVENT",
            f"UID:{sub_forum_uid(self.snapshot['edition']['slug'], sub_forum['slug'])}",
            f"DTSTAMP:{self.stamp}",
            f"DTSTART;TZID={self.tz_name}:{self._local(sub_forum['start'])}",
            f"DTEND;TZID={self.tz_name}:{self._local(sub_forum['end'])}",
            f"SUMMARY:{escape_text(pick(sub_forum['title'], self.language))}",
        ]
        room = self.rooms.get(sub_forum["room"])
        if room:
            lines.append(f"LOCATION:{escape_text(room)}")
        lines += ["STATUS:CONFIRMED", "END:VEVENT"]
        return "".join(fold(line) for line in lines)

    def personal_calendar(self, sub_forum_ids: Iterable[int], *, starred: Iterable[str] = ()) -> str:
        """An attendee's own calendar (``personal_sessions``); a chosen sub-forum whose
        programme is not out yet appears as one event of its own."""
        chosen = set(sub_forum_ids)
        sessions = personal_sessions(self.snapshot, chosen, starred=starred)
        with_sessions = {s["sub_forum"] for s in self.snapshot["sessions"] if not s["cancelled"]}
        empty = [f for f in self.snapshot["sub_forums"] if f["id"] in chosen and f["id"] not in with_sessions]
        return self.calendar(sessions, extra="".join(self.sub_forum_event(f) for f in empty))

    def calendar(self, sessions: Iterable[dict[str, Any]] | None = None, *, name: str = "", extra: str = "") -> str:
        head = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:{PRODID}",
            "CALSCALE:GREGORIAN",
            f"X-WR-CALNAME:{escape_text(name or self.title)}",
            f"X-WR-TIMEZONE:{self.tz_name}",
        ]
        chosen = self.snapshot["sessions"] if sessions is None else sessions
        return (
            "".join(fold(line) for line in head)
            + self.vtimezone
            + "".join(self.event(s) for s in chosen)
            + extra
            + "END:VCALENDAR\r\n"
        )


def render_ical(
    snapshot: dict[str, Any],
    *,
    language: str,
    sessions: Iterable[dict[str, Any]] | None = None,
    name: str = "",
    stamp: dt.datetime | None = None,
) -> bytes:
    """One calendar of ``sessions`` (default: all of the snapshot) in ``language``."""
    return CalendarWriter(snapshot, language=language, stamp=stamp).calendar(sessions, name=name).encode()


def single_event_calendar(calendar: str, uid: str) -> str | None:
    """The calendar ``calendar`` (as ``CalendarWriter.calendar`` writes it) with only the
    event ``uid``: its head (name, time zones), that event, its end. None without that event."""
    head, _sep, body = calendar.partition("BEGIN:VEVENT\r\n")
    wanted = f"UID:{uid}\r\n"
    for event in body.split("BEGIN:VEVENT\r\n"):
        if event.startswith(wanted):
            event = event.split("END:VEVENT\r\n", 1)[0]
            return f"{head}BEGIN:VEVENT\r\n{event}END:VEVENT\r\nEND:VCALENDAR\r\n"
    return None
