"""The edition and series dashboards and the admin home's current editions: the
figures shown are those the database holds (the demo's, and made-up editions'),
in a number of queries that does not grow with the registrations."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from attendees.enums import ACTIVE_STATUSES, ADMITTED_STATUSES, ChoiceStatus, RegistrationStatus
from attendees.models import Registration, SubForumChoice
from forums.enums import ForumTeamRole
from forums.models import edition_scope
from outbox.enums import OutboxStatus, SuppressionReason, SuppressionScope
from outbox.models import OutboxMessage, Suppression
from tests.factories import (
    EditionFactory,
    ForumFactory,
    ForumMembershipFactory,
    RegistrationFactory,
    RegistrationTypeFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    SubForumChoiceFactory,
    SubForumFactory,
)

pytestmark = pytest.mark.django_db

# An organiser's page: the session, the user, their memberships, the edition and eight figures.
EDITION_DASHBOARD_QUERIES = 12


def _dashboard(client, edition, **headers):
    return client.get(reverse("admin:forums_edition_dashboard", args=[edition.pk]), **headers)


CELL = r"<t[hd][^>]*>(.*?)</t[hd]>"


def _cell(html: str, table_id: str, row: str) -> list[str]:
    """The cells of the row headed ``row`` in the table ``table_id``, as text."""
    table = re.search(rf'<table id="{table_id}".*?</table>', html, re.S).group()
    for found in re.finditer(r"<tr>(.*?)</tr>", table, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(CELL, found.group(1), re.S)]
        if cells and cells[0] == row:
            return cells[1:]
    raise AssertionError(f"no row {row!r} in #{table_id}")


def _key(html: str, key: str) -> str:
    return re.search(rf'<dd id="key-{key}">(.*?)</dd>', html).group(1)


# --- the demo ---------------------------------------------------------------------------------
def test_demo_dashboard_shows_the_database_figures(admin_client, demo) -> None:
    response = _dashboard(admin_client, demo, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.text
    registrations = Registration.objects.filter(edition=demo)
    by_status = Counter(registrations.values_list("status", flat=True))
    admitted = sum(by_status[s] for s in ADMITTED_STATUSES)
    asked = admitted + by_status[RegistrationStatus.PENDING] + by_status[RegistrationStatus.EXPIRED]

    assert _key(html, "total") == str(registrations.count()) == "41"
    assert _key(html, "admitted") == str(admitted)
    assert _key(html, "confirmation-rate") == f"{admitted / asked:.0%}"
    assert _key(html, "held") == str(by_status["pending"] + by_status["awaiting_approval"])
    assert _key(html, "waitlisted") == str(by_status["waitlisted"])
    for status, count in by_status.items():
        assert _cell(html, "table-statuses", str(RegistrationStatus(status).label)) == [str(count)]

    for registration_type in demo.registration_types.all():
        rows = registrations.filter(registration_type=registration_type)
        capacity, taken, admitted_, held, waiting, checked_in, _fill = _cell(
            html, "table-types", registration_type.name_en
        )
        assert (capacity, taken) == (str(registration_type.capacity), str(registration_type.seats_taken))
        assert admitted_ == str(rows.filter(status__in=ADMITTED_STATUSES).count())
        assert held == str(rows.filter(status__in=["pending", "awaiting_approval"]).count())
        assert waiting == str(rows.filter(status="waitlisted").count())
        assert checked_in == str(rows.filter(status="checked_in").count())

    full = demo.sub_forums.get(slug="ai")
    choices = SubForumChoice.objects.filter(sub_forum=full)
    capacity, taken, admitted_, held, waiting, _checked_in, fill = _cell(html, "table-sub-forums", full.title_en)
    assert (capacity, taken, fill) == ("15", "15", "100%")
    assert admitted_ == str(
        choices.filter(status=ChoiceStatus.CONFIRMED, registration__status__in=ADMITTED_STATUSES).count()
    )
    assert int(admitted_) + int(held) == full.seats_taken
    assert waiting == str(choices.filter(status=ChoiceStatus.WAITLISTED).count()) != "0"

    active = registrations.filter(status__in=ACTIVE_STATUSES)
    for language, count in active.values_list("language").annotate(n=Count("pk")):
        name = {"zh-hans": "简体中文", "en": "English"}[language]
        assert _cell(html, "table-languages", name) == [str(count)]
    top = active.values_list("organisation").annotate(n=Count("pk")).order_by("-n").first()
    assert _cell(html, "table-organisations", top[0]) == [str(top[1])]

    checked_in = registrations.filter(checked_in_at__isnull=False).count()
    assert _key(html, "checked-in") == str(checked_in)
    assert f"{checked_in} of {admitted} admitted checked in" in html


def _rows(html: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table id="{table_id}".*?</table>', html, re.S).group()
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(CELL, row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_demo_registrations_over_time_against_the_previous_edition(admin_client, demo) -> None:
    html = _dashboard(admin_client, demo, HTTP_ACCEPT_LANGUAGE="en").text
    previous = Registration.objects.filter(edition__slug="yrd-st-forum-2021")
    assert "against the previous edition (2021)" in html
    rows = _rows(html, "table-timeline")
    # Week by week over the weeks before the opening, not one day: both curves rise.
    assert len(rows) >= 6
    new, totals, previous_totals = ([int(row[i]) for row in rows] for i in (1, 2, 3))
    assert totals == sorted(totals)
    assert totals[-1] == sum(new) == 41
    assert previous_totals == sorted(previous_totals)
    assert previous_totals[-1] == previous.count() == 5
    assert sum(1 for n in new if n) >= 5
    # The first row is the earliest week before its opening in which either edition had a sign-up.
    earliest = max(
        (edition.start.astimezone(edition.tz).date() - made.astimezone(edition.tz).date()).days
        for edition in (demo, previous.first().edition)
        for made in edition.registrations.values_list("created_at", flat=True)
    )
    assert rows[0][0] == f"{earliest // 7 * 7}\u2013{earliest // 7 * 7 + 6}"


def test_demo_dashboard_speaks_chinese(admin_client, demo) -> None:
    html = _dashboard(admin_client, demo, HTTP_ACCEPT_LANGUAGE="zh-hans").text
    for heading in ["报名趋势", "报名类型及名额", "分论坛及名额", "签到", "参会单位排行", "电子邮件"]:
        assert f">{heading}</h2>" in html
    assert _cell(html, "table-statuses", "已确认")
    assert "Registrations" not in html
    assert "Dashboard" not in html


def test_dashboard_counts_the_editions_mail_and_suppressed_addresses(admin_client) -> None:
    edition = EditionFactory()
    RegistrationFactory(edition=edition, email="Bounced@Example.org")
    RegistrationFactory(edition=edition, email="fine@example.org")
    RegistrationFactory(email="unrelated@example.org")  # another edition's registrant
    for address, reason in [
        ("bounced@example.org", SuppressionReason.HARD_BOUNCE),
        ("unrelated@example.org", SuppressionReason.HARD_BOUNCE),
    ]:
        Suppression.objects.create(address=address, reason=reason, scope=SuppressionScope.ALL)
    for n, status in enumerate([OutboxStatus.SENT, OutboxStatus.SENT, OutboxStatus.FAILED, OutboxStatus.SUPPRESSED]):
        OutboxMessage.objects.create(
            kind="test", recipient=f"r{n}@example.org", dedupe_key=f"d{n}", message_id=f"<m{n}@agora>",
            scope=edition_scope(edition.pk), status=status,
        )  # fmt: skip
    OutboxMessage.objects.create(kind="test", recipient="x@example.org", dedupe_key="other", message_id="<o@agora>")

    html = _dashboard(admin_client, edition, HTTP_ACCEPT_LANGUAGE="en").text

    assert _cell(html, "table-mail", "Sent") == ["2"]
    assert _cell(html, "table-mail", "Failed") == ["1"]
    assert _cell(html, "table-mail", "Suppressed") == ["1"]
    assert _cell(html, "table-suppressed", "Hard bounce") == ["1"]


# --- registrations over time -------------------------------------------------------------------
def _registered(edition, days_before: int, status: str = RegistrationStatus.CONFIRMED, **kwargs) -> Registration:
    registration = RegistrationFactory(edition=edition, status=status, **kwargs)
    created = edition.start - dt.timedelta(days=days_before)
    Registration.objects.filter(pk=registration.pk).update(created_at=created)
    return registration


def test_timeline_is_aligned_with_the_previous_edition_on_days_before_opening(admin_client) -> None:
    forum = ForumFactory()
    start = dt.datetime(2031, 7, 6, 9, 0, tzinfo=dt.UTC)
    last_year = EditionFactory(forum=forum, number=7, year=2030, start=start - dt.timedelta(days=364))
    this_year = EditionFactory(forum=forum, number=8, year=2031, start=start)
    EditionFactory(forum=forum, number=9, year=2032, start=start + dt.timedelta(days=365))  # later: not compared
    for days in (30, 30, 10):
        _registered(last_year, days)
    _registered(this_year, 30)
    _registered(this_year, 12, RegistrationStatus.PENDING)

    response = _dashboard(admin_client, this_year, HTTP_ACCEPT_LANGUAGE="en")

    figures = response.context["figures"]
    assert [(d.days_before, d.status, d.count) for d in figures.timeline] == [(30, "confirmed", 1), (12, "pending", 1)]
    assert [(d.days_before, d.count) for d in figures.previous_timeline] == [(30, 2), (10, 1)]
    chart = response.context["charts"]["chart-timeline"]
    assert chart["previous"]["points"] == [(30, 2), (12, 2), (10, 3)]
    # Week by week, against the same weeks of 2030.
    assert _cell(response.text, "table-timeline", "28\u201334") == ["1", "1", "2"]
    assert _cell(response.text, "table-timeline", "7\u201313") == ["1", "2", "3"]


# --- queries ------------------------------------------------------------------------------------
def _busy_edition(registrations: int):
    """An edition with its registrations spread over types, statuses, sub-forums, days, languages and
    organisations, a previous edition with registrations, messages and a suppressed address."""
    forum = ForumFactory()
    previous = EditionFactory(forum=forum, number=1, year=2029, start=dt.datetime(2029, 7, 6, tzinfo=dt.UTC))
    edition = EditionFactory(forum=forum, number=2, year=2030)
    types = [RegistrationTypeFactory(edition=edition, capacity=1000) for _ in range(2)]
    sub_forums = [SubForumFactory(edition=edition, capacity=500) for _ in range(3)]
    statuses = list(RegistrationStatus.values)
    for n in range(registrations):
        registration = _registered(
            edition, n % 40, statuses[n % len(statuses)], registration_type=types[n % 2],
            language=["zh-hans", "en"][n % 2], organisation=f"University {n % 7}",
            checked_in_at=timezone.now() - dt.timedelta(hours=n % 5) if n % 3 == 0 else None,
        )  # fmt: skip
        SubForumChoiceFactory(registration=registration, sub_forum=sub_forums[n % 3])
        _registered(previous, n % 50, registration_type=RegistrationTypeFactory(edition=previous))
        OutboxMessage.objects.create(
            kind="test", recipient=registration.email, dedupe_key=f"k{n}", message_id=f"<k{n}@agora>",
            scope=edition_scope(edition.pk), status=[OutboxStatus.SENT, OutboxStatus.FAILED][n % 2],
        )  # fmt: skip
    Suppression.objects.create(
        address=registration.email.lower(), reason=SuppressionReason.HARD_BOUNCE, scope=SuppressionScope.ALL
    )
    return edition


@pytest.mark.parametrize("registrations", [1, 30])
def test_edition_dashboard_queries_do_not_grow_with_registrations(
    client, django_assert_num_queries, registrations
) -> None:
    edition = _busy_edition(registrations)
    organiser = ForumMembershipFactory(forum=edition.forum, role=ForumTeamRole.ORGANISER).user
    client.force_login(organiser)
    with django_assert_num_queries(EDITION_DASHBOARD_QUERIES):
        response = _dashboard(client, edition)
    assert response.status_code == 200
    assert response.context["figures"].total == registrations


@pytest.mark.parametrize("registrations", [1, 30])
def test_check_in_figures_queries_do_not_grow_with_registrations(
    admin_client, django_assert_num_queries, registrations
) -> None:
    edition = _busy_edition(registrations)
    url = reverse("admin:forums_edition_dashboard_check_ins", args=[edition.pk])
    admin_client.get(url)
    # The session, the user, the edition, then check-ins by hour, those admitted and the doors.
    with django_assert_num_queries(6):
        response = admin_client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_check_in_figures_show_a_new_check_in(admin_client) -> None:
    edition = EditionFactory()
    sub_forum = SubForumFactory(edition=edition, title_en="Robotics")
    registrations = [RegistrationFactory(edition=edition) for _ in range(4)]
    for registration in registrations:
        SubForumChoiceFactory(registration=registration, sub_forum=sub_forum)
    url = reverse("admin:forums_edition_dashboard_check_ins", args=[edition.pk])
    assert 'data-checked-in="0"' in admin_client.get(url).text

    Registration.objects.filter(pk=registrations[0].pk).update(
        status=RegistrationStatus.CHECKED_IN, checked_in_at=timezone.now()
    )
    SubForumChoice.objects.filter(registration=registrations[0]).update(checked_in_at=timezone.now())

    html = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
    assert 'data-checked-in="1"' in html
    assert "1 of 4 admitted checked in (25%)" in html
    assert _cell(html, "table-check-in-doors", "Robotics") == ["1", "4"]


# --- the series --------------------------------------------------------------------------------------
def test_series_dashboard_counts_returning_attendees_speakers_and_organisations(admin_client) -> None:
    forum = ForumFactory()
    first = EditionFactory(forum=forum, number=1, year=2030)
    second = EditionFactory(forum=forum, number=2, year=2031, start=first.start + dt.timedelta(days=365))
    RegistrationFactory(edition=first, email="li@example.org", organisation="Fudan University")
    RegistrationFactory(edition=first, email="gone@example.org", status=RegistrationStatus.CANCELLED)
    RegistrationFactory(edition=second, email="LI@example.org", organisation="fudan university ")
    RegistrationFactory(edition=second, email="gone@example.org", organisation="Tongji")  # cancelled before
    RegistrationFactory(edition=second, email="new@example.org", status=RegistrationStatus.CHECKED_IN)
    SubForumFactory(edition=second, capacity=10, seats_taken=4)
    SubForumFactory(edition=second, capacity=None, seats_taken=9)  # no limit: not in the fill
    speaker, newcomer = SpeakerFactory(), SpeakerFactory()
    SessionSpeakerFactory(session=SessionFactory(edition=first), speaker=speaker)
    SessionSpeakerFactory(session=SessionFactory(edition=second), speaker=speaker)
    SessionSpeakerFactory(session=SessionFactory(edition=second), speaker=newcomer)

    response = admin_client.get(reverse("admin:forums_forum_dashboard", args=[forum.pk]), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    html = response.text
    registrations, admitted, confirmation, checked_in, check_in_rate, fill, returning, speakers, returning_speakers = (
        _cell(html, "table-editions", "No. 2 (2031)")
    )
    assert (registrations, admitted, checked_in, check_in_rate) == ("3", "3", "1", "33%")
    assert (returning, speakers, returning_speakers, fill) == ("1", "2", "1", "40%")
    assert confirmation == "100%"
    assert _cell(html, "table-editions", "No. 1 (2030)")[6:] == ["0", "1", "0"]
    assert _cell(html, "table-faithful", "Fudan University") == ["2", "1", "1"]
    assert "Tongji" not in html


# --- the admin home ----------------------------------------------------------------------------------
def test_admin_home_shows_the_organisers_current_editions_first(client, django_assert_max_num_queries) -> None:
    forum = ForumFactory()
    now = timezone.now()
    current = EditionFactory(forum=forum, start=now + dt.timedelta(days=30), title_en="Next forum")
    EditionFactory(forum=forum, start=now - dt.timedelta(days=400), title_en="Long ago")
    EditionFactory(start=now + dt.timedelta(days=30), title_en="Someone else's")
    RegistrationFactory(edition=current)
    RegistrationFactory(edition=current, status=RegistrationStatus.PENDING)
    client.force_login(ForumMembershipFactory(forum=forum, role=ForumTeamRole.VIEWER).user)

    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")

    html = response.text
    assert html.index('id="current-editions"') < html.index('id="content-main"')
    panel = re.search(r'<table id="current-editions">.*?</table>', html, re.S).group()
    assert "Next forum" in panel
    assert "Long ago" not in panel
    assert "Someone else" not in panel
    assert reverse("admin:forums_edition_dashboard", args=[current.pk]) in panel
    assert reverse("attendees:checkin", args=[current.slug]) not in panel  # a viewer checks nobody in
    row = re.search(r'<tr data-edition="\d+">(.*?)</tr>', panel, re.S).group(1)
    assert [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r'<td class="number">(.*?)</td>', row)] == [
        "2", "1", "1", "0", "0"
    ]  # fmt: skip


def test_admin_home_shows_a_host_no_edition_totals(client) -> None:
    edition = EditionFactory(start=timezone.now() + dt.timedelta(days=30))
    hosting = ForumMembershipFactory(forum=edition.forum, role=ForumTeamRole.HOST, edition=edition)
    hosting.sub_forums.set([SubForumFactory(edition=edition)])
    client.force_login(hosting.user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert 'id="current-editions"' not in response.text


def test_edition_page_links_its_dashboard_and_check_in_page(admin_client) -> None:
    edition = EditionFactory()
    html = admin_client.get(reverse("admin:forums_edition_change", args=[edition.pk])).text
    assert f'href="{reverse("admin:forums_edition_dashboard", args=[edition.pk])}"' in html
    assert f'href="{reverse("attendees:checkin", args=[edition.slug])}"' in html
    forum_page = admin_client.get(reverse("admin:forums_forum_change", args=[edition.forum.pk])).text
    assert f'href="{reverse("admin:forums_forum_dashboard", args=[edition.forum.pk])}"' in forum_page


def test_edition_page_hides_the_check_in_link_from_a_viewer(client) -> None:
    edition = EditionFactory()
    client.force_login(ForumMembershipFactory(forum=edition.forum, role=ForumTeamRole.VIEWER).user)
    html = client.get(reverse("admin:forums_edition_change", args=[edition.pk])).text
    assert reverse("admin:forums_edition_dashboard", args=[edition.pk]) in html
    assert reverse("attendees:checkin", args=[edition.slug]) not in html


def test_edition_limited_member_sees_only_their_editions_dashboard(client) -> None:
    forum = ForumFactory()
    theirs, other = EditionFactory(forum=forum), EditionFactory(forum=forum)
    member = ForumMembershipFactory(forum=forum, role=ForumTeamRole.ORGANISER, edition=theirs).user
    client.force_login(member)
    assert _dashboard(client, theirs).status_code == 200
    assert _dashboard(client, other).status_code == 404
    # The series' dashboard compares every edition: not for a member of one.
    assert client.get(reverse("admin:forums_forum_dashboard", args=[forum.pk])).status_code == 404
