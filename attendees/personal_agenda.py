"""An attendee's own programme: the plenary sessions, those of their confirmed
sub-forums and the sessions they starred (``sessions.exports.ical.personal_sessions``,
the one rule), shown on their self-service page and served as a calendar feed
that follows every republished agenda.

The feed's link signs the registration's code with the feed's generation
(``attendees.tokens.make_feed_token``): issuing a new link retires the old one.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.db import transaction
from django.db.models import F

from attendees.enums import ACTIVE_STATUSES
from attendees.exceptions import InvalidStateError, UnknownSessionError
from attendees.models import CalendarFeed, Registration, StarredSession
from attendees.selectors import confirmed_sub_forums
from sessions.enums import SessionKind
from sessions.exports.ical import personal_sessions
from sessions.models import Session
from sessions.snapshot import pick


def plans(registration: Registration) -> bool:
    """Whether the registration has a programme and a feed: it holds or waits for a place."""
    return registration.status in ACTIVE_STATUSES


def check_may_plan(registration: Registration) -> None:
    if not plans(registration):
        raise InvalidStateError


def starred_guids(registration: Registration) -> list[str]:
    """The GUIDs of the sessions the registration starred (one query)."""
    guids = StarredSession.objects.filter(registration=registration).values_list("session__guid", flat=True)
    return sorted(str(guid) for guid in guids)


def feed_generation(registration: Registration) -> int:
    """The generation of the registration's feed link (one query; 0 before any reissue)."""
    generation = CalendarFeed.objects.filter(registration=registration).values_list("generation", flat=True).first()
    return generation or 0


def chosen_sub_forum_ids(registration: Registration) -> list[int]:
    """The sub-forums the registration has a place in (the prefetched choices)."""
    return sorted(sf.pk for sf in confirmed_sub_forums(registration))


@transaction.atomic
def star_session(*, registration: Registration, session_guid: str, starred: bool) -> bool:
    """Add a session of the registration's edition to its programme (``starred``)
    or take it out. Refused for a registration that was cancelled, rejected or
    expired, and for a session of another edition. Idempotent; answers ``starred``."""
    check_may_plan(registration)
    try:
        guid = uuid.UUID(str(session_guid))
    except ValueError as exc:
        raise UnknownSessionError from exc
    session_id = (
        Session.objects.filter(edition_id=registration.edition_id, guid=guid).values_list("pk", flat=True).first()
    )
    if session_id is None:
        raise UnknownSessionError
    if starred:
        StarredSession.objects.get_or_create(registration=registration, session_id=session_id)
    else:
        StarredSession.objects.filter(registration=registration, session_id=session_id).delete()
    return starred


@transaction.atomic
def reissue_feed(*, registration: Registration) -> int:
    """Issue a new calendar feed link: every earlier link answers 404 from now on. Answers the new generation."""
    check_may_plan(registration)
    CalendarFeed.objects.get_or_create(registration=registration)
    CalendarFeed.objects.filter(registration=registration).update(generation=F("generation") + 1)
    return feed_generation(registration)


@dataclass
class Line:
    """One session as the self-service pages list it, in one language."""

    guid: str
    title: str
    kind: str
    start: dt.datetime
    end: dt.datetime
    room: str
    sub_forum: str
    speakers: list[str]
    starred: bool  # in the programme because the attendee starred it
    cancelled: bool = False


@dataclass
class Programme:
    """What the self-service page shows: the attendee's own programme by day."""

    days: list[tuple[dt.date, list[Line]]] = field(default_factory=list)
    time_zone: str = ""


class _Lines:
    """Turns snapshot sessions into ``Line`` objects in one language."""

    def __init__(self, snapshot: dict[str, Any], language: str, starred: Iterable[str]) -> None:
        self.language = language
        self.tz = zoneinfo.ZoneInfo(snapshot["edition"]["time_zone"])
        self.rooms = {r["id"]: pick(r["name"], language) for r in snapshot["rooms"]}
        self.sub_forums = {f["id"]: pick(f["title"], language) for f in snapshot["sub_forums"]}
        self.speakers = {s["id"]: pick(s["public_line"], language) for s in snapshot["speakers"]}
        self.starred = set(starred)
        self.kinds = {kind.value: str(kind.label) for kind in SessionKind}

    def line(self, s: dict[str, Any], *, chosen: set[int]) -> Line:
        own = s["sub_forum"] is None or s["sub_forum"] in chosen
        return Line(
            guid=s["guid"],
            title=pick(s["title"], self.language),
            kind=self.kinds.get(s["kind"], s["kind"]),
            start=dt.datetime.fromisoformat(s["start"]).astimezone(self.tz),
            end=dt.datetime.fromisoformat(s["end"]).astimezone(self.tz),
            room=self.rooms.get(s["room"], ""),
            sub_forum=self.sub_forums.get(s["sub_forum"], ""),
            speakers=[self.speakers[r["speaker"]] for r in s["speakers"] if r["speaker"] in self.speakers],
            starred=not own and s["guid"] in self.starred,
            cancelled=s["cancelled"],
        )


def programme(
    snapshot: dict[str, Any], *, sub_forum_ids: Iterable[int], starred: Iterable[str], language: str
) -> Programme:
    """The attendee's own programme (``personal_sessions``), by day in the edition's zone."""
    chosen, stars = set(sub_forum_ids), list(starred)
    lines = _Lines(snapshot, language, stars)
    items = [lines.line(s, chosen=chosen) for s in personal_sessions(snapshot, chosen, starred=stars)]
    days = [(day, list(group)) for day, group in groupby(items, key=lambda line: line.start.date())]
    return Programme(days=days, time_zone=snapshot["edition"]["time_zone"])


@dataclass
class OtherSubForum:
    """A sub-forum outside the attendee's programme, with its sessions to star."""

    title: str
    lines: list[Line]
    starred: int  # how many of its sessions are starred


def other_sessions(
    snapshot: dict[str, Any], *, sub_forum_ids: Iterable[int], starred: Iterable[str], language: str
) -> list[OtherSubForum]:
    """The sessions an attendee may star: those of the sub-forums they have no
    place in, not cancelled, by sub-forum in the agenda's order."""
    chosen, stars = set(sub_forum_ids), list(starred)
    lines = _Lines(snapshot, language, stars)
    by_sub_forum: dict[int, list[Line]] = {}
    for s in snapshot["sessions"]:
        if s["sub_forum"] is not None and s["sub_forum"] not in chosen and not s["cancelled"]:
            by_sub_forum.setdefault(s["sub_forum"], []).append(lines.line(s, chosen=chosen))
    return [
        OtherSubForum(
            title=lines.sub_forums[f["id"]],
            lines=by_sub_forum[f["id"]],
            starred=sum(line.starred for line in by_sub_forum[f["id"]]),
        )
        for f in snapshot["sub_forums"]
        if f["id"] in by_sub_forum
    ]
