"""Every change to a registration: register, confirm, change choices, cancel,
approve or reject, promote from the waiting list, expire, check in.

Pages, the API and the admin call these; the rules live here and nowhere else.
Each change runs in one transaction with a bounded lock wait
(``capacity.capacity_transaction``; a new registration on PostgreSQL is a
single statement, ``registration_sql``) and writes its e-mails to the outbox in
that same transaction. In it too, each new registration and each change of
status is announced to the layers above (``changes``): a partner's
registration becomes a webhook event. A refusal is a ``RegistrationError``
(``exceptions``).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q, Value
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from attendees import capacity, changes, emails, registration_orm, registration_sql
from attendees.enums import ADMITTED_STATUSES, HOLDING_STATUSES, ChoiceStatus, RegistrationStatus
from attendees.exceptions import (
    DuplicateRegistrationError,
    InvalidStateError,
    InvalidSubForumError,
    NoRegistrationNeededError,
    NotAdmittedError,
    OverlappingSubForumsError,
    RegistrationClosedError,
    RegistrationExpiredError,
    RegistrationFullError,
    RegistrationNotOpenError,
    RegistrationTypeUnavailableError,
    TooFewChoicesError,
    TooManyChoicesError,
    TooManyUnconfirmedError,
    TryAgainError,
)
from attendees.models import Registration, RegistrationType, SubForumChoice
from attendees.new_registration import NewRegistration, Outcome
from audit import services as audit
from audit.enums import ActorKind, Verb
from audit.places import Place
from forums.carry_over import CarryOver
from forums.enums import EditionStatus
from forums.models import Edition, Organisation, SubForum
from forums.services import translated

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
    if any(sf.edition_id != edition.pk for sf in sub_forums):
        raise InvalidSubForumError
    open_to_all = [sf for sf in sub_forums if not sf.requires_registration]
    if open_to_all:
        raise NoRegistrationNeededError(_open_to_all_message(open_to_all[0]))
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


OVERLAP_MESSAGE = _("%(first)s and %(second)s take place at the same time; please choose one of them.")


NO_REGISTRATION_MESSAGE = _("%(title)s needs no registration: everyone may attend it.")


_QUOTES = "“\"「『《‘'"  # noqa: RUF001 - the opening quotation marks of Chinese and English titles


def quoted(title: object) -> str:
    """A title in quotation marks, unless it begins with its own (“科创中国”服务论坛)."""
    text = str(title)
    return text if text[:1] in _QUOTES else f"“{text}”"


def _open_to_all_message(sub_forum: SubForum) -> str:
    return lazy(lambda: str(NO_REGISTRATION_MESSAGE) % {"title": quoted(sub_forum)}, str)()


def _overlap_message(first: SubForum, second: SubForum) -> str:
    # Lazy, so both the sentence and the sub-forum titles follow the language
    # active when the message is shown.
    return lazy(lambda: str(OVERLAP_MESSAGE) % {"first": quoted(first), "second": quoted(second)}, str)()


NOT_IN_EDITION_MESSAGE = _("Not sub-forums of this edition: %(ids)s.")


def email_domain(email: str) -> str:
    return email.strip().rsplit("@", 1)[-1].lower()


def check_unconfirmed_limits(*, edition: Edition, client_ip: str, email: str) -> None:
    """At most ``ATTENDEES_UNCONFIRMED_PER_ADDRESS`` unconfirmed registrations of the edition
    from one client address, and ``ATTENDEES_UNCONFIRMED_PER_DOMAIN`` from one e-mail domain
    (the big public mail providers are counted per address only). One query."""
    per_address, per_domain = settings.ATTENDEES_UNCONFIRMED_PER_ADDRESS, settings.ATTENDEES_UNCONFIRMED_PER_DOMAIN
    domain = email_domain(email)
    counts_domain = per_domain > 0 and domain not in settings.ATTENDEES_SHARED_MAIL_DOMAINS
    if per_address <= 0 and not counts_domain:
        return
    same_address, same_domain = Q(client_ip=client_ip), Q(email__iendswith=f"@{domain}")
    counts = Registration.objects.filter(edition=edition, status=RegistrationStatus.PENDING).aggregate(
        by_address=Count("pk", filter=same_address),
        by_domain=Count("pk", filter=same_domain) if counts_domain else Value(0),
    )
    if (per_address > 0 and counts["by_address"] >= per_address) or (
        counts_domain and counts["by_domain"] >= per_domain
    ):
        raise TooManyUnconfirmedError


def resolve_sub_forums(*, edition: Edition, sub_forums: Iterable[SubForum | int]) -> list[SubForum]:
    """SubForum objects for objects or ids (the API sends ids), in the order given, each once.

    An id that is not a sub-forum of ``edition`` is refused, naming it.
    """
    items = list(dict.fromkeys(sub_forums))
    ids = [item for item in items if not isinstance(item, SubForum)]
    found: dict[int, SubForum] = {}
    if ids:
        if not all(isinstance(pk, int) for pk in ids):
            raise InvalidSubForumError
        found = SubForum.objects.filter(edition=edition, pk__in=ids).in_bulk()
        missing = [pk for pk in ids if pk not in found]
        if missing:
            raise InvalidSubForumError(
                lazy(lambda: str(NOT_IN_EDITION_MESSAGE) % {"ids": ", ".join(map(str, missing))}, str)()
            )
    resolved = [item if isinstance(item, SubForum) else found[item] for item in items]
    return list({sf.pk: sf for sf in resolved}.values())


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
    client_ip: str | None = None,
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
    From a public page (``client_ip`` given), an address or an e-mail domain with
    too many unconfirmed registrations of the edition is asked to confirm those first
    (``check_unconfirmed_limits``), so a flood cannot hold every place.
    """
    now = timezone.now()
    check_registration_open(edition=edition, now=now)
    check_registration_type(edition=edition, registration_type=registration_type, now=now)
    chosen = resolve_sub_forums(edition=edition, sub_forums=sub_forums)
    check_sub_forum_choices(edition=edition, sub_forums=chosen)
    if client_ip:
        check_unconfirmed_limits(edition=edition, client_ip=client_ip, email=email)
    details = {
        "name": name.strip(),
        "email": email.strip(),
        "phone": phone.strip(),
        "organisation": organisation.strip(),
        "job_title": job_title.strip(),
        "country": country.strip(),
        "language": language,
        "partner": partner,
        "client_ip": client_ip or None,
    }
    new = NewRegistration(
        registration=Registration(edition=edition, registration_type=registration_type, **details),
        sub_forum_ids=tuple(sorted(sf.pk for sf in chosen)),
        hold=dt.timedelta(hours=edition.confirmation_hold_hours),
        waitlist_enabled=registration_type.waitlist_enabled,
        now=now,
    )
    # A registration someone listens to (a partner's) is announced in its own transaction
    # (listeners write rows); the others stay one statement on PostgreSQL. Among many changes
    # kept or rolled back whole (``all_or_nothing``) the statement is all there is to run now.
    announced = changes.concerned(new.registration)
    own_transaction = (announced or partner is not None) and not _all_or_nothing.get()
    try:
        with capacity.lock_trouble_as_try_again(), _transaction_if(own_transaction):
            outcome = _writer()(new, savepoint=not own_transaction and not _all_or_nothing.get())
            if announced and outcome.registration is not None:
                changes.announce(outcome.registration, changes.CREATED)
            if partner is not None and outcome.registration is not None:
                # A registration from the public page is its own record (created_at, client
                # address); one a partner made through the API is recorded as the partner's.
                audit.record(
                    actor=None,
                    verb=Verb.CREATED,
                    obj=outcome.registration,
                    actor_kind=ActorKind.PARTNER,
                    actor_name=str(partner),
                )
    except IntegrityError as exc:
        if "registration_one_active_per_email" in str(exc):
            raise DuplicateRegistrationError from exc
        raise TryAgainError from exc
    if outcome.registration is None:
        raise RegistrationFullError
    confirmed = set(outcome.confirmed_sub_forum_ids)
    outcome.registration.waiting_sub_forum_ids = tuple(sf.pk for sf in chosen if sf.pk not in confirmed)
    return outcome.registration


def _transaction_if(needed: bool) -> AbstractContextManager:
    return transaction.atomic() if needed else nullcontext()


def _writer() -> Callable[..., Outcome]:
    """PostgreSQL writes a new registration in one statement; other databases through the ORM."""
    return registration_sql.register if connection.vendor == "postgresql" else registration_orm.register


_all_or_nothing: ContextVar[bool] = ContextVar("all_or_nothing", default=False)


@contextmanager
def all_or_nothing() -> Iterator[None]:
    """Many changes in the caller's transaction, which keeps them all or rolls them all back (an
    import of a guest list): the rules are the same, the bookkeeping is done together at the end —
    the audit entries and the announcements to listeners (webhook events) are written when the
    block ends (``audit.services.deferred``, ``changes.deferred``), or not at all when it ends with
    the transaction marked for rollback (a preview) — and a new registration is its statement alone,
    without a savepoint of its own. So the caller must roll back everything when a change fails:
    after a database error (a ``RegistrationError`` caused by one, such as a duplicate registered
    meanwhile, included) the transaction cannot go on."""
    token = _all_or_nothing.set(True)
    try:
        with audit.deferred(), changes.deferred():
            yield
    finally:
        _all_or_nothing.reset(token)


# ---------------------------------------------------------- state changes
#
# Every change of a registration's status is recorded in the audit trail, in its
# transaction, with who made it: ``actor`` is the staff user acting (the admin
# passes ``request.user``); without one, the attendee (their own link) or the
# system (a periodic task) is named, as each service says.


def _record(
    registration: Registration,
    verb: str,
    *,
    actor: Any,
    old_status: str | None = None,
    without_actor: str = ActorKind.SYSTEM,
    detail: dict[str, Any] | None = None,
    places: list[Place] | None = None,
) -> None:
    changes = None
    if old_status is not None and old_status != registration.status:
        changes = {"status": (old_status, registration.status)}
    audit.record(
        actor=actor,
        verb=verb,
        obj=registration,
        changes=changes,
        detail=detail,
        places=places,
        actor_kind=None if actor is not None else without_actor,
    )


def _locked(registration: Registration) -> Registration:
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("edition", "registration_type")
        .get(pk=registration.pk)
    )


def _release_and_promote(registration: Registration, *, actor: Any = None) -> None:
    """Give back the places a registration held and let the first in line have them."""
    held = registration.status in HOLDING_STATUSES
    freed = capacity.release_registration(registration)
    if held:
        _promote_type(registration.registration_type, actor=actor)
    _promote_sub_forums(freed, actor=actor)


def _promote_type(registration_type: RegistrationType, *, actor: Any = None) -> list[Registration]:
    promoted = capacity.promote_type_waitlist(registration_type)
    for registration in promoted:
        emails.send_promoted(registration)
        changes.announce(registration, changes.UPDATED)
        _record(registration, Verb.PROMOTED, actor=actor, old_status=RegistrationStatus.WAITLISTED)
    return promoted


def _promote_sub_forums(sub_forum_ids: Iterable[int], *, actor: Any = None) -> list[SubForumChoice]:
    promoted: list[SubForumChoice] = []
    for sub_forum in SubForum.objects.filter(pk__in=list(sub_forum_ids)).select_related("edition").order_by("pk"):
        for choice in capacity.promote_sub_forum_waitlist(sub_forum):
            choice.registration = Registration.objects.select_related("edition", "registration_type").get(
                pk=choice.registration_id
            )
            emails.send_choice_promoted(choice)
            changes.announce(choice.registration, changes.UPDATED)
            _record(
                choice.registration,
                Verb.PROMOTED,
                actor=actor,
                detail={"sub_forum": sub_forum},
                places=[
                    Place(
                        forum_id=sub_forum.edition.forum_id, edition_id=sub_forum.edition_id, sub_forum_id=sub_forum.pk
                    )
                ],
            )
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
                old_status = registration.status
                if registration.status == RegistrationStatus.PENDING:
                    registration.expires_at = None
                    registration.status = (
                        RegistrationStatus.AWAITING_APPROVAL
                        if registration.registration_type.requires_approval
                        else RegistrationStatus.CONFIRMED
                    )
                    changed = True
                else:  # waitlisted: the address is proven, the place in line unchanged
                    changed = False
                registration.save(update_fields=["confirmed_at", "expires_at", "status", "updated_at"])
                if changed:
                    changes.announce(registration, changes.UPDATED)
                    _record(
                        registration,
                        Verb.STATUS_CHANGED,
                        actor=None,
                        old_status=old_status,
                        without_actor=ActorKind.ATTENDEE,
                    )
    if expired:
        raise RegistrationExpiredError
    return registration


def cancel_registration(*, registration: Registration, actor: Any = None) -> Registration:
    """The attendee (``actor`` None: through their own link) or an organiser cancels:
    places go back and the first in line is promoted. Idempotent."""
    with capacity.capacity_transaction():
        registration = _locked(registration)
        if registration.status not in (RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED):
            if registration.status in (RegistrationStatus.REJECTED, RegistrationStatus.CHECKED_IN):
                raise InvalidStateError
            old_status = registration.status
            _release_and_promote(registration, actor=actor)
            registration.status = RegistrationStatus.CANCELLED
            registration.cancelled_at = timezone.now()
            registration.expires_at = None
            registration.save(update_fields=["status", "cancelled_at", "expires_at", "updated_at"])
            emails.send_cancelled(registration)
            changes.announce(registration, changes.UPDATED)
            _record(registration, Verb.CANCELLED, actor=actor, old_status=old_status, without_actor=ActorKind.ATTENDEE)
    return registration


def change_sub_forums(
    *, registration: Registration, sub_forums: Iterable[SubForum | int], actor: Any = None
) -> Registration:
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
            confirmed = holds and capacity.take_sub_forum_place(pk)
            added.append(
                SubForumChoice(
                    registration=registration,
                    sub_forum=wanted[pk],
                    status=ChoiceStatus.CONFIRMED if confirmed else ChoiceStatus.WAITLISTED,
                    waitlisted_at=None if confirmed else now,
                )
            )
        SubForumChoice.objects.bulk_create(added)
        if dropped or added:
            before = {pk: current[pk].sub_forum for pk in current}
            audit.record(
                actor=actor,
                verb=Verb.CHANGED,
                obj=registration,
                changes={"sub_forums": ([before[pk] for pk in sorted(before)], [wanted[pk] for pk in sorted(wanted)])},
                actor_kind=None if actor is not None else ActorKind.ATTENDEE,
            )
        _promote_sub_forums(freed, actor=actor)
    return registration


def approve_registration(*, registration: Registration, actor: Any = None) -> Registration:
    """An organiser (``actor``) admits a registration that awaits approval; the attendee is told."""
    with capacity.capacity_transaction():
        registration = _locked(registration)
        if registration.status != RegistrationStatus.AWAITING_APPROVAL:
            raise InvalidStateError
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        emails.send_approved(registration)
        changes.announce(registration, changes.UPDATED)
        _record(registration, Verb.APPROVED, actor=actor, old_status=RegistrationStatus.AWAITING_APPROVAL)
    return registration


def reject_registration(*, registration: Registration, actor: Any = None) -> Registration:
    """An organiser (``actor``) turns a registration down; its places go to the first in line; the attendee is told."""
    with capacity.capacity_transaction():
        registration = _locked(registration)
        if registration.status not in (
            RegistrationStatus.AWAITING_APPROVAL,
            RegistrationStatus.PENDING,
            RegistrationStatus.WAITLISTED,
            RegistrationStatus.CONFIRMED,
        ):
            raise InvalidStateError
        old_status = registration.status
        _release_and_promote(registration, actor=actor)
        registration.status = RegistrationStatus.REJECTED
        registration.expires_at = None
        registration.save(update_fields=["status", "expires_at", "updated_at"])
        emails.send_rejected(registration)
        changes.announce(registration, changes.UPDATED)
        _record(registration, Verb.REJECTED, actor=actor, old_status=old_status)
    return registration


def promote_waitlist(
    *, registration_type: RegistrationType | None = None, sub_forum: SubForum | None = None, actor: Any = None
) -> int:
    """Fill free places from the waiting lists, first in line first; call after raising a capacity.

    Returns how many registrations and sub-forum choices were promoted; each is told by e-mail,
    and each promotion is recorded as ``actor``'s.
    """
    promoted = 0
    with capacity.capacity_transaction():
        if registration_type is not None:
            registration_type = RegistrationType.objects.select_related("edition").get(pk=registration_type.pk)
            promoted += len(_promote_type(registration_type, actor=actor))
        if sub_forum is not None:
            promoted += len(_promote_sub_forums([sub_forum.pk], actor=actor))
    return promoted


def save_and_promote(*, obj: RegistrationType | SubForum, created: bool, actor: Any = None) -> int:
    """An organiser saves a registration type or sub-forum (the admin's form, an import).

    Rule: every field is saved except ``seats_taken`` (the form's copy may be
    stale: places taken since the page loaded must not be overwritten); then
    the places a raised capacity opened go to the waiting list, first in line
    first. Returns how many were promoted.
    """
    if created:
        obj.save()
        return 0
    fields = [f.attname for f in obj._meta.concrete_fields if not f.primary_key and f.attname != "seats_taken"]
    obj.save(update_fields=fields)
    if isinstance(obj, RegistrationType):
        return promote_waitlist(registration_type=obj, actor=actor)
    return promote_waitlist(sub_forum=obj, actor=actor)


def _expire(registration: Registration, now: dt.datetime) -> None:
    _release_and_promote(registration)
    old_status = registration.status
    registration.status = RegistrationStatus.EXPIRED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    changes.announce(registration, changes.UPDATED)
    _record(registration, Verb.STATUS_CHANGED, actor=None, old_status=old_status)


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


def check_in(
    *, registration: Registration, sub_forum: SubForum | None = None, actor: Any = None
) -> tuple[dt.datetime, bool]:
    """Admit a confirmed registration (or its confirmed choice at a sub-forum door).

    Returns the check-in time and whether this was the first check-in; a second
    scan reports the first time instead of counting twice. The first check-in is
    recorded as ``actor``'s (the desk), in the transaction of the change.
    """
    now = timezone.now()
    if registration.status not in ADMITTED_STATUSES:
        raise NotAdmittedError
    # Each UPDATE re-checks the status it needs, so a cancellation that lands
    # between the page's read and this write is refused, not undone.
    if sub_forum is None:
        with transaction.atomic():
            first = Registration.objects.filter(
                pk=registration.pk, status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=True
            ).update(status=RegistrationStatus.CHECKED_IN, checked_in_at=now)
            registration.refresh_from_db(fields=["status", "checked_in_at"])
            if registration.status != RegistrationStatus.CHECKED_IN:
                raise NotAdmittedError
            if first == 1:
                changes.announce(registration, changes.UPDATED)
                _record(registration, Verb.CHECKED_IN, actor=actor, old_status=RegistrationStatus.CONFIRMED)
        return registration.checked_in_at or now, first == 1
    choices = SubForumChoice.objects.filter(
        registration=registration,
        sub_forum=sub_forum,
        status=ChoiceStatus.CONFIRMED,
        registration__status__in=ADMITTED_STATUSES,
    )
    with transaction.atomic():
        first = choices.filter(checked_in_at__isnull=True).update(checked_in_at=now)
        checked_in_at = choices.values_list("checked_in_at", flat=True).first()
        if checked_in_at is None:
            raise NotAdmittedError
        if first == 1:
            _record(
                registration,
                Verb.CHECKED_IN,
                actor=actor,
                detail={"door": sub_forum},
                places=[
                    Place(
                        forum_id=registration.edition.forum_id,
                        edition_id=sub_forum.edition_id,
                        sub_forum_id=sub_forum.pk,
                    )
                ],
            )
    return checked_in_at, first == 1


# ---------------------------------------------------------- next edition


def carry_registration_types(context: CarryOver) -> None:
    """A carry-over step (``forums.carry_over``): the previous edition's registration
    types, sales windows moved with the edition, no places taken."""
    RegistrationType.objects.bulk_create(
        RegistrationType(
            edition=context.edition,
            slug=registration_type.slug,
            **translated(registration_type, "name"),
            **translated(registration_type, "description"),
            capacity=registration_type.capacity,
            requires_approval=registration_type.requires_approval,
            waitlist_enabled=registration_type.waitlist_enabled,
            sales_start=context.shift(registration_type.sales_start),
            sales_end=context.shift(registration_type.sales_end),
            order=registration_type.order,
        )
        for registration_type in context.previous.registration_types.all()
    )
