"""Every change to a registration: register, confirm, change choices, cancel,
approve or reject, promote from the waiting list, expire, check in.

Pages, the API and the admin call these; the rules live here and nowhere else.
Each service runs in one transaction (``capacity_transaction``) and writes its
e-mails to the outbox in that same transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from attendees import capacity, emails, registration_sql
from attendees.enums import HOLDING_STATUSES, ChoiceStatus, RegistrationStatus
from attendees.exceptions import (
    DuplicateRegistrationError,
    InvalidStateError,
    InvalidSubForumError,
    NotAdmittedError,
    OverlappingSubForumsError,
    RegistrationClosedError,
    RegistrationExpiredError,
    RegistrationFullError,
    RegistrationNotOpenError,
    RegistrationTypeUnavailableError,
    TooFewChoicesError,
    TooManyChoicesError,
    TryAgainError,
)
from attendees.models import Registration, RegistrationType, SubForumChoice
from forums.enums import EditionStatus
from forums.models import Edition, Organisation, SubForum
from notifications.services import send_after_commit

# ------------------------------------------------------------------ checks


def check_registration_open(*, edition: Edition, now: dt.datetime | None = None) -> None:
    """Registration needs an edition in "registration open" and inside its window."""
    now = now or timezone.now()
    if edition.status != EditionStatus.REGISTRATION_OPEN:
        raise RegistrationClosedError
    if edition.registration_opens and now < edition.registration_opens:
        raise RegistrationNotOpenError
    if edition.registration_closes and now >= edition.registration_closes:
        raise RegistrationClosedError


def check_registration_type(
    *, edition: Edition, registration_type: RegistrationType, now: dt.datetime | None = None
) -> None:
    """The type must belong to the edition and be on sale now."""
    now = now or timezone.now()
    if registration_type.edition_id != edition.pk:
        raise RegistrationTypeUnavailableError
    if (registration_type.sales_start and now < registration_type.sales_start) or (
        registration_type.sales_end and now >= registration_type.sales_end
    ):
        raise RegistrationTypeUnavailableError


def check_sub_forum_choices(*, edition: Edition, sub_forums: Sequence[SubForum]) -> None:
    """Choices belong to the edition, respect its min/max, and never overlap in time."""
    if any(sf.edition_id != edition.pk or not sf.requires_registration for sf in sub_forums):
        raise InvalidSubForumError
    count = len(sub_forums)
    minimum, maximum = edition.min_subforum_choices, edition.max_subforum_choices
    if count < minimum:
        raise TooFewChoicesError(
            ngettext_lazy(
                "Please choose at least %(count)d sub-forum.", "Please choose at least %(count)d sub-forums.", minimum
            )
            % {"count": minimum}
        )
    if maximum is not None and count > maximum:
        raise TooManyChoicesError(
            ngettext_lazy(
                "Please choose at most %(count)d sub-forum.", "Please choose at most %(count)d sub-forums.", maximum
            )
            % {"count": maximum}
        )
    ordered = sorted(sub_forums, key=lambda sf: sf.start)
    for earlier, later in itertools.pairwise(ordered):
        if later.start < earlier.end:
            raise OverlappingSubForumsError(_overlap_message(earlier, later))


OVERLAP_MESSAGE = _("“%(first)s” and “%(second)s” take place at the same time; please choose one of them.")


def _overlap_message(first: SubForum, second: SubForum) -> str:
    # Lazy, so both the sentence and the sub-forum titles follow the language
    # active when the message is shown.
    return lazy(lambda: str(OVERLAP_MESSAGE) % {"first": str(first), "second": str(second)}, str)()


def resolve_sub_forums(*, edition: Edition, sub_forums: Iterable[SubForum | int]) -> list[SubForum]:
    """Accept SubForum objects or ids (the API sends ids); unknown ids are refused."""
    items = list(dict.fromkeys(sub_forums))
    ids = [item for item in items if not isinstance(item, SubForum)]
    objects = [item for item in items if isinstance(item, SubForum)]
    if ids:
        try:
            found = list(SubForum.objects.filter(edition=edition, pk__in=ids))
        except (TypeError, ValueError) as exc:
            raise InvalidSubForumError from exc
        if len(found) != len(set(ids)):
            raise InvalidSubForumError
        objects.extend(found)
    unique = {sf.pk: sf for sf in objects}
    return list(unique.values())


# ---------------------------------------------------------------- register


def register_attendee(
    *,
    edition: Edition,
    registration_type: RegistrationType,
    name: str,
    email: str,
    sub_forums: Iterable[SubForum | int] = (),
    phone: str = "",
    organisation: str = "",
    job_title: str = "",
    country: str = "",
    language: str = "zh-hans",
    partner: Organisation | None = None,
) -> Registration:
    """Register one attendee for an edition.

    Rules: the edition is open and inside its window, the type is on sale, one
    active registration per e-mail and edition, sub-forum choices within the
    edition's min/max and not overlapping. A free place of the type makes the
    registration *pending* (it holds the place for confirmation_hold_hours
    until the e-mailed link is followed); a full type puts it on the waiting
    list, or refuses it when the type has no waiting list. Each sub-forum choice
    takes a place or joins that sub-forum's own waiting list. Places are taken
    with conditional UPDATEs in one transaction (see attendees.capacity).
    """
    now = timezone.now()
    check_registration_open(edition=edition, now=now)
    check_registration_type(edition=edition, registration_type=registration_type, now=now)
    chosen = resolve_sub_forums(edition=edition, sub_forums=sub_forums)
    check_sub_forum_choices(edition=edition, sub_forums=chosen)
    details = {
        "name": name.strip(),
        "email": email.strip(),
        "phone": phone.strip(),
        "organisation": organisation.strip(),
        "job_title": job_title.strip(),
        "country": country.strip(),
        "language": language,
        "partner": partner,
    }
    if connection.vendor == "postgresql" and capacity.guard_enabled():
        return _register_in_one_statement(edition, registration_type, chosen, details, now)
    # Elsewhere, through the ORM: guess from what we last read whether a place
    # is free, write everything that does not need the hot capacity rows first,
    # and take the places last, so those rows stay locked only for the last few
    # statements. A wrong guess (the last place went meanwhile, or one came
    # free) rolls back and retries with the other outcome.
    expect_place = registration_type.seats_left != 0
    for _attempt in range(3):
        try:
            return _register_once(edition, registration_type, chosen, details, now, expect_place=expect_place)
        except _GuessWrongError:
            expect_place = not expect_place
        except IntegrityError as exc:
            _raise_for_integrity_error(exc)
    raise TryAgainError


def _raise_for_integrity_error(exc: IntegrityError) -> None:
    if "registration_one_active_per_email" in str(exc):
        raise DuplicateRegistrationError from exc
    raise TryAgainError from exc


def _register_in_one_statement(
    edition: Edition, registration_type: RegistrationType, chosen: list[SubForum], details: dict, now: dt.datetime
) -> Registration:
    """PostgreSQL: see attendees.registration_sql."""
    registration = Registration(edition=edition, registration_type=registration_type, **details)
    # Outside a transaction the statement is its own; inside one it gets a savepoint.
    savepoint = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
    try:
        with capacity.lock_trouble_as_try_again(), savepoint:
            outcome = registration_sql.register(
                registration,
                [sf.pk for sf in chosen],
                hold=dt.timedelta(hours=edition.confirmation_hold_hours),
                waitlist_enabled=registration_type.waitlist_enabled,
                transaction_settings=capacity.transaction_settings(fast_commit=True),
                now=now,
            )
            if outcome.registration is not None:
                send_after_commit()
    except IntegrityError as exc:
        _raise_for_integrity_error(exc)
    if outcome.registration is None:
        raise RegistrationFullError
    confirmed = set(outcome.confirmed_sub_forum_ids)
    outcome.registration.waiting_sub_forum_ids = tuple(sf.pk for sf in chosen if sf.pk not in confirmed)
    return outcome.registration


class _GuessWrongError(Exception):
    pass


def _register_once(
    edition: Edition,
    registration_type: RegistrationType,
    chosen: list[SubForum],
    details: dict,
    now: dt.datetime,
    *,
    expect_place: bool,
) -> Registration:
    with capacity.capacity_transaction(fast_commit=True):
        registration = Registration.objects.create(
            edition=edition,
            registration_type=registration_type,
            status=RegistrationStatus.PENDING if expect_place else RegistrationStatus.WAITLISTED,
            expires_at=now + dt.timedelta(hours=edition.confirmation_hold_hours) if expect_place else None,
            waitlisted_at=None if expect_place else now,
            **details,
        )
        SubForumChoice.objects.bulk_create(
            SubForumChoice(
                registration=registration, sub_forum=sub_forum, status=ChoiceStatus.WAITLISTED, waitlisted_at=now
            )
            for sub_forum in chosen
        )
        emails.send_received(registration)
        # The hot capacity rows last.
        has_place, confirmed = capacity.take_places_for_registration(registration, registration_type, chosen)
        if not has_place and not registration_type.waitlist_enabled:
            raise RegistrationFullError
        if has_place != expect_place:
            raise _GuessWrongError
    registration.waiting_sub_forum_ids = tuple(sf.pk for sf in chosen if sf.pk not in confirmed)
    return registration


# ---------------------------------------------------------- state changes


def _locked(registration: Registration) -> Registration:
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("edition", "registration_type")
        .get(pk=registration.pk)
    )


def _release_and_promote(registration: Registration) -> None:
    """Give back the places a registration held and let the first in line have them."""
    held = registration.status in HOLDING_STATUSES
    freed = capacity.release_registration(registration)
    if held:
        _promote_type(registration.registration_type)
    _promote_sub_forums(freed)


def _promote_type(registration_type: RegistrationType) -> list[Registration]:
    promoted = capacity.promote_type_waitlist(registration_type)
    for registration in promoted:
        emails.send_promoted(registration)
    return promoted


def _promote_sub_forums(sub_forum_ids: Iterable[int]) -> list[SubForumChoice]:
    promoted: list[SubForumChoice] = []
    for sub_forum in SubForum.objects.filter(pk__in=list(sub_forum_ids)).order_by("pk"):
        for choice in capacity.promote_sub_forum_waitlist(sub_forum):
            choice.registration = Registration.objects.select_related("edition", "registration_type").get(
                pk=choice.registration_id
            )
            emails.send_choice_promoted(choice)
            promoted.append(choice)
    return promoted


def confirm_registration(*, registration: Registration) -> Registration:
    """Following the e-mailed link proves the address.

    A pending registration becomes confirmed, or awaiting approval when its type
    requires an organiser's approval; a waitlisted one keeps its place in line
    and is confirmed straight away when promoted. Following the link again
    changes nothing. A pending registration past its hold has expired.
    """
    with capacity.capacity_transaction():
        registration = _locked(registration)
        now = timezone.now()
        overdue = registration.expires_at is not None and registration.expires_at <= now
        if registration.status == RegistrationStatus.PENDING and overdue:
            _expire(registration, now)
            expired = True
        else:
            expired = False
            if registration.status == RegistrationStatus.EXPIRED:
                expired = True
            elif registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED):
                raise InvalidStateError
            elif registration.confirmed_at is None:
                registration.confirmed_at = now
                if registration.status == RegistrationStatus.PENDING:
                    registration.expires_at = None
                    registration.status = (
                        RegistrationStatus.AWAITING_APPROVAL
                        if registration.registration_type.requires_approval
                        else RegistrationStatus.CONFIRMED
                    )
                registration.save(update_fields=["confirmed_at", "expires_at", "status", "updated_at"])
    if expired:
        raise RegistrationExpiredError
    return registration


def cancel_registration(*, registration: Registration) -> Registration:
    """The attendee cancels: places go back and the first in line is promoted. Idempotent."""
    with capacity.capacity_transaction():
        registration = _locked(registration)
        if registration.status not in (RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED):
            if registration.status in (RegistrationStatus.REJECTED, RegistrationStatus.CHECKED_IN):
                raise InvalidStateError
            _release_and_promote(registration)
            registration.status = RegistrationStatus.CANCELLED
            registration.cancelled_at = timezone.now()
            registration.expires_at = None
            registration.save(update_fields=["status", "cancelled_at", "expires_at", "updated_at"])
            emails.send_cancelled(registration)
    return registration


def change_sub_forums(*, registration: Registration, sub_forums: Iterable[SubForum | int]) -> Registration:
    """Replace a registration's sub-forum choices under the same rules as registering.

    Kept choices keep their place (or their place in line); dropped confirmed
    choices give their place to the first in line; new choices take a free
    place or join the waiting list (always the waiting list while the
    registration itself waits for a place).
    """
    edition = registration.edition
    chosen = resolve_sub_forums(edition=edition, sub_forums=sub_forums)
    check_sub_forum_choices(edition=edition, sub_forums=chosen)
    with capacity.capacity_transaction():
        registration = _locked(registration)
        if registration.status not in (*HOLDING_STATUSES, RegistrationStatus.WAITLISTED):
            raise InvalidStateError
        now = timezone.now()
        # Locked, like in capacity.release_registration: a promotion cannot change them under us.
        current = {
            c.sub_forum_id: c for c in SubForumChoice.objects.select_for_update().filter(registration=registration)
        }
        wanted = {sf.pk: sf for sf in chosen}
        dropped = [current[pk] for pk in sorted(current) if pk not in wanted]
        freed = [c.sub_forum_id for c in dropped if c.status == ChoiceStatus.CONFIRMED]
        capacity.release_sub_forum_places(freed)
        SubForumChoice.objects.filter(pk__in=[c.pk for c in dropped]).delete()
        holds = registration.status in HOLDING_STATUSES
        added = []
        for pk in sorted(wanted):
            if pk in current:
                continue
            confirmed = holds and capacity.take_sub_forum_place(pk, wanted[pk].capacity)
            added.append(
                SubForumChoice(
                    registration=registration,
                    sub_forum=wanted[pk],
                    status=ChoiceStatus.CONFIRMED if confirmed else ChoiceStatus.WAITLISTED,
                    waitlisted_at=None if confirmed else now,
                )
            )
        SubForumChoice.objects.bulk_create(added)
        _promote_sub_forums(freed)
    return registration


def approve_registration(*, registration: Registration) -> Registration:
    """An organiser admits a registration that awaits approval; the attendee is told."""
    with capacity.capacity_transaction():
        registration = _locked(registration)
        if registration.status != RegistrationStatus.AWAITING_APPROVAL:
            raise InvalidStateError
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        emails.send_approved(registration)
    return registration


def reject_registration(*, registration: Registration) -> Registration:
    """An organiser turns a registration down; its places go to the first in line; the attendee is told."""
    with capacity.capacity_transaction():
        registration = _locked(registration)
        if registration.status not in (
            RegistrationStatus.AWAITING_APPROVAL,
            RegistrationStatus.PENDING,
            RegistrationStatus.WAITLISTED,
            RegistrationStatus.CONFIRMED,
        ):
            raise InvalidStateError
        _release_and_promote(registration)
        registration.status = RegistrationStatus.REJECTED
        registration.expires_at = None
        registration.save(update_fields=["status", "expires_at", "updated_at"])
        emails.send_rejected(registration)
    return registration


def promote_waitlist(*, registration_type: RegistrationType | None = None, sub_forum: SubForum | None = None) -> int:
    """Fill free places from the waiting lists, first in line first; call after raising a capacity.

    Returns how many registrations and sub-forum choices were promoted; each is told by e-mail.
    """
    promoted = 0
    with capacity.capacity_transaction():
        if registration_type is not None:
            registration_type = RegistrationType.objects.select_related("edition").get(pk=registration_type.pk)
            promoted += len(_promote_type(registration_type))
        if sub_forum is not None:
            promoted += len(_promote_sub_forums([sub_forum.pk]))
    return promoted


def _expire(registration: Registration, now: dt.datetime) -> None:
    _release_and_promote(registration)
    registration.status = RegistrationStatus.EXPIRED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])


def expire_pending_registrations(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Pending registrations not confirmed within the hold expire and free their places. Idempotent."""
    now = now or timezone.now()
    due = list(
        Registration.objects.filter(status=RegistrationStatus.PENDING, expires_at__lte=now)
        .order_by("expires_at")
        .values_list("pk", flat=True)[:limit]
    )
    expired = 0
    for pk in due:
        with capacity.capacity_transaction():
            registration = _locked(Registration(pk=pk))
            if registration.status == RegistrationStatus.PENDING and registration.expires_at <= now:
                _expire(registration, now)
                expired += 1
    return expired


# ---------------------------------------------------------------- check-in


def check_in(*, registration: Registration, sub_forum: SubForum | None = None) -> tuple[dt.datetime, bool]:
    """Admit a confirmed registration (or its confirmed choice at a sub-forum door).

    Returns the check-in time and whether this was the first check-in; a second
    scan reports the first time instead of counting twice.
    """
    now = timezone.now()
    admitted = (RegistrationStatus.CONFIRMED, RegistrationStatus.CHECKED_IN)
    if registration.status not in admitted:
        raise NotAdmittedError
    # Each UPDATE re-checks the status it needs, so a cancellation that lands
    # between the page's read and this write is refused, not undone.
    if sub_forum is None:
        first = Registration.objects.filter(
            pk=registration.pk, status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=True
        ).update(status=RegistrationStatus.CHECKED_IN, checked_in_at=now)
        registration.refresh_from_db(fields=["status", "checked_in_at"])
        if registration.status != RegistrationStatus.CHECKED_IN:
            raise NotAdmittedError
        return registration.checked_in_at or now, first == 1
    choices = SubForumChoice.objects.filter(
        registration=registration, sub_forum=sub_forum, status=ChoiceStatus.CONFIRMED, registration__status__in=admitted
    )
    first = choices.filter(checked_in_at__isnull=True).update(checked_in_at=now)
    checked_in_at = choices.values_list("checked_in_at", flat=True).first()
    if checked_in_at is None:
        raise NotAdmittedError
    return checked_in_at, first == 1
