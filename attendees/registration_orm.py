"""A new registration through the ORM, on any database: the portable twin of
``attendees.registration_sql``, writing the same rows (``attendees.new_registration``).

In one capacity transaction: take a place of the type with a conditional
UPDATE, then (only with one) a place in each chosen sub-forum, then write the
registration, its choices and its first e-mail as the outcome says. The places
are taken first, so the outcome is known before anything is written; the hot
rows stay locked until the transaction ends (on SQLite every write transaction
is serialised anyway).
"""

from __future__ import annotations

from attendees import capacity
from attendees.models import SubForumChoice
from attendees.new_registration import NewRegistration, Outcome
from outbox.services import queue_message


def register(new: NewRegistration, *, savepoint: bool = True) -> Outcome:
    # Always in a transaction (a savepoint inside the caller's) of its own, ``savepoint`` or
    # not: its several statements must be kept or undone together.
    with capacity.capacity_transaction(fast_commit=True):
        got_place = capacity.take_type_place(new.registration.registration_type_id)
        if not got_place and not new.waitlist_enabled:
            return Outcome(None, [])
        confirmed = capacity.take_sub_forum_places(new.sub_forum_ids) if got_place else []
        registration = new.row(got_place=got_place)
        registration.save(force_insert=True)
        SubForumChoice.objects.bulk_create(
            new.choice(registration=registration, sub_forum_id=pk, confirmed=pk in confirmed)
            for pk in new.sub_forum_ids
        )
        queue_message(new.first_message(got_place=got_place, registration=registration))
    return Outcome(registration, confirmed)
