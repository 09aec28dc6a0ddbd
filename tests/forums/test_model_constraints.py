"""Every invariant of the domain model is refused by the database itself, not
only by forms: each case writes through ``objects.create`` (factories) or
``QuerySet.update``, bypassing model validation, and expects an IntegrityError.
The error must name the constraint that fired, so a case cannot pass because
some other rule happened to refuse the row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import translation

from attendees.enums import RegistrationStatus
from attendees.models import Registration, RegistrationType, StarredSession
from forums.models import Edition, Room, SubForum
from sessions.models import AgendaExport, AgendaVersion
from tests.factories import (
    EDITION_START,
    EditionFactory,
    EditionOrganisationFactory,
    ForumMembershipFactory,
    OrganisationFactory,
    RegistrationFactory,
    RegistrationTypeFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    SubForumChoiceFactory,
    SubForumFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

Violation = Callable[[], object]


# Each arrange function sets up what the rule needs and returns the offending write.
def room_chinese_name_twice_in_venue() -> Violation:
    # The untranslated ``name`` column holds the active language's value, so with
    # Chinese active both it and name_zh_hans repeat: either constraint may report.
    room = RoomFactory()
    return lambda: RoomFactory(venue=room.venue, name_zh_hans=room.name_zh_hans, name_en="Another hall")


def room_untranslated_name_twice_in_venue() -> Violation:
    # Created in English, the first room's untranslated column holds “Hall A”; the
    # second, written with Chinese active, puts its Chinese name “Hall A” there.
    with translation.override("en"):
        room = RoomFactory(name_zh_hans="甲厅", name_en="Hall A")
    with connection.cursor() as cursor:  # the ORM would read the active language's column instead
        cursor.execute("SELECT name FROM forums_room WHERE id = %s", [room.pk])
        assert cursor.fetchone() == ("Hall A",)
    return lambda: RoomFactory(venue=room.venue, name_zh_hans="Hall A", name_en="Hall B")


def room_english_name_twice_in_venue() -> Violation:
    room = RoomFactory()
    return lambda: RoomFactory(venue=room.venue, name_zh_hans="另一个厅", name_en=room.name_en)


def room_negative_capacity() -> Violation:
    room = RoomFactory()
    return lambda: Room.objects.filter(pk=room.pk).update(capacity=-1)


def edition_end_before_start() -> Violation:
    return lambda: EditionFactory(start=EDITION_START, end=EDITION_START - dt.timedelta(hours=1))


def edition_end_equals_start() -> Violation:
    return lambda: EditionFactory(start=EDITION_START, end=EDITION_START)


def edition_number_twice_in_forum() -> Violation:
    edition = EditionFactory()
    return lambda: EditionFactory(forum=edition.forum, number=edition.number)


def edition_year_twice_in_forum() -> Violation:
    edition = EditionFactory()
    return lambda: EditionFactory(forum=edition.forum, year=edition.year)


def edition_slug_twice() -> Violation:
    edition = EditionFactory()
    return lambda: EditionFactory(slug=edition.slug)


def edition_registration_closes_before_opens() -> Violation:
    opens = EDITION_START - dt.timedelta(days=30)
    return lambda: EditionFactory(registration_opens=opens, registration_closes=opens - dt.timedelta(days=1))


def edition_choice_limits_reversed() -> Violation:
    return lambda: EditionFactory(min_subforum_choices=3, max_subforum_choices=2)


def edition_organisation_role_twice() -> Violation:
    link = EditionOrganisationFactory()
    return lambda: EditionOrganisationFactory(edition=link.edition, organisation=link.organisation, role=link.role)


def sub_forum_slug_twice_in_edition() -> Violation:
    sub_forum = SubForumFactory()
    return lambda: SubForumFactory(edition=sub_forum.edition, slug=sub_forum.slug)


def sub_forum_end_before_start() -> Violation:
    edition = EditionFactory()
    return lambda: SubForumFactory(edition=edition, start=edition.start, end=edition.start - dt.timedelta(minutes=1))


def sub_forum_negative_capacity() -> Violation:
    sub_forum = SubForumFactory()
    return lambda: SubForum.objects.filter(pk=sub_forum.pk).update(capacity=-5)


def sub_forum_overbooked() -> Violation:
    sub_forum = SubForumFactory(capacity=10)
    return lambda: SubForum.objects.filter(pk=sub_forum.pk).update(seats_taken=F("capacity") + 1)


def session_end_before_start() -> Violation:
    edition = EditionFactory()
    return lambda: SessionFactory(edition=edition, start=edition.start, end=edition.start - dt.timedelta(minutes=5))


def session_guid_twice() -> Violation:
    session = SessionFactory()
    return lambda: SessionFactory(edition=session.edition, guid=session.guid)


def speaker_role_twice() -> Violation:
    role = SessionSpeakerFactory()
    return lambda: SessionSpeakerFactory(session=role.session, speaker=role.speaker, role=role.role, order=9)


def agenda_version_number_twice() -> Violation:
    edition = EditionFactory()
    AgendaVersion.objects.create(edition=edition, number=1)
    return lambda: AgendaVersion.objects.create(edition=edition, number=1)


def agenda_export_twice() -> Violation:
    version = AgendaVersion.objects.create(edition=EditionFactory(), number=1)
    export = {"version": version, "format": "ics", "language": "en", "sub_forum_slug": "", "body": "x"}
    AgendaExport.objects.create(**export)
    return lambda: AgendaExport.objects.create(**export)


def agenda_version_number_zero() -> Violation:
    edition = EditionFactory()
    return lambda: AgendaVersion.objects.create(edition=edition, number=0)


def registration_type_slug_twice_in_edition() -> Violation:
    registration_type = RegistrationTypeFactory()
    return lambda: RegistrationTypeFactory(edition=registration_type.edition, slug=registration_type.slug)


def registration_type_negative_capacity() -> Violation:
    registration_type = RegistrationTypeFactory()
    return lambda: RegistrationType.objects.filter(pk=registration_type.pk).update(capacity=-1)


def registration_type_overbooked() -> Violation:
    registration_type = RegistrationTypeFactory(capacity=2)
    return lambda: RegistrationType.objects.filter(pk=registration_type.pk).update(seats_taken=3)


def registration_type_sales_end_before_start() -> Violation:
    start = EDITION_START - dt.timedelta(days=10)
    return lambda: RegistrationTypeFactory(sales_start=start, sales_end=start - dt.timedelta(days=1))


def registration_code_twice() -> Violation:
    registration = RegistrationFactory()
    return lambda: RegistrationFactory(edition=registration.edition, code=registration.code)


def second_active_registration_same_email() -> Violation:
    registration = RegistrationFactory(email="li.ming@example.org", status=RegistrationStatus.CONFIRMED)
    return lambda: RegistrationFactory(
        edition=registration.edition, email="Li.Ming@Example.ORG", status=RegistrationStatus.PENDING
    )


def cancelled_registration_reactivated_beside_active_one() -> Violation:
    edition = EditionFactory()
    cancelled = RegistrationFactory(edition=edition, email="a@example.org", status=RegistrationStatus.CANCELLED)
    RegistrationFactory(edition=edition, email="a@example.org", status=RegistrationStatus.WAITLISTED)
    return lambda: Registration.objects.filter(pk=cancelled.pk).update(status=RegistrationStatus.CONFIRMED)


def sub_forum_chosen_twice() -> Violation:
    choice = SubForumChoiceFactory()
    return lambda: SubForumChoiceFactory(registration=choice.registration, sub_forum=choice.sub_forum)


def slug_twice(factory: Callable[..., object]) -> Callable[[], Violation]:
    def arrange() -> Violation:
        first = factory()
        return lambda: factory(slug=first.slug)

    arrange.__name__ = f"{factory._meta.model.__name__.lower()}_slug_twice"
    return arrange


def forum_membership_twice() -> Violation:
    first = ForumMembershipFactory()
    return lambda: ForumMembershipFactory(forum=first.forum, user=first.user, role="viewer")


def session_starred_twice() -> Violation:
    star = StarredSession.objects.create(registration=RegistrationFactory(), session=SessionFactory())
    return lambda: StarredSession.objects.create(registration=star.registration, session=star.session)


COVERED: set[str] = set()


def case(arrange: Callable[[], Violation], covers: str, sqlite: str, postgres: str | None = None) -> object:
    """``covers``: the declared constraint; ``postgres``/``sqlite``: what each database's error names."""
    COVERED.add(covers)
    return pytest.param(arrange, postgres or covers, sqlite, id=arrange.__name__)


# SQLite names a CHECK constraint but reports a unique one by its columns.
CASES = [
    case(slug_twice(OrganisationFactory), "forums_organisation_slug", "forums_organisation.slug"),
    case(slug_twice(VenueFactory), "forums_venue_slug", "forums_venue.slug"),
    case(slug_twice(SpeakerFactory), "forum_sessions_speaker_slug", "forum_sessions_speaker.slug"),
    case(
        room_chinese_name_twice_in_venue,
        "room_unique_name_per_venue-zh-hans",
        "forums_room.venue_id, forums_room.name",
        postgres="room_unique_name_per_venue",
    ),
    case(room_untranslated_name_twice_in_venue, "room_unique_name_per_venue", "forums_room.name"),
    case(room_english_name_twice_in_venue, "room_unique_name_per_venue-en", "forums_room.name_en"),
    # The column's own check (PositiveIntegerField) is tested before the named one.
    case(room_negative_capacity, "room_capacity_not_negative", "capacity", postgres="capacity"),
    case(edition_end_before_start, "edition_end_after_start", "edition_end_after_start"),
    case(edition_end_equals_start, "edition_end_after_start", "edition_end_after_start"),
    case(
        edition_number_twice_in_forum,
        "edition_unique_number_per_forum",
        "forums_edition.forum_id, forums_edition.number",
    ),
    case(edition_year_twice_in_forum, "edition_unique_year_per_forum", "forums_edition.forum_id, forums_edition.year"),
    case(edition_slug_twice, "forums_edition_slug", "forums_edition.slug"),
    case(
        edition_registration_closes_before_opens,
        "edition_registration_closes_after_opens",
        "edition_registration_closes_after_opens",
    ),
    case(edition_choice_limits_reversed, "edition_choice_limits_ordered", "edition_choice_limits_ordered"),
    case(edition_organisation_role_twice, "edition_organisation_unique_role", "forums_editionorganisation.edition_id"),
    case(sub_forum_slug_twice_in_edition, "subforum_unique_slug_per_edition", "forums_subforum.edition_id"),
    case(sub_forum_end_before_start, "subforum_end_after_start", "subforum_end_after_start"),
    case(sub_forum_negative_capacity, "subforum_capacity_not_negative", "capacity", postgres="capacity"),
    case(sub_forum_overbooked, "subforum_not_overbooked", "subforum_not_overbooked"),
    case(session_end_before_start, "session_end_after_start", "session_end_after_start"),
    case(session_guid_twice, "forum_sessions_session_guid", "forum_sessions_session.guid"),
    case(speaker_role_twice, "session_speaker_unique_role", "forum_sessions_sessionspeaker.session_id"),
    case(agenda_version_number_twice, "agenda_version_unique_number", "forum_sessions_agendaversion.edition_id"),
    case(agenda_export_twice, "agenda_export_unique", "forum_sessions_agendaexport.version_id"),
    case(agenda_version_number_zero, "agenda_version_number_positive", "agenda_version_number_positive"),
    case(
        registration_type_slug_twice_in_edition,
        "registration_type_unique_slug",
        "attendees_registrationtype.edition_id",
    ),
    case(
        registration_type_negative_capacity, "registration_type_capacity_not_negative", "capacity", postgres="capacity"
    ),
    case(registration_type_overbooked, "registration_type_not_overbooked", "registration_type_not_overbooked"),
    case(
        registration_type_sales_end_before_start,
        "registration_type_sales_end_after_start",
        "registration_type_sales_end_after_start",
    ),
    case(registration_code_twice, "registration_unique_code", "attendees_registration.code"),
    case(
        second_active_registration_same_email,
        "registration_one_active_per_email",
        "registration_one_active_per_email",
    ),
    case(
        cancelled_registration_reactivated_beside_active_one,
        "registration_one_active_per_email",
        "registration_one_active_per_email",
    ),
    case(sub_forum_chosen_twice, "subforum_choice_unique", "attendees_subforumchoice.registration_id"),
    case(session_starred_twice, "starred_session_unique", "attendees_starredsession.registration_id"),
    case(forum_membership_twice, "forum_membership_unique_user", "forums_forummembership.forum_id"),
]


@pytest.mark.parametrize(("arrange", "postgres_name", "sqlite_name"), CASES)
def test_database_refuses(arrange: Callable[[], Violation], postgres_name: str, sqlite_name: str) -> None:
    violate = arrange()
    with translation.override("zh-hans"), pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        violate()
    expected = postgres_name if connection.vendor == "postgresql" else sqlite_name
    assert expected in str(excinfo.value)


def test_open_ended_capacity_and_choice_limits_are_accepted() -> None:
    edition = EditionFactory(max_subforum_choices=None, min_subforum_choices=4, registration_closes=None)
    sub_forum = SubForumFactory(edition=edition, capacity=None)
    SubForum.objects.filter(pk=sub_forum.pk).update(seats_taken=10_000)

    assert Edition.objects.get(pk=edition.pk).max_subforum_choices is None
    assert SubForum.objects.get(pk=sub_forum.pk).seats_taken == 10_000


def test_every_constraint_of_the_domain_apps_has_a_case() -> None:
    """A constraint added later without a case above fails here."""
    declared = {
        constraint.name
        for label in ("forums", "forum_sessions", "attendees")
        for model in apps.get_app_config(label).get_models()
        for constraint in model._meta.constraints
    }
    assert declared - COVERED == set()
