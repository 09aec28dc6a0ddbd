"""Taking and giving back places, and promoting from waiting lists.

Places are counted in ``seats_taken`` on RegistrationType and SubForum and
taken with one conditional UPDATE (``… WHERE seats_taken < capacity``): at
READ COMMITTED, PostgreSQL re-checks the condition on the latest row version
after waiting for a concurrent writer, so two transactions can never both take
the last place. The CHECK constraints on those tables are the backstop.

These helpers must run inside ``capacity_transaction()``; the public entry
points are in ``attendees.services``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Model, Q, QuerySet
from django.utils import timezone

from attendees.enums import HOLDING_STATUSES, ChoiceStatus, RegistrationStatus
from attendees.exceptions import TryAgainError
from attendees.models import Registration, RegistrationType, SubForumChoice
from forums.models import SubForum

# SQLSTATEs that mean "someone else holds what you need": lock_not_available,
# serialization_failure, deadlock_detected. The visitor is asked to retry.
RETRYABLE_SQLSTATES = {"55P03", "40001", "40P01"}


def _is_retryable(exc: DatabaseError) -> bool:
    sqlstate = getattr(exc.__cause__, "sqlstate", None)
    if sqlstate in RETRYABLE_SQLSTATES:
        return True
    return connection.vendor == "sqlite" and "locked" in str(exc)


@contextmanager
def capacity_transaction(*, fast_commit: bool = False) -> Iterator[None]:
    """One transaction with a bounded lock wait; lock trouble becomes TryAgainError.

    ``fast_commit`` does not wait for the WAL flush at commit, so hot capacity
    rows are unlocked at once instead of after a disk sync;
    ATTENDEES_FAST_COMMIT = False turns it off (see the README).
    """
    with lock_trouble_as_try_again(), transaction.atomic():
        if connection.vendor == "postgresql":
            calls, params = set_config_calls(transaction_settings(fast_commit=fast_commit))
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {calls}", params)
        yield


@contextmanager
def lock_trouble_as_try_again() -> Iterator[None]:
    """A lock wait that timed out, a deadlock or a serialization failure becomes TryAgainError."""
    try:
        yield
    except DatabaseError as exc:
        if _is_retryable(exc):
            raise TryAgainError from exc
        raise


def transaction_settings(*, fast_commit: bool) -> list[tuple[str, str]]:
    """The (name, value) PostgreSQL settings that start a capacity transaction."""
    values = [("lock_timeout", settings.ATTENDEES_LOCK_TIMEOUT)]  # its form is checked at start (config.checks)
    if fast_commit and settings.ATTENDEES_FAST_COMMIT:
        values.append(("synchronous_commit", "off"))
    return values


def set_config_calls(pairs: list[tuple[str, str]]) -> tuple[str, list[str]]:
    """``set_config(name, value, true)`` (SET LOCAL as a function) for each pair, and their parameters."""
    return ", ".join(["set_config(%s, %s, true)"] * len(pairs)), [item for pair in pairs for item in pair]


def _has_room() -> Q:
    return Q(capacity__isnull=True) | Q(seats_taken__lt=F("capacity"))


def take_type_place(registration_type_id: int) -> bool:
    """One place of the type, if one is free (the conditional UPDATE this module is about)."""
    updated = (
        RegistrationType.objects.filter(pk=registration_type_id)
        .filter(_has_room())
        .update(seats_taken=F("seats_taken") + 1)
    )
    return updated == 1


def take_sub_forum_place(sub_forum_id: int) -> bool:
    """One place of the sub-forum, if one is free."""
    updated = SubForum.objects.filter(pk=sub_forum_id).filter(_has_room()).update(seats_taken=F("seats_taken") + 1)
    return updated == 1


def take_sub_forum_places(sub_forum_ids: Iterable[int]) -> list[int]:
    """A place in each sub-forum that has one, in id order (a fixed lock order); the ids that got one."""
    return [pk for pk in sorted(sub_forum_ids) if take_sub_forum_place(pk)]


def release_type_place(registration_type_id: int) -> None:
    RegistrationType.objects.filter(pk=registration_type_id, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)


def release_sub_forum_places(sub_forum_ids: list[int]) -> None:
    for sub_forum_id in sorted(sub_forum_ids):
        SubForum.objects.filter(pk=sub_forum_id, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)


def release_registration(registration: Registration) -> list[int]:
    """Give back the places a registration holds and drop its choices.

    Returns the ids of sub-forums that got a place back, for promotion.
    """
    freed: list[int] = []
    # Locked first: a promotion confirming one of these choices meanwhile commits
    # before this reads it (and the place it took is given back), or skips it.
    choices = list(
        SubForumChoice.objects.select_for_update()
        .filter(registration=registration)
        .values_list("pk", "sub_forum_id", "status")
    )
    if registration.status in HOLDING_STATUSES:
        release_type_place(registration.registration_type_id)
        freed = [sub_forum_id for _pk, sub_forum_id, status in choices if status == ChoiceStatus.CONFIRMED]
        release_sub_forum_places(freed)
    SubForumChoice.objects.filter(pk__in=[pk for pk, _sub_forum_id, _status in choices]).delete()
    return freed


def _first_in_line(queryset: QuerySet) -> Model | None:
    if connection.vendor == "postgresql":
        # Two promoters running at once each take a different person in line.
        return queryset.select_for_update(skip_locked=True, of=("self",)).first()
    return queryset.select_for_update().first()


def take_choice_places(registration: Registration, now: dt.datetime) -> list[int]:
    """Give a registration's waitlisted choices any free sub-forum places."""
    won: list[int] = []
    waiting = (
        SubForumChoice.objects.filter(registration=registration, status=ChoiceStatus.WAITLISTED)
        .only("pk", "sub_forum_id")
        .order_by("sub_forum_id")
    )
    for choice in waiting:
        if take_sub_forum_place(choice.sub_forum_id):
            won.append(choice.pk)
    if won:
        SubForumChoice.objects.filter(pk__in=won).update(status=ChoiceStatus.CONFIRMED, waitlisted_at=None)
    return won


def promote_type_waitlist(registration_type: RegistrationType) -> list[Registration]:
    """Move waitlisted registrations into free places of their type, first come first served."""
    promoted: list[Registration] = []
    now = timezone.now()
    edition = registration_type.edition
    while True:
        candidate = _first_in_line(
            Registration.objects.filter(
                registration_type=registration_type, status=RegistrationStatus.WAITLISTED
            ).order_by("waitlisted_at", "id")
        )
        if candidate is None or not take_type_place(registration_type.pk):
            break
        if candidate.confirmed_at is None:
            # Still has to prove the address: the place is held like a new one.
            candidate.status = RegistrationStatus.PENDING
            candidate.expires_at = now + dt.timedelta(hours=edition.confirmation_hold_hours)
        elif registration_type.requires_approval:
            candidate.status = RegistrationStatus.AWAITING_APPROVAL
        else:
            candidate.status = RegistrationStatus.CONFIRMED
        candidate.save(update_fields=["status", "expires_at", "updated_at"])
        take_choice_places(candidate, now)
        candidate.edition = edition
        candidate.registration_type = registration_type
        promoted.append(candidate)
    return promoted


def promote_sub_forum_waitlist(sub_forum: SubForum) -> list[SubForumChoice]:
    """Give free places of a sub-forum to waiting choices of registrations that hold a place."""
    promoted: list[SubForumChoice] = []
    while True:
        candidate = _first_in_line(
            SubForumChoice.objects.filter(
                sub_forum=sub_forum,
                status=ChoiceStatus.WAITLISTED,
                registration__status__in=HOLDING_STATUSES,
            ).order_by("waitlisted_at", "id")
        )
        if candidate is None or not take_sub_forum_place(sub_forum.pk):
            break
        SubForumChoice.objects.filter(pk=candidate.pk).update(status=ChoiceStatus.CONFIRMED, waitlisted_at=None)
        candidate.status = ChoiceStatus.CONFIRMED
        candidate.sub_forum = sub_forum
        promoted.append(candidate)
    return promoted
