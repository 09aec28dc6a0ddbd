"""Capacity under load: real threads, real transactions, PostgreSQL at READ COMMITTED."""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from django.db import connection

from attendees import capacity, registration_orm, services
from attendees.enums import HOLDING_STATUSES, ChoiceStatus
from attendees.exceptions import RegistrationError
from attendees.models import Registration, RegistrationType, SubForumChoice
from forums.models import SubForum
from outbox.models import OutboxMessage
from tests.factories import EditionFactory, RegistrationTypeFactory, SubForumFactory

ATTEMPTS = 1000
WORKERS = 32
PLACES = 100

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_in_threads(jobs: list, work) -> Counter:
    """Split jobs over WORKERS threads; each closes its own connection when done."""

    def worker(chunk: list) -> Counter:
        outcomes: Counter = Counter()
        try:
            for job in chunk:
                try:
                    work(job)
                    outcomes["ok"] += 1
                except RegistrationError as error:
                    outcomes[error.code] += 1
                except Exception as error:  # counted, and asserted to be none
                    outcomes[f"crash:{type(error).__name__}"] += 1
        finally:
            connection.close()
        return outcomes

    chunks = [jobs[i::WORKERS] for i in range(WORKERS)]
    total: Counter = Counter()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for outcome in pool.map(worker, chunks):
            total.update(outcome)
    return total


@pytest.fixture(params=["one statement", "ORM"])
def writer(request, monkeypatch) -> str:
    """Both ways a registration is written: PostgreSQL's single statement, and the portable ORM path."""
    if request.param == "ORM":
        monkeypatch.setattr(services, "_writer", lambda: registration_orm.register)
    return request.param


@pytest.fixture
def hot_sub_forum(monkeypatch):
    # The e-mails are written to the outbox (and counted below); handing each to
    # the eager in-process Celery would only slow the burst down.
    monkeypatch.setattr("outbox.wake.wake_soon", lambda: None)
    edition = EditionFactory()
    registration_type = RegistrationTypeFactory(edition=edition, capacity=None)
    sub_forum = SubForumFactory(edition=edition, capacity=PLACES)
    return edition, registration_type, sub_forum


def _burst(edition, registration_type, sub_forum) -> Counter:
    def attempt(n: int) -> None:
        services.register_attendee(
            edition=edition,
            registration_type=registration_type,
            name=f"Attendee {n}",
            email=f"burst{n}@example.org",
            sub_forums=[sub_forum],
        )

    return _run_in_threads(list(range(ATTEMPTS)), attempt)


def _choices(sub_forum) -> Counter:
    return Counter(SubForumChoice.objects.filter(sub_forum=sub_forum).values_list("status", flat=True))


def test_capacity_holds_under_concurrent_registrations_and_cancellations(writer, hot_sub_forum):
    edition, registration_type, sub_forum = hot_sub_forum
    outcomes = _burst(edition, registration_type, sub_forum)
    assert outcomes == Counter({"ok": ATTEMPTS})
    assert Registration.objects.count() == ATTEMPTS  # none lost
    assert OutboxMessage.objects.filter(kind="attendees.confirm").count() == ATTEMPTS
    assert _choices(sub_forum) == Counter({ChoiceStatus.CONFIRMED: PLACES, ChoiceStatus.WAITLISTED: ATTEMPTS - PLACES})
    sub_forum.refresh_from_db()
    assert sub_forum.seats_taken == PLACES

    in_line = list(
        SubForumChoice.objects.filter(sub_forum=sub_forum, status=ChoiceStatus.WAITLISTED)
        .order_by("waitlisted_at", "id")
        .values_list("registration_id", flat=True)[:10]
    )
    holders = list(
        Registration.objects.filter(choices__sub_forum=sub_forum, choices__status=ChoiceStatus.CONFIRMED)[:10]
    )
    cancelled = _run_in_threads(holders, lambda r: services.cancel_registration(registration=r))
    assert cancelled == Counter({"ok": 10})
    assert _choices(sub_forum) == Counter(
        {ChoiceStatus.CONFIRMED: PLACES, ChoiceStatus.WAITLISTED: ATTEMPTS - PLACES - 10}
    )
    promoted = set(
        SubForumChoice.objects.filter(sub_forum=sub_forum, registration_id__in=in_line).values_list("status", flat=True)
    )
    assert promoted == {ChoiceStatus.CONFIRMED}  # exactly the first ten in line
    sub_forum.refresh_from_db()
    assert sub_forum.seats_taken == PLACES


def _count_then_write_type_place(registration_type_id: int) -> bool:
    registration_type = RegistrationType.objects.get(pk=registration_type_id)
    held = Registration.objects.filter(registration_type_id=registration_type_id, status__in=HOLDING_STATUSES).count()
    return registration_type.capacity is None or held < registration_type.capacity


def _count_then_write_sub_forum_places(sub_forum_ids) -> list[int]:
    taken = []
    for pk in sorted(sub_forum_ids):
        places = SubForum.objects.get(pk=pk).capacity
        confirmed = SubForumChoice.objects.filter(sub_forum_id=pk, status=ChoiceStatus.CONFIRMED).count()
        if places is None or confirmed < places:
            taken.append(pk)
    return taken


def test_a_count_then_write_capacity_step_oversells_the_same_burst(hot_sub_forum, monkeypatch):
    """Proves the test above can fail: the ORM path with its capacity step replaced by
    a count-then-write (no conditional UPDATE, no lock) gives away more than 100 places."""
    monkeypatch.setattr(services, "_writer", lambda: registration_orm.register)
    monkeypatch.setattr(capacity, "take_type_place", _count_then_write_type_place)
    monkeypatch.setattr(capacity, "take_sub_forum_places", _count_then_write_sub_forum_places)
    edition, registration_type, sub_forum = hot_sub_forum
    outcomes = _burst(edition, registration_type, sub_forum)
    assert outcomes == Counter({"ok": ATTEMPTS})
    assert _choices(sub_forum)[ChoiceStatus.CONFIRMED] > PLACES


@pytest.mark.parametrize("prepared", [False, True])
def test_lock_wait_becomes_try_again_not_a_hang(hot_sub_forum, settings, prepared):
    settings.ATTENDEES_LOCK_TIMEOUT = "200ms"
    edition, registration_type, _sub_forum = hot_sub_forum
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # what earlier tests on this connection prepared (psycopg notices)
    warm_up = 6 if prepared else 0  # psycopg prepares the statement on its 6th run on a connection
    for n in range(warm_up):
        services.register_attendee(
            edition=edition, registration_type=registration_type, name=f"Early {n}", email=f"early{n}@example.org"
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%%jsonb_populate_record%%'")
        assert cursor.fetchone() == (int(prepared),)
    db = connection.settings_dict
    other = psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"])
    try:
        # Someone else (an organiser's edit, a stuck transaction) holds the type's row.
        other.execute("SELECT id FROM attendees_registrationtype WHERE id = %s FOR UPDATE", [registration_type.pk])
        started = time.monotonic()
        with pytest.raises(RegistrationError) as info:
            services.register_attendee(
                edition=edition, registration_type=registration_type, name="Late", email="late@example.org"
            )
        assert info.value.code == "try_again"
        assert time.monotonic() - started < 2
    finally:
        other.rollback()
        other.close()
    assert Registration.objects.count() == warm_up


def test_cancelling_while_a_promotion_confirms_the_choice_gives_its_place_back(hot_sub_forum):
    """A promotion (another transaction) confirms R's waiting choice and takes a place;
    R cancels before it commits. The cancellation waits for it and gives the place back."""
    edition, registration_type, sub_forum = hot_sub_forum
    type(sub_forum).objects.filter(pk=sub_forum.pk).update(capacity=1)
    holder = services.register_attendee(
        edition=edition, registration_type=registration_type, name="H", email="h@example.org", sub_forums=[sub_forum]
    )
    waiting = services.register_attendee(
        edition=edition, registration_type=registration_type, name="R", email="r@example.org", sub_forums=[sub_forum]
    )
    choice = waiting.choices.get()
    assert choice.status == ChoiceStatus.WAITLISTED
    db = connection.settings_dict
    promoter = psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"])
    try:
        # What promote_sub_forum_waitlist does when a holder frees a place: not committed yet.
        promoter.execute("UPDATE forums_subforum SET seats_taken = seats_taken - 1 WHERE id = %s", [sub_forum.pk])
        promoter.execute("DELETE FROM attendees_subforumchoice WHERE registration_id = %s", [holder.pk])
        promoter.execute("UPDATE attendees_subforumchoice SET status = 'confirmed' WHERE id = %s", [choice.pk])
        promoter.execute("UPDATE forums_subforum SET seats_taken = seats_taken + 1 WHERE id = %s", [sub_forum.pk])
        with ThreadPoolExecutor(1) as pool:
            cancelling = pool.submit(_cancel_and_close, waiting)
            time.sleep(0.5)  # the cancellation is now waiting for the promoter's row locks
            promoter.commit()
            cancelling.result(timeout=10)
    finally:
        promoter.close()
    sub_forum.refresh_from_db()
    confirmed = SubForumChoice.objects.filter(sub_forum=sub_forum, status=ChoiceStatus.CONFIRMED).count()
    assert (sub_forum.seats_taken, confirmed) == (0, 0)  # the place R was promoted into is free again


def _cancel_and_close(registration: Registration) -> None:
    try:
        services.cancel_registration(registration=registration)
    finally:
        connection.close()
