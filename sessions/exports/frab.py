"""The frab / c3voc schedule format (``schedule.json`` and ``schedule.xml``) from
an agenda snapshot, valid against the schemas in ``sessions/exports/schemas/``
(copies of voc/schedule's validator). One language per document, as the format
has no translations; cancelled sessions are left out (the format cannot mark them).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
import zoneinfo
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree as ET

from django.utils import translation
from django.utils.text import slugify

from sessions.enums import SessionKind
from sessions.snapshot import pick

GENERATOR = {"name": "agora", "version": "1"}
SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
_TZ_NAME = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")
_TRACK_SLUG = re.compile(r"^[a-z0-9_-]+[a-z0-9]$")
_LANGUAGES = {"zh-hans": "zh", "en": "en", "zh-hans+en": "zh, en"}
_PLENARY = {"zh-hans": "全体大会", "en": "Plenary"}
_NO_ROOM = {"zh-hans": "待定", "en": "To be announced"}


def acronym(slug: str) -> str:
    """The edition slug in the shape the schema demands (no hyphen after the first character)."""
    value = re.sub(r"[^a-z0-9_]", "_", slug.lower())
    return value.ljust(4, "_")


def _duration(start: dt.datetime, end: dt.datetime) -> str:
    minutes = int((end - start).total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _event_slug(conference: str, session: dict[str, Any]) -> str:
    title = slugify(session["title"].get("en") or "")[:60].strip("-_") or "session"
    return f"{conference}-{session['id']}-{title}"


def _guid(base_url: str, kind: str, key: Any) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base_url}/{kind}/{key}"))


def build_schedule(snapshot: dict[str, Any], *, language: str, version: int, base_url: str) -> dict[str, Any]:
    """The ``schedule.json`` document as a dict."""
    edition = snapshot["edition"]
    tz = zoneinfo.ZoneInfo(edition["time_zone"])
    conference = acronym(edition["slug"])
    rooms = {r["id"]: r for r in snapshot["rooms"]}
    sub_forums = {f["id"]: f for f in snapshot["sub_forums"]}
    speakers = {s["id"]: s for s in snapshot["speakers"]}
    agenda_url = f"{base_url}/e/{edition['slug']}/agenda/"
    no_room = _NO_ROOM.get(language, _NO_ROOM["en"])
    with translation.override(language):
        kinds = {value: str(label) for value, label in SessionKind.choices}

    start = dt.datetime.fromisoformat(edition["start"]).astimezone(tz)
    end = dt.datetime.fromisoformat(edition["end"]).astimezone(tz)
    sessions = [s for s in snapshot["sessions"] if not s["cancelled"]]
    local = {s["id"]: dt.datetime.fromisoformat(s["start"]).astimezone(tz) for s in sessions}
    first_day = min([start.date(), *(t.date() for t in local.values())])
    last_day = max([end.date(), *(t.date() for t in local.values())])
    day_count = (last_day - first_day).days + 1

    days = []
    for index in range(day_count):
        date = first_day + dt.timedelta(days=index)
        day_start = dt.datetime.combine(date, dt.time(0, 0), tzinfo=tz)
        days.append(
            {
                "index": index + 1,
                "date": date.isoformat(),
                "day_start": day_start.isoformat(),
                "day_end": (day_start + dt.timedelta(hours=23, minutes=59)).isoformat(),
                "rooms": {},
            }
        )
    room_names = {rid: pick(r["name"], language) for rid, r in rooms.items()}  # in the snapshot's order
    for session in sessions:
        begins = local[session["id"]]
        ends = dt.datetime.fromisoformat(session["end"]).astimezone(tz)
        room_name = room_names.get(session["room"], no_room)
        sub_forum = sub_forums.get(session["sub_forum"])
        abstract = pick(session["abstract"], language)
        event = {
            "id": session["id"],
            "guid": session["guid"],
            "logo": "",
            "date": begins.isoformat(),
            "start": begins.strftime("%H:%M"),
            "duration": _duration(begins, ends),
            "room": room_name,
            "slug": _event_slug(conference, session),
            "url": f"{agenda_url}#session-{session['id']}",
            "title": pick(session["title"], language),
            "subtitle": "",
            "track": pick(sub_forum["title"], language) if sub_forum else _PLENARY.get(language, _PLENARY["en"]),
            "type": kinds.get(session["kind"], session["kind"]),
            "language": _LANGUAGES.get(session["language"], session["language"]),
            "abstract": abstract,
            "description": abstract,
            "persons": [
                {
                    "id": speakers[role["speaker"]]["id"],
                    "guid": _guid(base_url, "speakers", speakers[role["speaker"]]["slug"]),
                    "public_name": pick(speakers[role["speaker"]]["name"], language),
                    "biography": pick(speakers[role["speaker"]]["biography"], language),
                }
                for role in session["speakers"]
                if role["speaker"] in speakers
            ],
            "links": [],
            "attachments": [],
        }
        day = days[(begins.date() - first_day).days]
        day["rooms"].setdefault(room_name, []).append(event)

    # Rooms in the order the snapshot lists them (``forums.models.ROOM_ORDERING``), the
    # sessions without a room after them; the XML follows the same order.
    rank: dict[str, int] = {}
    for name in room_names.values():
        rank.setdefault(name, len(rank))

    def in_room_order(names: Iterable[str]) -> list[str]:
        return sorted(names, key=lambda name: rank.get(name, len(rank)))

    for day in days:
        day["rooms"] = {name: day["rooms"][name] for name in in_room_order(day["rooms"])}
    used_rooms = in_room_order({name for day in days for name in day["rooms"]})
    conference_doc: dict[str, Any] = {
        "acronym": conference,
        "title": pick(edition["title"], language),
        "start": start.date().isoformat(),
        "end": end.date().isoformat(),
        "daysCount": day_count,
        "timeslot_duration": "00:05",
        "url": agenda_url,
        "rooms": [{"name": name, "guid": _guid(base_url, "rooms", f"{edition['slug']}/{name}")} for name in used_rooms],
        "tracks": [
            {"name": pick(f["title"], language), **({"slug": f["slug"]} if _TRACK_SLUG.match(f["slug"]) else {})}
            for f in snapshot["sub_forums"]
        ],
        "days": days,
    }
    if _TZ_NAME.match(edition["time_zone"]):
        conference_doc["time_zone_name"] = edition["time_zone"]
    return {
        "$schema": SCHEMA_URL,
        "generator": GENERATOR,
        "schedule": {"version": str(version), "base_url": f"{base_url}/", "conference": conference_doc},
    }


def render_schedule_json(schedule: dict[str, Any]) -> str:
    return json.dumps(schedule, ensure_ascii=False, separators=(",", ":"))


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        element.text = text
    return element


def render_schedule_xml(schedule: dict[str, Any]) -> str:
    """``schedule.xml`` from the same dict as ``schedule.json``, so the two never disagree."""
    doc = schedule["schedule"]
    conference = doc["conference"]
    guids = {room["name"]: room["guid"] for room in conference["rooms"]}
    root = ET.Element("schedule")
    _sub(root, "generator", name=GENERATOR["name"], version=GENERATOR["version"])
    _sub(root, "url", conference["url"])
    _sub(root, "version", doc["version"])
    conf = _sub(root, "conference")
    _sub(conf, "title", conference["title"])
    _sub(conf, "acronym", conference["acronym"])
    _sub(conf, "start", conference["start"])
    _sub(conf, "end", conference["end"])
    _sub(conf, "days", str(conference["daysCount"]))
    _sub(conf, "timeslot_duration", conference["timeslot_duration"])
    _sub(conf, "base_url", doc["base_url"])
    _sub(conf, "url", conference["url"])
    if "time_zone_name" in conference:
        _sub(conf, "time_zone_name", conference["time_zone_name"])
    for track in conference["tracks"]:
        _sub(conf, "track", track["name"], name=track["name"], slug=track.get("slug"))
    for day in conference["days"]:
        day_el = _sub(
            root, "day", index=str(day["index"]), date=day["date"], start=day["day_start"], end=day["day_end"]
        )
        for room_name, events in day["rooms"].items():
            room_el = _sub(day_el, "room", name=room_name, guid=guids.get(room_name))
            for event in events:
                ev = _sub(room_el, "event", id=str(event["id"]), guid=event["guid"])
                for tag in ("room", "title", "subtitle", "type", "date", "start", "duration", "abstract", "slug"):
                    _sub(ev, tag, event[tag])
                _sub(ev, "track", event["track"])
                persons = _sub(ev, "persons")
                for person in event["persons"]:
                    _sub(persons, "person", person["public_name"], id=str(person["id"]), guid=person["guid"])
                _sub(ev, "language", event["language"])
                _sub(ev, "description", event["description"])
                _sub(ev, "links")
                _sub(ev, "attachments")
                _sub(ev, "url", event["url"])
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")
