"""What a new registration writes, described once for both ways of writing it.

A registration either got a place of its type or did not. With a place it is
*pending* and holds the place for the edition's ``confirmation_hold_hours``;
without one it is *waitlisted* (or, when the type has no waiting list, nothing
is written). Each chosen sub-forum becomes a choice, *confirmed* when the
registration got a place of its type and a place in that sub-forum, else
*waitlisted*. Its first e-mail asks to confirm the address (and, when
waitlisted, says so); the sender writes its text (``attendees.emails``).

``attendees.registration_sql`` (PostgreSQL: one statement) and
``attendees.registration_orm`` (every database: the ORM in one transaction)
both take their rows from here, so the two cannot disagree.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

from attendees import emails
from attendees.enums import ChoiceStatus, RegistrationStatus
from attendees.models import Registration, SubForumChoice
from outbox.models import OutboxMessage


@dataclass(frozen=True)
class NewRegistration:
    # Unsaved, with its edition, type, code and the attendee's details.
    registration: Registration
    sub_forum_ids: tuple[int, ...]  # in id order: places are taken in this order
    hold: dt.timedelta
    waitlist_enabled: bool
    now: dt.datetime

    def outcome_fields(self, *, got_place: bool) -> dict[str, object]:
        """The registration's fields that depend on whether it got a place of its type."""
        if got_place:
            return {"status": RegistrationStatus.PENDING, "expires_at": self.now + self.hold, "waitlisted_at": None}
        return {"status": RegistrationStatus.WAITLISTED, "expires_at": None, "waitlisted_at": self.now}

    def row(self, *, got_place: bool) -> Registration:
        """The registration as written: pending with its hold, or waitlisted since now."""
        registration = copy.copy(self.registration)
        for name, value in self.outcome_fields(got_place=got_place).items():
            setattr(registration, name, value)
        return registration

    def choice_fields(self, *, confirmed: bool) -> dict[str, object]:
        """A choice's fields that depend on whether it got a place in its sub-forum."""
        if confirmed:
            return {"status": ChoiceStatus.CONFIRMED, "waitlisted_at": None}
        return {"status": ChoiceStatus.WAITLISTED, "waitlisted_at": self.now}

    def choice(
        self, *, confirmed: bool, registration: Registration | None = None, sub_forum_id: int | None = None
    ) -> SubForumChoice:
        return SubForumChoice(
            registration=registration, sub_forum_id=sub_forum_id, **self.choice_fields(confirmed=confirmed)
        )

    def first_message(self, *, got_place: bool, registration: Registration | None = None) -> OutboxMessage:
        """The first e-mail (its identity; the sender writes the text)."""
        return emails.received_message(registration or self.registration, waitlisted=not got_place)

    def first_message_identity(self, *, got_place: bool) -> dict[str, str]:
        """What differs between the two first e-mails: kind, deduplication key and Message-ID."""
        return emails.received_message_identity(self.registration, waitlisted=not got_place)


@dataclass(frozen=True)
class Outcome:
    registration: Registration | None  # None: the type was full and has no waiting list
    confirmed_sub_forum_ids: list[int]
