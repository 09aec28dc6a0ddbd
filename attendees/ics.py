"""The attendee's own calendar: plenary sessions and their confirmed sub-forums."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from attendees.models import Registration
from attendees.selectors import confirmed_sub_forums
from sessions.models import Session


def registration_calendar(registration: Registration, sessions: list[Session]) -> bytes:
    """An iCalendar file with times in the edition's own zone (a VTIMEZONE is included)."""
    edition = registration.edition
    tz = edition.tz
    stamp = timezone.now()
    domain = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "agora"
    calendar = Calendar()
    calendar.add("prodid", "-//Agora//Registration//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", str(edition.title))
    calendar.add("x-wr-timezone", edition.time_zone)
    for sub_forum in confirmed_sub_forums(registration):
        event = Event()
        event.add("uid", f"subforum-{sub_forum.pk}-{registration.code}@{domain}")
        event.add("dtstamp", stamp)
        event.add("summary", str(sub_forum.title))
        event.add("dtstart", timezone.localtime(sub_forum.start, tz))
        event.add("dtend", timezone.localtime(sub_forum.end, tz))
        if sub_forum.room_id is not None:
            event.add("location", str(sub_forum.room.name))
        calendar.add_component(event)
    for session in sessions:
        event = Event()
        event.add("uid", f"session-{session.guid}-{registration.code}@{domain}")
        event.add("dtstamp", stamp)
        event.add("summary", str(session.title))
        event.add("dtstart", timezone.localtime(session.start, tz))
        event.add("dtend", timezone.localtime(session.end, tz))
        if session.room_id is not None:
            event.add("location", str(session.room.name))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
