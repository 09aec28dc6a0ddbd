"""The public agenda page's content, built from the version's agenda index.

The page is what people use on the day: one day at a time (tabs), filtered by
sub-forum, room, kind and language; plenary sessions across the page and the
parallel sub-forums side by side (a single column on a phone). The cards are
written here rather than in a template: a day of a large forum has hundreds of
them, and the template engine took most of the page's time for them. Every
text is escaped (``html.escape``) where it is written.

The content depends only on the version, the language and the filters, so the
view caches it under a key naming all three; the session on now is marked in
the browser (``sessions/agenda.js``), never in the cached HTML.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from sessions.agenda_index import DAY, KIND, LANGUAGE, ROOM, SUB_FORUM, entry, head, parse, roles, selected
from sessions.enums import SessionKind, SessionLanguage, SpeakerRole


@dataclass(frozen=True)
class Filters:
    """The page's query, each value checked against what the agenda has (anything else is ignored)."""

    day: str = ""
    sub_forum: str = ""  # slug
    room: int | None = None
    kind: str = ""
    language: str = ""

    def fingerprint(self) -> str:
        return self.query(day=self.day or "-")

    def query(self, **changes: Any) -> str:
        values = {
            "day": self.day,
            "sub_forum": self.sub_forum,
            "room": self.room or "",
            "kind": self.kind,
            "language": self.language,
        }
        values.update(changes)
        return "&".join(f"{k}={escape(str(v))}" for k, v in values.items() if v)


def read_filters(query: Any) -> Filters:
    """The filters of a query string, loosely: a malformed value is no filter."""
    room = query.get("room", "")
    day = query.get("day", "")
    try:
        day = dt.date.fromisoformat(day).isoformat() if len(day) == 10 else ""
    except ValueError:
        day = ""
    kind, language = query.get("kind", ""), query.get("language", "")
    return Filters(
        day=day,
        sub_forum=query.get("sub_forum", "")[:80],
        room=int(room) if room.isdigit() and len(room) < 12 else None,
        kind=kind if kind in SessionKind.values else "",
        language=language if language in SessionLanguage.values else "",
    )


def page_meta(index: dict[str, Any]) -> dict[str, Any]:
    """What the view needs before the content: the agenda's days and time zone."""
    rest = parse(index["rest"], before=b"{", after=b"}")
    return {"days": rest["days"], "time_zone": rest["edition"]["time_zone"]}


def default_day(meta: dict[str, Any], now: dt.datetime) -> str:
    """Today in the edition's zone if the agenda has sessions today, else its first day."""
    today = now.astimezone(zoneinfo.ZoneInfo(meta["time_zone"])).date().isoformat()
    days = meta["days"]
    return today if today in days else (days[0] if days else "")


def _zone_label(time_zone: str, start: str) -> str:
    offset = dt.datetime.fromisoformat(start).astimezone(zoneinfo.ZoneInfo(time_zone)).strftime("%z")
    return f"{time_zone} (UTC{offset[:3]}:{offset[3:]})"


class _Cards:
    """Writes session cards; speakers are parsed once each, on first use."""

    def __init__(
        self, index: dict[str, Any], *, edition_slug: str, tz: zoneinfo.ZoneInfo, rooms: dict[int, str]
    ) -> None:
        self.index = index
        self.speakers: dict[int, dict[str, Any] | None] = {}
        self.tz = tz
        self.rooms = rooms
        self.speaker_url = reverse("agenda:speakers", args=[edition_slug])
        self.agenda_url = reverse("agenda:agenda", args=[edition_slug])
        self.kinds = {value: escape(str(label)) for value, label in SessionKind.choices}
        self.roles = {value: escape(str(label)) for value, label in SpeakerRole.choices}
        self.languages = {value: escape(str(label)) for value, label in SessionLanguage.choices}
        self.words = {
            "cancelled": escape(_("Cancelled")),
            "abstract": escape(_("Abstract")),
            "calendar": escape(_("Add to calendar")),
            "room": escape(_("Room")),
        }

    def speaker(self, speaker_id: int) -> dict[str, Any] | None:
        if speaker_id not in self.speakers:
            found = entry(self.index, "speakers", speaker_id)
            self.speakers[speaker_id] = parse(found) if found is not None else None
        return self.speakers[speaker_id]

    def card(self, position: int, *, track_room: int | None = None) -> str:
        """The card of the session at ``position``; in a sub-forum's column, its room only when not the column's."""
        index = self.index
        s = parse(head(index, position), after=b"}")
        start = dt.datetime.fromisoformat(s["start"]).astimezone(self.tz)
        end = dt.datetime.fromisoformat(s["end"]).astimezone(self.tz)
        w = self.words
        classes = "session" + (" cancelled" if s["cancelled"] else "") + f" kind-{s['kind']}"
        title = escape(s["title"])
        if s["cancelled"]:
            title = f"<del>{title}</del> <strong class='cancelled-note'>{w['cancelled']}</strong>"
        meta = [f'<span class="kind">{self.kinds.get(s["kind"], escape(s["kind"]))}</span>']
        room_id, language = index[ROOM][position], index[LANGUAGE][position]
        room = self.rooms.get(room_id) if room_id != track_room else None
        if room:
            meta.append(f'<span class="room"><span class="visually-hidden">{w["room"]}: </span>{escape(room)}</span>')
        if language != "zh-hans":
            meta.append(f'<span class="badge">{self.languages.get(language, "")}</span>')
        lines = []
        for speaker_id, role_piece in roles(index, position):
            speaker = self.speaker(speaker_id)
            if speaker is None:
                continue
            role = parse(role_piece, after=b"}")["role"]
            label = "" if role == "speaker" else f'<span class="role">{self.roles.get(role, "")}</span> '
            lines.append(
                f'<li>{label}<a href="{self.speaker_url}{escape(speaker["slug"])}/">'
                f"{escape(speaker['public_line'])}</a></li>"
            )
        speakers = f'<ul class="speakers">{"".join(lines)}</ul>' if lines else ""
        abstract = ""
        if s["abstract"]:
            paragraphs = "".join(f"<p>{escape(p)}</p>" for p in s["abstract"].split("\n") if p.strip())
            abstract = f'<details class="abstract"><summary>{w["abstract"]}</summary>{paragraphs}</details>'
        calendar = (
            ""
            if s["cancelled"]
            else f'<a class="add-calendar" href="{self.agenda_url}session/{s["id"]}.ics" download>{w["calendar"]}</a>'
        )
        return (
            f'<li class="{classes}" id="session-{s["id"]}" data-start="{s["start"]}" data-end="{s["end"]}">'
            f'<p class="when"><time datetime="{start.isoformat()}">{start:%H:%M}</time>–'  # noqa: RUF001 - a time range
            f'<time datetime="{end.isoformat()}">{end:%H:%M}</time></p>'
            f'<div class="what"><p class="meta">{" · ".join(meta)}</p><h3 class="title">{title}</h3>'
            f"{speakers}{abstract}{calendar}</div></li>"
        )


def _segments(sub_forums: list[int | None], positions: Iterable[int]) -> list[tuple[str, list[int]]]:
    """Runs of plenary sessions ("plenary") and of parallel sub-forum sessions ("parallel"), in time order."""
    segments: list[tuple[str, list[int]]] = []
    for position in positions:
        kind = "plenary" if sub_forums[position] is None else "parallel"
        if segments and segments[-1][0] == kind:
            segments[-1][1].append(position)
        else:
            segments.append((kind, [position]))
    return segments


def build_content(index: dict[str, Any], filters: Filters, *, edition_slug: str) -> dict[str, Any]:
    """Everything the page's template shows for ``filters``; the cards already written as HTML."""
    rest = parse(index["rest"], before=b"{", after=b"}")
    edition = rest["edition"]
    tz = zoneinfo.ZoneInfo(edition["time_zone"])
    rooms = {r["id"]: r["name"] for r in rest["rooms"]}
    sub_forums = {f["id"]: f for f in rest["sub_forums"]}
    by_slug = {f["slug"]: f["id"] for f in rest["sub_forums"]}
    sub_forum_id = by_slug.get(filters.sub_forum)
    room = filters.room if filters.room in rooms else None
    params = {
        "day": filters.day,
        "sub_forum": sub_forum_id,
        "room": room,
        "kind": filters.kind,
        "language": filters.language,
    }
    positions = selected(index, params)
    cards = _Cards(index, edition_slug=edition_slug, tz=tz, rooms=rooms)
    blocks = []
    for kind, run in _segments(index[SUB_FORUM], positions):
        if kind == "plenary":
            items = "".join(cards.card(p) for p in run)
            blocks.append(f'<section class="plenary"><ol class="sessions">{items}</ol></section>')
            continue
        columns: dict[int, list[int]] = {}
        for position in run:
            columns.setdefault(index[SUB_FORUM][position], []).append(position)
        html_columns = []
        for forum_id, column in columns.items():
            forum = sub_forums.get(forum_id, {})
            room_name = rooms.get(forum.get("room_id"), "")
            track_head = f'<h3 class="track-title">{escape(forum.get("title", ""))}</h3>'
            if room_name:
                track_head += f'<p class="track-room">{escape(room_name)}</p>'
            items = "".join(cards.card(p, track_room=forum.get("room_id")) for p in column)
            html_columns.append(
                f'<section class="track" data-sub-forum="{escape(forum.get("slug", ""))}">'
                f'<header class="track-head">{track_head}</header><ol class="sessions">{items}</ol></section>'
            )
        count = len(html_columns)
        blocks.append(f'<div class="parallel" data-tracks="{min(count, 4)}">{"".join(html_columns)}</div>')
    kinds_present, languages_present = set(index[KIND]), set(index[LANGUAGE])
    return {
        "title": edition["title"],
        "theme": edition["theme"],
        "forum": edition["forum"]["name"],
        "zone": _zone_label(edition["time_zone"], edition["start"]),
        "days": [
            {"date": dt.date.fromisoformat(day), "query": filters.query(day=day), "current": day == filters.day}
            for day in rest["days"]
        ],
        "filters": filters,
        "sub_forums": [{"slug": f["slug"], "title": f["title"]} for f in rest["sub_forums"]],
        "rooms": [{"id": r["id"], "name": r["name"]} for r in rest["rooms"]],
        "kinds": [(value, label) for value, label in SessionKind.choices if value in kinds_present],
        "languages": [(value, label) for value, label in SessionLanguage.choices if value in languages_present],
        "count": len(positions),
        "day_count": index[DAY].count(filters.day),
        "blocks": "".join(blocks),
    }
