"""forums.services: carrying an edition over to next year, and the status lifecycle."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from attendees.models import Registration, RegistrationType
from forums.enums import EditionStatus, OrganisingRole
from forums.models import Edition, SubForum
from forums.services import (
    STATUS_ORDER,
    chinese_numeral,
    create_edition_from_previous,
    english_ordinal,
    renumber_title,
    set_edition_status,
)
from sessions.models import Session
from tests.factories import (
    EditionFactory,
    EditionOrganisationFactory,
    ForumFactory,
    OrganisationFactory,
    RegistrationFactory,
    RegistrationTypeFactory,
    SessionFactory,
    SubForumChoiceFactory,
    SubForumFactory,
)

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def shanghai(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def previous(db) -> Edition:
    """The 19th edition of a forum, with everything an edition carries."""
    forum = ForumFactory(slug="yrd-st-forum")
    edition = EditionFactory(
        forum=forum,
        number=19,
        year=2022,
        slug="yrd-2022",
        title_zh_hans="第十九届长三角科技论坛",
        title_en="The 19th Yangtze River Delta Science and Technology Forum",
        theme_zh_hans="创新资源共建共享",
        theme_en="Sharing innovation resources",
        description_zh_hans="在芜湖举办。",
        description_en="Held in Wuhu.",
        start=shanghai(2022, 7, 6, 8, 30),
        end=shanghai(2022, 7, 9, 12, 0),
        registration_opens=shanghai(2022, 5, 1, 9, 0),
        registration_closes=shanghai(2022, 7, 1, 18, 0),
        status=EditionStatus.ARCHIVED,
        min_subforum_choices=1,
        max_subforum_choices=3,
        confirmation_hold_hours=24,
    )
    initiator, host = OrganisationFactory(slug="zast"), OrganisationFactory(slug="ahast")
    EditionOrganisationFactory(edition=edition, organisation=initiator, role=OrganisingRole.INITIATOR)
    EditionOrganisationFactory(edition=edition, organisation=host, role=OrganisingRole.HOST, order=1)
    academicians = SubForumFactory(
        edition=edition,
        slug="academician-forum",
        title_zh_hans="长三角一体化院士论坛",
        title_en="Integrated Academician Forum",
        theme_en="Academicians",
        start=shanghai(2022, 7, 6, 14, 0),
        end=shanghai(2022, 7, 6, 17, 30),
        capacity=280,
        requires_registration=False,
        order=2,
    )
    academicians.hosts.set([host])
    SubForumFactory(edition=edition, slug="ai", start=shanghai(2022, 7, 7, 9, 0), end=shanghai(2022, 7, 7, 12, 0))
    delegate = RegistrationTypeFactory(
        edition=edition,
        slug="delegate",
        name_zh_hans="代表",
        name_en="Delegate",
        capacity=300,
        sales_start=shanghai(2022, 5, 1, 9, 0),
        sales_end=shanghai(2022, 6, 30, 18, 0),
        order=0,
    )
    RegistrationTypeFactory(edition=edition, slug="student", capacity=60, requires_approval=True, order=1)
    registration = RegistrationFactory(edition=edition, registration_type=delegate)
    SubForumChoiceFactory(registration=registration, sub_forum=academicians)
    SubForum.objects.filter(pk=academicians.pk).update(seats_taken=1)
    RegistrationType.objects.filter(pk=delegate.pk).update(seats_taken=1)
    SessionFactory(edition=edition, sub_forum=academicians, start=academicians.start, end=academicians.end)
    return edition


def test_create_edition_from_previous_copies_the_edition_one_year_later(previous: Edition) -> None:
    edition = create_edition_from_previous(previous=previous)

    edition.refresh_from_db()
    assert (edition.forum, edition.number, edition.year, edition.slug) == (
        previous.forum,
        20,
        2023,
        "yrd-st-forum-2023",
    )
    assert edition.status == EditionStatus.DRAFT
    assert edition.title_zh_hans == "第二十届长三角科技论坛"
    assert edition.title_en == "The 20th Yangtze River Delta Science and Technology Forum"
    assert (edition.theme_zh_hans, edition.theme_en) == ("创新资源共建共享", "Sharing innovation resources")
    assert (edition.description_zh_hans, edition.description_en) == ("在芜湖举办。", "Held in Wuhu.")
    assert (edition.host_city_zh_hans, edition.host_city_en) == ("芜湖", "Wuhu")
    assert (edition.venue, edition.time_zone) == (previous.venue, "Asia/Shanghai")
    assert (edition.start, edition.end) == (shanghai(2023, 7, 6, 8, 30), shanghai(2023, 7, 9, 12, 0))
    assert (edition.registration_opens, edition.registration_closes) == (
        shanghai(2023, 5, 1, 9, 0),
        shanghai(2023, 7, 1, 18, 0),
    )
    assert (edition.min_subforum_choices, edition.max_subforum_choices, edition.confirmation_hold_hours) == (1, 3, 24)


def test_create_edition_from_previous_copies_roles_sub_forums_and_types(previous: Edition) -> None:
    edition = create_edition_from_previous(previous=previous)

    roles = list(edition.organising_roles.order_by("order").values_list("organisation__slug", "role", "order"))
    assert roles == [("zast", "initiator", 0), ("ahast", "host", 1)]

    sub_forums = list(edition.sub_forums.order_by("start"))
    assert [s.slug for s in sub_forums] == ["academician-forum", "ai"]
    academicians = sub_forums[0]
    assert (academicians.title_zh_hans, academicians.title_en) == (
        "长三角一体化院士论坛",
        "Integrated Academician Forum",
    )
    assert (academicians.start, academicians.end) == (shanghai(2023, 7, 6, 14, 0), shanghai(2023, 7, 6, 17, 30))
    assert (academicians.capacity, academicians.seats_taken, academicians.requires_registration) == (280, 0, False)
    assert academicians.room == previous.sub_forums.get(slug="academician-forum").room
    assert [h.slug for h in academicians.hosts.all()] == ["ahast"]

    types = list(edition.registration_types.order_by("order"))
    assert [(t.slug, t.capacity, t.seats_taken, t.requires_approval) for t in types] == [
        ("delegate", 300, 0, False),
        ("student", 60, 0, True),
    ]
    assert (types[0].name_zh_hans, types[0].name_en) == ("代表", "Delegate")
    assert (types[0].sales_start, types[0].sales_end) == (shanghai(2023, 5, 1, 9, 0), shanghai(2023, 6, 30, 18, 0))


def test_create_edition_from_previous_leaves_sessions_and_registrations_behind(previous: Edition) -> None:
    edition = create_edition_from_previous(previous=previous)

    assert Session.objects.filter(edition=edition).count() == 0
    assert Registration.objects.filter(edition=edition).count() == 0
    # The previous edition is untouched.
    assert Session.objects.filter(edition=previous).count() == 1
    assert previous.sub_forums.get(slug="academician-forum").seats_taken == 1
    assert Edition.objects.get(pk=previous.pk).status == EditionStatus.ARCHIVED


def test_create_edition_from_previous_with_explicit_number_year_and_slug(previous: Edition) -> None:
    edition = create_edition_from_previous(previous=previous, number=21, year=2025, slug="yrd-21")

    assert (edition.number, edition.year, edition.slug) == (21, 2025, "yrd-21")
    assert edition.title_zh_hans == "第二十一届长三角科技论坛"
    assert edition.title_en == "The 21st Yangtze River Delta Science and Technology Forum"
    assert edition.start == shanghai(2025, 7, 6, 8, 30)
    assert edition.sub_forums.get(slug="ai").start == shanghai(2025, 7, 7, 9, 0)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"number": 19}, "number"), ({"year": 2022}, "year"), ({"slug": "yrd-2022"}, "slug")],
)
def test_create_edition_from_previous_refuses_a_taken_number_year_or_slug(
    previous: Edition, kwargs: dict, field: str
) -> None:
    editions_before = Edition.objects.count()
    # A clash on the year alone must not be hidden by the default number, and vice versa.
    defaults = {"number": 30, "year": 2040, "slug": "free-slug"}

    with pytest.raises(ValidationError) as excinfo:
        create_edition_from_previous(previous=previous, **{**defaults, **kwargs})

    assert list(excinfo.value.message_dict) == [field]
    assert Edition.objects.count() == editions_before


def test_create_edition_from_previous_moves_29_february_to_the_28th(db) -> None:
    # A fixed number: the factory's sequence grows with the whole suite, past what ordinals cover.
    previous = EditionFactory(number=18, year=2024, start=shanghai(2024, 2, 29, 9, 0), end=shanghai(2024, 3, 1, 17, 0))

    edition = create_edition_from_previous(previous=previous)

    assert (edition.start, edition.end) == (shanghai(2025, 2, 28, 9, 0), shanghai(2025, 3, 1, 17, 0))


def test_create_edition_from_previous_keeps_wall_clock_time_across_daylight_saving(db) -> None:
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    # Berlin kept winter time on 30 March 2024 but had switched to summer time by
    # 9:00 on 30 March 2025: the same wall-clock time is a different UTC offset.
    previous = EditionFactory(
        number=18,
        year=2024,
        time_zone="Europe/Berlin",
        start=dt.datetime(2024, 3, 30, 9, 0, tzinfo=berlin),
        end=dt.datetime(2024, 3, 31, 17, 0, tzinfo=berlin),
        registration_opens=None,
        registration_closes=None,
    )

    edition = create_edition_from_previous(previous=previous)

    assert edition.start.astimezone(berlin).time() == dt.time(9, 0)
    assert edition.start == dt.datetime(2025, 3, 30, 9, 0, tzinfo=berlin)
    assert edition.end.astimezone(berlin) == dt.datetime(2025, 3, 31, 17, 0, tzinfo=berlin)
    assert (edition.registration_opens, edition.registration_closes) == (None, None)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "一"),
        (10, "十"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (100, "一百"),
        (105, "一百零五"),
        (119, "一百一十九"),
    ],
)
def test_chinese_numeral(number: int, expected: str) -> None:
    assert chinese_numeral(number) == expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (112, "112th"),
    ],
)
def test_english_ordinal(number: int, expected: str) -> None:
    assert english_ordinal(number) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("第十九届长三角科技论坛", "第二十届长三角科技论坛"),
        ("第19届长三角科技论坛", "第20届长三角科技论坛"),
        ("The 19th Forum", "The 20th Forum"),
        ("Forum 2022", "Forum 2023"),
        ("A forum without its number", "A forum without its number"),
        # 119th and 2019 contain "19" but are not the ordinal or the year.
        ("The 119th meeting since 2019", "The 119th meeting since 2019"),
    ],
)
def test_renumber_title(title: str, expected: str) -> None:
    assert renumber_title(title, old_number=19, new_number=20, old_year=2022, new_year=2023) == expected


FORWARD = list(itertools.combinations(STATUS_ORDER, 2))
BACKWARD = [(new, old) for old, new in FORWARD if (new, old) != (EditionStatus.CLOSED, EditionStatus.REGISTRATION_OPEN)]


@pytest.mark.parametrize(("current", "new"), [*FORWARD, (EditionStatus.CLOSED, EditionStatus.REGISTRATION_OPEN)])
def test_set_edition_status_moves_forward_or_reopens(db, current: str, new: str) -> None:
    edition = EditionFactory(status=current)

    returned = set_edition_status(edition=edition, status=new)

    assert returned.status == new
    assert Edition.objects.get(pk=edition.pk).status == new


@pytest.mark.parametrize(("current", "new"), BACKWARD)
def test_set_edition_status_refuses_going_back(db, current: str, new: str) -> None:
    edition = EditionFactory(status=current)

    with translation.override("en"):
        with pytest.raises(ValidationError) as excinfo:
            set_edition_status(edition=edition, status=new)
        message = excinfo.value.message_dict["status"][0]
        expected = f"An edition cannot go from “{EditionStatus(current).label}” back to “{EditionStatus(new).label}”."
    assert message == expected
    assert Edition.objects.get(pk=edition.pk).status == current


def test_set_edition_status_to_the_same_status_changes_nothing(db) -> None:
    edition = EditionFactory(status=EditionStatus.PUBLISHED)
    updated_at = Edition.objects.get(pk=edition.pk).updated_at

    set_edition_status(edition=edition, status=EditionStatus.PUBLISHED)

    assert Edition.objects.filter(pk=edition.pk).values_list("status", "updated_at").get() == ("published", updated_at)


def test_set_edition_status_refuses_an_unknown_status(db) -> None:
    edition = EditionFactory(status=EditionStatus.DRAFT)

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        set_edition_status(edition=edition, status="postponed")

    assert excinfo.value.message_dict == {"status": ["“postponed” is not an edition status."]}
    assert Edition.objects.get(pk=edition.pk).status == EditionStatus.DRAFT


def test_set_edition_status_reads_the_stored_status_not_a_stale_instance(db) -> None:
    edition = EditionFactory(status=EditionStatus.REGISTRATION_OPEN)
    Edition.objects.filter(pk=edition.pk).update(status=EditionStatus.ARCHIVED)

    with pytest.raises(ValidationError):
        set_edition_status(edition=edition, status=EditionStatus.CLOSED)

    assert Edition.objects.get(pk=edition.pk).status == EditionStatus.ARCHIVED


def test_renumber_title_beyond_the_chinese_numerals_keeps_digits() -> None:
    title = renumber_title("第999届论坛 999th 2030", old_number=999, new_number=1000, old_year=2030, new_year=2031)
    assert title == "第1000届论坛 1000th 2031"
