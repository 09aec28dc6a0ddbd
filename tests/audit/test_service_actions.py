"""Every listed service action leaves one audit entry: who, what, on which object, what changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from attendees import services
from attendees.enums import RegistrationStatus
from audit.enums import ActorKind, Verb
from audit.models import AuditEntry
from forums.enums import EditionStatus
from forums.services import create_edition_from_previous, set_edition_status
from notifications.services import publish_and_notify
from tests.factories import (
    EditionFactory,
    OrganisationFactory,
    RegistrationTypeFactory,
    SessionFactory,
    StaffUserFactory,
    SubForumFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return EditionFactory()


@pytest.fixture
def organiser():
    return StaffUserFactory(username="li.organiser")


def _register(edition, n=0, *, registration_type=None, sub_forums=(), confirm=True, **kwargs):
    registration = services.register_attendee(
        edition=edition,
        registration_type=registration_type or RegistrationTypeFactory(edition=edition),
        name=f"Person {n}",
        email=f"person{n}@example.org",
        sub_forums=sub_forums,
        **kwargs,
    )
    return services.confirm_registration(registration=registration) if confirm else registration


def _entries(obj, verb):
    return list(AuditEntry.objects.filter(object_id=str(obj.pk), verb=verb).order_by("pk"))


def _only(obj, verb) -> AuditEntry:
    entries = _entries(obj, verb)
    assert len(entries) == 1, f"{verb}: {entries}"
    return entries[0]


def test_approve_is_recorded_with_the_organiser_and_the_status(edition, organiser) -> None:
    registration = _register(
        edition, registration_type=RegistrationTypeFactory(edition=edition, requires_approval=True)
    )
    services.approve_registration(registration=registration, actor=organiser)
    entry = _only(registration, Verb.APPROVED)
    assert (entry.actor, entry.actor_name, entry.actor_kind) == (organiser, "li.organiser", ActorKind.STAFF)
    assert entry.changes == {"status": ["awaiting_approval", "confirmed"]}
    assert entry.object_repr == str(registration)
    assert [(p.forum_id, p.edition_id) for p in entry.places.all()] == [(edition.forum_id, edition.pk)]


def test_reject_is_recorded(edition, organiser) -> None:
    registration = _register(
        edition, registration_type=RegistrationTypeFactory(edition=edition, requires_approval=True)
    )
    services.reject_registration(registration=registration, actor=organiser)
    entry = _only(registration, Verb.REJECTED)
    assert entry.actor == organiser
    assert entry.changes == {"status": ["awaiting_approval", "rejected"]}


def test_cancel_by_an_organiser_and_by_the_attendee(edition, organiser) -> None:
    by_organiser, by_attendee = _register(edition, 1), _register(edition, 2)
    services.cancel_registration(registration=by_organiser, actor=organiser)
    services.cancel_registration(registration=by_attendee)
    first, second = _only(by_organiser, Verb.CANCELLED), _only(by_attendee, Verb.CANCELLED)
    assert (first.actor, first.changes) == (organiser, {"status": ["confirmed", "cancelled"]})
    assert (second.actor, second.actor_kind, second.actor_name) == (None, ActorKind.ATTENDEE, "")


def test_promotion_after_a_cancellation_is_recorded_as_the_cancellers(edition, organiser) -> None:
    registration_type = RegistrationTypeFactory(edition=edition, capacity=1)
    holder = _register(edition, 1, registration_type=registration_type)
    waiting = _register(edition, 2, registration_type=registration_type, confirm=False)
    assert waiting.status == RegistrationStatus.WAITLISTED
    services.cancel_registration(registration=holder, actor=organiser)
    entry = _only(waiting, Verb.PROMOTED)
    assert entry.actor == organiser
    assert entry.changes == {"status": ["waitlisted", "pending"]}


def test_sub_forum_promotion_names_the_sub_forum_and_is_placed_there(edition, organiser) -> None:
    sub_forum = SubForumFactory(edition=edition, capacity=1)
    _register(edition, 1, sub_forums=[sub_forum])
    waiting = _register(edition, 2, sub_forums=[sub_forum])
    type(sub_forum).objects.filter(pk=sub_forum.pk).update(capacity=2)
    assert services.promote_waitlist(sub_forum=sub_forum, actor=organiser) == 1
    entry = _only(waiting, Verb.PROMOTED)
    assert entry.actor == organiser
    assert entry.detail == {"sub_forum": str(sub_forum)}
    assert [p.sub_forum_id for p in entry.places.all()] == [sub_forum.pk]


def test_check_in_at_the_entrance_and_at_a_door(edition, organiser) -> None:
    sub_forum = SubForumFactory(edition=edition)
    registration = _register(edition, sub_forums=[sub_forum])
    services.check_in(registration=registration, sub_forum=sub_forum, actor=organiser)
    services.check_in(registration=registration, sub_forum=sub_forum, actor=organiser)  # a second scan
    services.check_in(registration=registration, actor=organiser)
    entries = _entries(registration, Verb.CHECKED_IN)
    assert [(e.actor, e.detail, e.changes) for e in entries] == [
        (organiser, {"door": str(sub_forum)}, {}),
        (organiser, {}, {"status": ["confirmed", "checked_in"]}),
    ]


def test_the_attendees_confirmation_and_an_expiry_are_status_changes(edition) -> None:
    confirmed = _register(edition, 1)
    pending = _register(edition, 2, confirm=False)
    entry = _only(confirmed, Verb.STATUS_CHANGED)
    assert (entry.actor_kind, entry.changes) == (ActorKind.ATTENDEE, {"status": ["pending", "confirmed"]})
    services.expire_pending_registrations(now=timezone.now() + dt.timedelta(days=30))
    expired = _only(pending, Verb.STATUS_CHANGED)
    assert (expired.actor, expired.actor_kind, expired.changes) == (
        None,
        ActorKind.SYSTEM,
        {"status": ["pending", "expired"]},
    )


def test_a_change_of_sub_forums_lists_before_and_after(edition) -> None:
    first, second = SubForumFactory(edition=edition), SubForumFactory(edition=edition, start=edition.start)
    registration = _register(edition, sub_forums=[first])
    services.change_sub_forums(registration=registration, sub_forums=[second])
    entry = _only(registration, Verb.CHANGED)
    assert entry.changes == {"sub_forums": [[str(first)], [str(second)]]}
    assert entry.actor_kind == ActorKind.ATTENDEE


def test_a_partners_registration_is_recorded_as_the_partners(edition) -> None:
    partner = OrganisationFactory(name_en="Wuhu Science Society")
    with translation.override("en"):
        registration = _register(edition, partner=partner, confirm=False)
    entry = _only(registration, Verb.CREATED)
    assert (entry.actor, entry.actor_kind, entry.actor_name) == (None, ActorKind.PARTNER, "Wuhu Science Society")


def test_a_public_registration_writes_no_entry_of_its_own(edition) -> None:
    registration = _register(edition, confirm=False)
    assert _entries(registration, Verb.CREATED) == []


def test_edition_status_change_is_recorded(organiser) -> None:
    edition = EditionFactory(status=EditionStatus.PUBLISHED)
    set_edition_status(edition=edition, status=EditionStatus.REGISTRATION_OPEN, actor=organiser)
    set_edition_status(edition=edition, status=EditionStatus.REGISTRATION_OPEN, actor=organiser)  # no change
    entry = _only(edition, Verb.STATUS_CHANGED)
    assert (entry.actor, entry.changes) == (organiser, {"status": ["published", "registration_open"]})


def test_publishing_is_recorded_with_the_version(edition, organiser) -> None:
    SessionFactory(edition=edition)
    publish_and_notify(edition=edition, user=organiser)
    entry = _only(edition, Verb.PUBLISHED)
    assert (entry.actor, entry.detail) == (organiser, {"version": 1, "notices": 0})


def test_next_edition_is_recorded_with_what_was_carried(edition, organiser) -> None:
    # Names are written in the actor's language, like the object's own name.
    with translation.override("en"):
        new = create_edition_from_previous(previous=edition, carry=["sub_forums"], actor=organiser)
    entry = _only(new, Verb.CREATED)
    assert entry.actor == organiser
    with translation.override("en"):
        previous = str(edition)
    assert entry.detail == {"from_edition": previous, "carried": ["Sub-forums (hosts, rooms, times and capacities)"]}


def test_a_refused_action_leaves_no_entry(edition, organiser) -> None:
    registration = _register(
        edition, registration_type=RegistrationTypeFactory(edition=edition, requires_approval=True)
    )
    services.approve_registration(registration=registration, actor=organiser)
    with pytest.raises(services.InvalidStateError):
        services.approve_registration(registration=registration, actor=organiser)
    assert len(_entries(registration, Verb.APPROVED)) == 1
