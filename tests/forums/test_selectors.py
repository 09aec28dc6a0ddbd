"""forums.selectors: what visitors may see, and an edition's page in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest

from forums.enums import EditionStatus, OrganisingRole
from forums.models import Edition
from forums.selectors import edition_detail, editions_open_for_registration, organisers_by_role, public_editions
from tests.factories import EditionFactory, EditionOrganisationFactory, OrganisationFactory, SubForumFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2030, 5, 1, 12, 0, tzinfo=dt.UTC)


def test_public_editions_leave_drafts_out() -> None:
    shown = [EditionFactory(status=status) for status in EditionStatus.values if status != EditionStatus.DRAFT]
    EditionFactory(status=EditionStatus.DRAFT)

    assert {e.pk for e in public_editions()} == {e.pk for e in shown}


def test_edition_detail_of_a_draft_is_not_found_unless_asked_for() -> None:
    draft = EditionFactory(status=EditionStatus.DRAFT)

    with pytest.raises(Edition.DoesNotExist):
        edition_detail(slug=draft.slug)
    assert edition_detail(slug=draft.slug, public=False).pk == draft.pk


@pytest.mark.parametrize("count", [1, 8])
def test_edition_detail_reads_in_a_fixed_number_of_queries(django_assert_num_queries, count: int) -> None:
    edition = EditionFactory(status=EditionStatus.PUBLISHED)
    for index in range(count):
        sub_forum = SubForumFactory(edition=edition)
        sub_forum.hosts.set([OrganisationFactory()])
        EditionOrganisationFactory(edition=edition, role=OrganisingRole.SUPPORTER, order=index)

    # edition + forum + venue; roles with organisations; sub-forums with rooms; their hosts.
    with django_assert_num_queries(4):
        loaded = edition_detail(slug=edition.slug)
        rows = [
            (s.title, s.room.name, s.room.venue.name, [h.name for h in s.hosts.all()]) for s in loaded.sub_forums.all()
        ]
        names = [role.organisation.name for role in loaded.organising_roles.all()]
        initiator = loaded.forum.initiator.name

    assert len(rows) == count
    assert len(names) == count
    assert initiator


def test_organisers_by_role_follow_the_programme_order() -> None:
    edition = EditionFactory()
    supporter = EditionOrganisationFactory(edition=edition, role=OrganisingRole.SUPPORTER)
    second_host = EditionOrganisationFactory(edition=edition, role=OrganisingRole.HOST, order=2)
    first_host = EditionOrganisationFactory(edition=edition, role=OrganisingRole.HOST, order=1)
    initiator = EditionOrganisationFactory(edition=edition, role=OrganisingRole.INITIATOR)

    grouped = organisers_by_role(edition_detail(slug=edition.slug))

    assert list(grouped) == ["initiator", "host", "supporter"]
    assert grouped == {"initiator": [initiator], "host": [first_host, second_host], "supporter": [supporter]}


@pytest.mark.parametrize(
    ("status", "opens", "closes", "expected"),
    [
        (EditionStatus.REGISTRATION_OPEN, NOW - dt.timedelta(days=1), NOW + dt.timedelta(days=1), True),
        (EditionStatus.REGISTRATION_OPEN, None, None, True),
        (EditionStatus.REGISTRATION_OPEN, NOW + dt.timedelta(minutes=1), None, False),
        (EditionStatus.REGISTRATION_OPEN, None, NOW, False),
        (EditionStatus.PUBLISHED, NOW - dt.timedelta(days=1), NOW + dt.timedelta(days=1), False),
        (EditionStatus.CLOSED, None, None, False),
    ],
    ids=["inside-window", "no-window", "not-yet-open", "just-closed", "only-published", "closed"],
)
def test_editions_open_for_registration(status: str, opens: dt.datetime, closes: dt.datetime, expected: bool) -> None:
    edition = EditionFactory(status=status, registration_opens=opens, registration_closes=closes)

    assert (edition in editions_open_for_registration(now=NOW)) is expected
