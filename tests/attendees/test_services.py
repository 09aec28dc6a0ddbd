"""The registration rules, at the service level."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from attendees import services
from attendees.enums import ChoiceStatus, RegistrationStatus
from attendees.exceptions import RegistrationError
from attendees.models import Registration, SubForumChoice
from forums.enums import EditionStatus
from outbox.models import OutboxMessage
from tests.factories import RegistrationTypeFactory, SubForumFactory

pytestmark = pytest.mark.django_db


def _refresh(*objects):
    for obj in objects:
        obj.refresh_from_db()


def test_register_new_attendee_is_pending_and_holds_places(register, reg_type, sub_forum):
    registration = register(1, sub_forums=[sub_forum])
    _refresh(reg_type, sub_forum)
    assert registration.status == RegistrationStatus.PENDING
    assert registration.expires_at is not None
    assert reg_type.seats_taken == 1
    assert sub_forum.seats_taken == 1
    assert list(registration.choices.values_list("status", flat=True)) == [ChoiceStatus.CONFIRMED]
    assert OutboxMessage.objects.get().dedupe_key == f"registration:{registration.code}:confirm"


def test_register_accepts_sub_forum_ids(register, sub_forum):
    registration = register(1, sub_forums=[sub_forum.pk])
    assert [c.sub_forum_id for c in registration.choices.all()] == [sub_forum.pk]


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"status": EditionStatus.CLOSED}, "closed", None),
        ({"status": EditionStatus.PUBLISHED}, "closed", None),
        ({"registration_opens": timezone.now() + dt.timedelta(days=1)}, "not_open", None),
        (
            {
                "registration_opens": timezone.now() - dt.timedelta(days=2),
                "registration_closes": timezone.now() - dt.timedelta(days=1),
            },
            "closed",
            None,
        ),
    ],
)
def test_register_refused_outside_window(register, edition, change, code, field):
    for key, value in change.items():
        setattr(edition, key, value)
    edition.save()
    with pytest.raises(RegistrationError) as info:
        register(1)
    assert (info.value.code, info.value.field) == (code, field)
    assert Registration.objects.count() == 0


def test_register_same_email_twice_is_duplicate(register):
    register(1)
    with pytest.raises(RegistrationError) as info:
        register(2, email="PERSON1@example.org")
    assert (info.value.code, info.value.field) == ("duplicate", "email")
    assert Registration.objects.count() == 1


def test_register_again_after_cancelling_is_allowed(register):
    services.cancel_registration(registration=register(1))
    assert register(1).status == RegistrationStatus.PENDING


def test_register_type_of_other_edition_refused(register):
    with pytest.raises(RegistrationError) as info:
        register(1, registration_type=RegistrationTypeFactory())
    assert (info.value.code, info.value.field) == ("invalid_type", "registration_type")


def test_register_full_type_goes_on_waiting_list(register, reg_type, sub_forum):
    reg_type.capacity = 1
    reg_type.save()
    register(1, sub_forums=[sub_forum])
    waiting = register(2, sub_forums=[sub_forum])
    _refresh(reg_type, sub_forum)
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert waiting.waitlisted_at is not None
    # A waiting registration holds no sub-forum place either.
    assert (reg_type.seats_taken, sub_forum.seats_taken) == (1, 1)
    assert list(waiting.choices.values_list("status", flat=True)) == [ChoiceStatus.WAITLISTED]
    assert OutboxMessage.objects.filter(dedupe_key=f"registration:{waiting.code}:waitlisted").exists()


def test_register_full_type_without_waiting_list_refused(register, reg_type):
    reg_type.capacity = 1
    reg_type.waitlist_enabled = False
    reg_type.save()
    register(1)
    with pytest.raises(RegistrationError) as info:
        register(2)
    assert (info.value.code, info.value.field) == ("full", "registration_type")
    assert Registration.objects.count() == 1


def test_register_overlapping_sub_forums_refused(register, edition):
    first = SubForumFactory(edition=edition)
    second = SubForumFactory(edition=edition, start=first.start + dt.timedelta(hours=1))
    with pytest.raises(RegistrationError) as info:
        register(1, sub_forums=[first, second])
    assert (info.value.code, info.value.field) == ("overlap", "sub_forums")


def test_register_back_to_back_sub_forums_allowed(register, edition):
    first = SubForumFactory(edition=edition)
    second = SubForumFactory(edition=edition, start=first.end)
    assert register(1, sub_forums=[first, second]).choices.count() == 2


def test_register_choice_limits(register, edition):
    edition.min_subforum_choices = 1
    edition.max_subforum_choices = 1
    edition.save()
    first = SubForumFactory(edition=edition)
    second = SubForumFactory(edition=edition, start=first.end)
    with pytest.raises(RegistrationError) as info:
        register(1)
    assert info.value.code == "too_few_choices"
    with pytest.raises(RegistrationError) as info:
        register(1, sub_forums=[first, second])
    assert info.value.code == "too_many_choices"


def test_register_sub_forum_of_other_edition_refused(register):
    with pytest.raises(RegistrationError) as info:
        register(1, sub_forums=[SubForumFactory()])
    assert info.value.code == "invalid_sub_forum"
    with pytest.raises(RegistrationError) as info:
        register(1, sub_forums=[987654])
    assert info.value.code == "invalid_sub_forum"


def test_full_sub_forum_choice_waits_in_its_own_line(register, sub_forum):
    register(1, sub_forums=[sub_forum])
    register(2, sub_forums=[sub_forum])
    third = register(3, sub_forums=[sub_forum])
    assert third.status == RegistrationStatus.PENDING
    assert third.choices.get().status == ChoiceStatus.WAITLISTED


def test_confirm_pending_becomes_confirmed(register):
    registration = services.confirm_registration(registration=register(1))
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.confirmed_at is not None
    assert registration.expires_at is None


def test_confirm_requires_approval_awaits_then_approved(register, reg_type):
    reg_type.requires_approval = True
    reg_type.save()
    registration = services.confirm_registration(registration=register(1))
    assert registration.status == RegistrationStatus.AWAITING_APPROVAL
    registration = services.approve_registration(registration=registration)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert OutboxMessage.objects.filter(dedupe_key=f"registration:{registration.code}:approved").exists()


def test_reject_frees_place_and_promotes(register, reg_type):
    reg_type.capacity = 1
    reg_type.requires_approval = True
    reg_type.save()
    first = services.confirm_registration(registration=register(1))
    second = register(2)
    services.reject_registration(registration=first)
    _refresh(first, second, reg_type)
    assert first.status == RegistrationStatus.REJECTED
    assert second.status == RegistrationStatus.PENDING
    assert reg_type.seats_taken == 1
    assert OutboxMessage.objects.filter(dedupe_key=f"registration:{first.code}:rejected").exists()
    assert OutboxMessage.objects.filter(dedupe_key=f"registration:{second.code}:promoted").exists()


def test_approve_refused_when_not_awaiting(register):
    with pytest.raises(RegistrationError) as info:
        services.approve_registration(registration=register(1))
    assert info.value.code == "invalid_state"


def test_cancel_promotes_first_in_line_in_order(register, reg_type, sub_forum):
    reg_type.capacity = 1
    reg_type.save()
    holder = register(1, sub_forums=[sub_forum])
    first_waiting = register(2, sub_forums=[sub_forum])
    services.confirm_registration(registration=first_waiting)
    second_waiting = register(3)
    services.cancel_registration(registration=holder)
    _refresh(holder, first_waiting, second_waiting, reg_type, sub_forum)
    assert holder.status == RegistrationStatus.CANCELLED
    # Confirmed its address while waiting, so confirmed outright when promoted.
    assert first_waiting.status == RegistrationStatus.CONFIRMED
    assert first_waiting.choices.get().status == ChoiceStatus.CONFIRMED
    assert second_waiting.status == RegistrationStatus.WAITLISTED
    assert (reg_type.seats_taken, sub_forum.seats_taken) == (1, 1)
    assert not SubForumChoice.objects.filter(registration=holder).exists()
    keys = set(OutboxMessage.objects.values_list("dedupe_key", flat=True))
    assert f"registration:{holder.code}:cancelled" in keys
    assert f"registration:{first_waiting.code}:promoted" in keys


def test_cancel_twice_is_harmless(register, reg_type):
    registration = register(1)
    services.cancel_registration(registration=registration)
    services.cancel_registration(registration=registration)
    reg_type.refresh_from_db()
    assert reg_type.seats_taken == 0
    assert OutboxMessage.objects.filter(kind="attendees.cancelled").count() == 1


def test_cancel_promotes_sub_forum_waiting_choice(register, sub_forum):
    first = register(1, sub_forums=[sub_forum])
    register(2, sub_forums=[sub_forum])
    third = register(3, sub_forums=[sub_forum])
    services.cancel_registration(registration=first)
    assert third.choices.get().status == ChoiceStatus.CONFIRMED
    choice = third.choices.get()
    message = OutboxMessage.objects.get(dedupe_key=f"choice:{choice.pk}:promoted")
    assert message.recipient == "person3@example.org"


def test_change_sub_forums_frees_and_takes_places(register, edition, sub_forum):
    other = SubForumFactory(edition=edition, start=sub_forum.end, capacity=1)
    first = register(1, sub_forums=[sub_forum])
    register(2, sub_forums=[sub_forum])
    third = register(3, sub_forums=[sub_forum])
    services.change_sub_forums(registration=first, sub_forums=[other])
    _refresh(sub_forum, other)
    assert [(c.sub_forum_id, c.status) for c in first.choices.all()] == [(other.pk, ChoiceStatus.CONFIRMED)]
    assert third.choices.get().status == ChoiceStatus.CONFIRMED
    assert (sub_forum.seats_taken, other.seats_taken) == (2, 1)


def test_change_sub_forums_checks_overlap(register, edition, sub_forum):
    clash = SubForumFactory(edition=edition, start=sub_forum.start)
    registration = register(1, sub_forums=[sub_forum])
    with pytest.raises(RegistrationError) as info:
        services.change_sub_forums(registration=registration, sub_forums=[sub_forum, clash])
    assert info.value.code == "overlap"


def test_change_sub_forums_of_cancelled_refused(register, sub_forum):
    registration = services.cancel_registration(registration=register(1))
    with pytest.raises(RegistrationError) as info:
        services.change_sub_forums(registration=registration, sub_forums=[sub_forum])
    assert info.value.code == "invalid_state"


def test_expire_pending_frees_places_and_promotes(register, reg_type, sub_forum):
    reg_type.capacity = 1
    reg_type.save()
    pending = register(1, sub_forums=[sub_forum])
    waiting = register(2)
    assert services.expire_pending_registrations(now=timezone.now()) == 0
    later = timezone.now() + dt.timedelta(hours=49)
    assert services.expire_pending_registrations(now=later) == 1
    _refresh(pending, waiting, sub_forum)
    assert pending.status == RegistrationStatus.EXPIRED
    assert waiting.status == RegistrationStatus.PENDING
    assert sub_forum.seats_taken == 0
    # The promoted registration got a fresh hold; nothing else is due now.
    assert services.expire_pending_registrations() == 0


def test_confirm_after_hold_expired_refused(register, reg_type):
    registration = register(1)
    Registration.objects.filter(pk=registration.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(RegistrationError) as info:
        services.confirm_registration(registration=registration)
    assert info.value.code == "expired"
    registration.refresh_from_db()
    reg_type.refresh_from_db()
    assert registration.status == RegistrationStatus.EXPIRED
    assert reg_type.seats_taken == 0


def test_saving_stale_type_keeps_places_taken(register, reg_type):
    stale = type(reg_type).objects.get(pk=reg_type.pk)
    register(1)
    stale.capacity = 20
    stale.save()
    reg_type.refresh_from_db()
    assert (reg_type.capacity, reg_type.seats_taken) == (20, 1)


def test_raising_capacity_promotes(register, reg_type, sub_forum):
    reg_type.capacity = 1
    reg_type.save()
    register(1, sub_forums=[sub_forum])
    waiting = [register(n) for n in (2, 3, 4)]
    reg_type.capacity = 3
    reg_type.save()
    assert services.promote_waitlist(registration_type=reg_type) == 2
    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == [RegistrationStatus.PENDING, RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED]


def test_raising_sub_forum_capacity_promotes(register, sub_forum):
    for n in range(4):
        register(n, sub_forums=[sub_forum])
    sub_forum.refresh_from_db()  # SubForum.save() writes seats_taken back
    sub_forum.capacity = 3
    sub_forum.save()
    assert services.promote_waitlist(sub_forum=sub_forum) == 1
    sub_forum.refresh_from_db()
    assert sub_forum.seats_taken == 3


def test_check_in_twice_reports_first_time(register, sub_forum):
    registration = services.confirm_registration(registration=register(1, sub_forums=[sub_forum]))
    first_at, first = services.check_in(registration=registration)
    again_at, again = services.check_in(registration=registration)
    assert (first, again) == (True, False)
    assert again_at == first_at
    door_at, door_first = services.check_in(registration=registration, sub_forum=sub_forum)
    assert door_first is True
    assert services.check_in(registration=registration, sub_forum=sub_forum) == (door_at, False)


def test_check_in_refused_for_pending_or_unchosen_door(register, edition, sub_forum):
    with pytest.raises(RegistrationError):
        services.check_in(registration=register(1))
    registration = services.confirm_registration(registration=register(2))
    with pytest.raises(RegistrationError) as info:
        services.check_in(registration=registration, sub_forum=sub_forum)
    assert info.value.code == "not_admitted"


def test_register_with_stale_type_that_looks_full_still_gets_free_place(register, reg_type):
    reg_type.capacity = 1
    reg_type.save()
    reg_type.seats_taken = 1  # what a page read a moment ago; the place has been freed since
    registration = register(1)
    assert registration.status == RegistrationStatus.PENDING
    assert OutboxMessage.objects.get().kind == "attendees.confirm"


def test_register_type_outside_its_sales_window_refused(register, reg_type):
    reg_type.sales_end = timezone.now() - dt.timedelta(minutes=1)
    reg_type.sales_start = reg_type.sales_end - dt.timedelta(days=1)
    reg_type.save()
    with pytest.raises(RegistrationError) as info:
        register(1)
    assert (info.value.code, info.value.field) == ("invalid_type", "registration_type")


@pytest.mark.postgres
@pytest.mark.parametrize(("fast", "expected"), [(True, ("2s", "off")), (False, ("2s", "on"))])
def test_registration_transaction_bounds_lock_waits_and_skips_the_flush_wait(
    register, sub_forum, settings, fast, expected
):
    settings.ATTENDEES_LOCK_TIMEOUT = "2s"
    settings.ATTENDEES_FAST_COMMIT = fast
    register(1, sub_forums=[sub_forum])
    # The test's own transaction is still open, so the registration's SET LOCALs are still visible.
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout'), current_setting('synchronous_commit')")
        assert cursor.fetchone() == expected


@pytest.mark.postgres
@pytest.mark.parametrize(("threshold", "expected"), [(5, (1, 3)), (None, (0, 0))])
def test_registration_statement_is_prepared_after_five_runs_on_a_connection(register, monkeypatch, threshold, expected):
    """PostgreSQL parses and plans the registration statement once per connection, not per call."""
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # forget what earlier tests prepared (psycopg notices)
    # None is what DB_PREPARED_STATEMENTS=false sets.
    monkeypatch.setattr(connection.connection, "prepare_threshold", threshold)
    registrations = [register(n) for n in range(8)]
    assert len({r.pk for r in registrations}) == 8
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), coalesce(sum(generic_plans + custom_plans), 0) FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            ["%jsonb_populate_record%"],
        )
        assert cursor.fetchone() == expected  # (statements, calls through them): runs 6 to 8


def test_check_in_refused_when_the_registration_was_cancelled_after_the_page_read_it(register, reg_type, sub_forum):
    registration = services.confirm_registration(registration=register(1, sub_forums=[sub_forum]))
    read_by_the_check_in_page = Registration.objects.get(pk=registration.pk)
    services.cancel_registration(registration=registration)
    for door in (None, sub_forum):
        with pytest.raises(RegistrationError) as info:
            services.check_in(registration=read_by_the_check_in_page, sub_forum=door)
        assert info.value.code == "not_admitted"
    registration.refresh_from_db()
    _refresh(reg_type, sub_forum)
    assert (registration.status, registration.checked_in_at) == (RegistrationStatus.CANCELLED, None)
    assert (reg_type.seats_taken, sub_forum.seats_taken) == (0, 0)
