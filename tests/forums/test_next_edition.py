"""Next year's edition in one step: the carry-over steps the organiser ticks, the
admin's form behind the “Create next edition” button, and the command."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.enums import Verb
from audit.models import AuditEntry
from forums.enums import EditionStatus, ForumTeamRole
from forums.models import Edition, ForumMembership
from forums.services import create_edition_from_previous
from notifications.enums import ReminderAnchor
from notifications.models import ReminderRule
from tests.factories import (
    EditionFactory,
    ForumMembershipFactory,
    RegistrationTypeFactory,
    SubForumFactory,
)
from tests.notifications.factories import ReminderRuleFactory, ReminderTemplateFactory

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def shanghai(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def previous() -> Edition:
    edition = EditionFactory(
        number=19, year=2022, slug="yrd-2022", start=shanghai(2022, 7, 6, 9, 0), end=shanghai(2022, 7, 8, 17, 0),
        status=EditionStatus.ARCHIVED, forum__slug="yrd",
    )  # fmt: skip
    SubForumFactory(edition=edition, slug="ai", start=shanghai(2022, 7, 7, 9, 0), end=shanghai(2022, 7, 7, 12, 0))
    RegistrationTypeFactory(edition=edition, slug="delegate")
    return edition


def test_without_the_venue_step_the_sub_forums_lose_their_rooms(previous) -> None:
    edition = create_edition_from_previous(previous=previous, carry=["sub_forums"])
    assert edition.venue is None
    assert [(sf.slug, sf.room_id) for sf in edition.sub_forums.all()] == [("ai", None)]
    with_venue = create_edition_from_previous(previous=previous, year=2024, number=21, carry=["venue", "sub_forums"])
    assert with_venue.venue == previous.venue
    assert with_venue.sub_forums.get().room == previous.sub_forums.get().room


def test_a_later_start_moves_every_date_with_it(previous) -> None:
    # Two days later than one year on: the sub-forum and the sales window follow.
    edition = create_edition_from_previous(previous=previous, start=shanghai(2023, 7, 8, 9, 0))
    assert (edition.start, edition.end) == (shanghai(2023, 7, 8, 9, 0), shanghai(2023, 7, 10, 17, 0))
    assert edition.sub_forums.get().start == shanghai(2023, 7, 9, 9, 0)


def test_an_end_before_the_start_is_refused(previous) -> None:
    with pytest.raises(ValidationError) as excinfo:
        create_edition_from_previous(previous=previous, end=shanghai(2023, 1, 1, 0, 0))
    assert list(excinfo.value.message_dict) == ["end"]
    assert Edition.objects.count() == 1


def test_reminder_rules_come_with_their_texts_and_follow_their_sub_forum(previous) -> None:
    ai = previous.sub_forums.get()
    whole = ReminderRuleFactory(edition=previous, name="A week before", offset=dt.timedelta(days=7))
    ReminderTemplateFactory(rule=whole, language="zh-hans", subject="{{ edition }}还有一周")
    ReminderTemplateFactory(rule=whole, language="en", subject="{{ edition }} in a week")
    ReminderRuleFactory(
        edition=previous, sub_forum=ai, name="AI tomorrow", anchor=ReminderAnchor.SUB_FORUM_START,
        offset=dt.timedelta(days=1),
    )  # fmt: skip
    edition = create_edition_from_previous(previous=previous)
    rules = {rule.name: rule for rule in ReminderRule.objects.filter(edition=edition)}
    assert sorted(rules) == ["A week before", "AI tomorrow"]
    assert sorted(rules["A week before"].templates.values_list("language", "subject")) == [
        ("en", "{{ edition }} in a week"),
        ("zh-hans", "{{ edition }}还有一周"),
    ]
    assert rules["AI tomorrow"].sub_forum == edition.sub_forums.get(slug="ai")
    # Without the sub-forums, a rule about one of them stays behind.
    alone = create_edition_from_previous(previous=previous, year=2024, number=21, carry=["reminder_rules"])
    assert list(ReminderRule.objects.filter(edition=alone).values_list("name", flat=True)) == ["A week before"]


def test_the_team_limited_to_last_year_moves_on_hosts_with_their_sub_forums(previous) -> None:
    host = ForumMembershipFactory(forum=previous.forum, role=ForumTeamRole.HOST, edition=previous)
    host.sub_forums.set([previous.sub_forums.get()])
    whole_forum = ForumMembershipFactory(forum=previous.forum, role=ForumTeamRole.ORGANISER)
    edition = create_edition_from_previous(previous=previous)
    host.refresh_from_db()
    assert host.edition == edition
    assert list(host.sub_forums.all()) == [edition.sub_forums.get(slug="ai")]
    assert ForumMembership.objects.get(pk=whole_forum.pk).edition is None
    assert AuditEntry.objects.filter(verb=Verb.CHANGED, object_id=str(host.pk)).count() == 1


# --- the admin's form -----------------------------------------------------------------------
def _next_url(edition: Edition) -> str:
    return reverse("admin:forums_edition_next", args=[edition.pk])


def test_the_edition_page_offers_the_button_to_its_organisers_only(client, previous) -> None:
    organiser = ForumMembershipFactory(forum=previous.forum, role=ForumTeamRole.ORGANISER).user
    viewer = ForumMembershipFactory(forum=previous.forum, role=ForumTeamRole.VIEWER).user
    change = reverse("admin:forums_edition_change", args=[previous.pk])
    client.force_login(organiser)
    assert _next_url(previous) in client.get(change, **EN).content.decode()
    client.force_login(viewer)
    assert _next_url(previous) not in client.get(change, **EN).content.decode()


def test_the_form_is_prefilled_one_year_on(admin_client, previous) -> None:
    response = admin_client.get(_next_url(previous), **EN)
    assert response.status_code == 200
    form = response.context["form"]
    assert {key: form.initial[key] for key in ("number", "year", "slug")} == {
        "number": 20,
        "year": 2023,
        "slug": "yrd-2023",
    }
    assert (form.initial["start"], form.initial["end"]) == (shanghai(2023, 7, 6, 9, 0), shanghai(2023, 7, 8, 17, 0))
    assert form.initial["carry"] == ["venue", "organising_roles", "sub_forums", "registration_types",
                                     "reminder_rules", "team"]  # fmt: skip
    page = response.content.decode()
    assert 'value="2023-07-06"' in page  # shown in the edition's time zone
    assert "Reminder rules and their texts" in page


def _post(previous: Edition, **changes) -> dict:
    data = {
        "number": 20, "year": 2023, "slug": "yrd-2023", "start_0": "2023-07-06", "start_1": "09:00:00",
        "end_0": "2023-07-08", "end_1": "17:00:00", "carry": ["venue", "sub_forums"],
    }  # fmt: skip
    data.update(changes)
    return data


def test_creating_lands_on_the_new_draft_edition(admin_client, superuser, previous) -> None:
    response = admin_client.post(_next_url(previous), _post(previous), **EN)
    edition = Edition.objects.get(slug="yrd-2023")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:forums_edition_change", args=[edition.pk])
    assert (edition.status, edition.number, edition.start) == (EditionStatus.DRAFT, 20, shanghai(2023, 7, 6, 9, 0))
    assert [sf.slug for sf in edition.sub_forums.all()] == ["ai"]
    assert edition.registration_types.count() == 0  # not ticked
    assert AuditEntry.objects.get(verb=Verb.CREATED, object_id=str(edition.pk)).actor == superuser


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_taken_slug_and_a_bad_end_are_shown_on_the_form(admin_client, previous, language) -> None:
    data = _post(previous, slug="yrd-2022", end_0="2023-07-01")
    response = admin_client.post(_next_url(previous), data, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert sorted(errors) == ["end"]  # the form's own check comes first
    expected = {"en": "The edition must end after it starts.", "zh-hans": "届次的结束时间必须晚于开始时间。"}[language]
    assert errors["end"] == [expected]
    response = admin_client.post(_next_url(previous), _post(previous, slug="yrd-2022"), HTTP_ACCEPT_LANGUAGE=language)
    assert list(response.context["form"].errors) == ["slug"]
    assert Edition.objects.count() == 1


def test_only_organisers_of_the_whole_forum_may(client, previous) -> None:
    limited = ForumMembershipFactory(forum=previous.forum, role=ForumTeamRole.ORGANISER, edition=previous).user
    client.force_login(limited)
    assert client.get(_next_url(previous)).status_code == 404
    assert client.post(_next_url(previous), _post(previous)).status_code == 404
    assert Edition.objects.count() == 1


# --- the command ------------------------------------------------------------------------------
def test_the_command_creates_the_next_edition(previous) -> None:
    out = StringIO()
    call_command("create_next_edition", "yrd-2022", "--carry", "sub_forums", stdout=out)
    edition = Edition.objects.get(slug="yrd-2023")
    assert (edition.number, edition.year, edition.status) == (20, 2023, EditionStatus.DRAFT)
    assert edition.registration_types.count() == 0
    assert "yrd-2023" in out.getvalue()
    with pytest.raises(CommandError, match="slug"):
        call_command("create_next_edition", "yrd-2022", "--number", "30", "--year", "2040", "--slug", "yrd-2022")
    with pytest.raises(CommandError, match="No edition"):
        call_command("create_next_edition", "nope")
