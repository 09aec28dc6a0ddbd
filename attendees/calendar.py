"""The attendee's own calendar: the sessions of the published agenda they may
attend, with the same UIDs as every other calendar the system writes
(``sessions.exports.ical``), in the edition's time zone."""

from __future__ import annotations

from collections.abc import Iterable

from attendees.models import Registration
from attendees.selectors import confirmed_sub_forums
from sessions.exports.ical import CalendarWriter
from sessions.selectors import attendee_snapshot


def registration_calendar(registration: Registration, *, language: str, starred: Iterable[str] = ()) -> bytes:
    """An iCalendar file of the plenary sessions, those of the registration's
    confirmed sub-forums and those it starred (GUIDs)."""
    writer = CalendarWriter(attendee_snapshot(registration.edition), language=language)
    return writer.personal_calendar((sf.pk for sf in confirmed_sub_forums(registration)), starred=starred).encode()
