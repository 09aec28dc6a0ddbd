"""iCalendar exports from an agenda snapshot: times in the edition's time zone
with its VTIMEZONE, one VEVENT per session (cancelled ones marked so)."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable
from typing import Any

import icalendar

from sessions.snapshot import pick

PRODID = "-//Agora//Agenda//EN"


@functools.lru_cache(maxsize=64)
def _vtimezone(name: str, first_year: int, last_year: int) -> icalendar.Timezone:
    """The VTIMEZONE for the edition's years. Computing one takes ~40 ms, and an
    edition renders dozens of calendars (and every reminder carries one), so it is built once."""
    return icalendar.Timezone.from_tzinfo(
        zoneinfo.ZoneInfo(name), first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year + 1, 1, 1)
    )


def _speaker_lines(session: dict[str, Any], speakers: dict[int, dict[str, Any]], language: str) -> list[str]:
    lines = []
    for role in session["speakers"]:
        speaker = speakers.get(role["speaker"])
        if speaker:
            lines.append(pick(speaker["public_line"], language))
    return lines


def render_ical(
    snapshot: dict[str, Any],
    *,
    language: str,
    sessions: Iterable[dict[str, Any]] | None = None,
    name: str = "",
    stamp: dt.datetime | None = None,
) -> bytes:
    """A calendar of ``sessions`` (default: all of the snapshot) in ``language``.

    ``stamp`` (DTSTAMP) defaults to a fixed instant so identical input renders identical bytes.
    """
    edition = snapshot["edition"]
    tz = zoneinfo.ZoneInfo(edition["time_zone"])
    rooms = {r["id"]: r for r in snapshot["rooms"]}
    sub_forums = {f["id"]: f for f in snapshot["sub_forums"]}
    speakers = {s["id"]: s for s in snapshot["speakers"]}
    stamp = stamp or dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name or pick(edition["title"], language))
    calendar.add("x-wr-timezone", edition["time_zone"])
    for session in snapshot["sessions"] if sessions is None else sessions:
        event = icalendar.Event()
        event.add("uid", f"{session['guid']}@agora")
        event.add("dtstamp", stamp)
        event.add("dtstart", dt.datetime.fromisoformat(session["start"]).astimezone(tz))
        event.add("dtend", dt.datetime.fromisoformat(session["end"]).astimezone(tz))
        event.add("summary", pick(session["title"], language))
        room = rooms.get(session["room"])
        if room:
            event.add("location", pick(room["name"], language))
        sub_forum = sub_forums.get(session["sub_forum"])
        if sub_forum:
            event.add("categories", [pick(sub_forum["title"], language)])
        description = "\n".join([*_speaker_lines(session, speakers, language), pick(session["abstract"], language)])
        if description.strip():
            event.add("description", description.strip())
        event.add("status", "CANCELLED" if session["cancelled"] else "CONFIRMED")
        calendar.add_component(event)
    year = dt.datetime.fromisoformat(edition["start"]).astimezone(tz).year
    calendar.add_component(_vtimezone(edition["time_zone"], year - 1, year + 1))
    return calendar.to_ical()
