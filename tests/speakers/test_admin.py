"""The organisers' side: inviting from the session list, the edition's overview and its
exports, the one-click reminder and the travel lists."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums.enums import ForumTeamRole
from outbox.models import OutboxMessage
from sessions.enums import SpeakerRole
from speakers import invitations, services
from speakers.models import Invitation, TravelPlan
from tests.factories import (
    EditionFactory,
    ForumMembershipFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    SubForumFactory,
)
from tests.speakers.conftest import picture
from tests.speakers.factories import pdf_upload

pytestmark = pytest.mark.django_db


def _overview(edition) -> str:
    return reverse("admin:speakers_overview", args=[edition.pk])


def _people(edition, count: int, *, sub_forum=None) -> None:
    """``count`` of each kind: complete speakers, speakers missing everything, open and declined invitations."""
    for n in range(count):
        session = SessionFactory(edition=edition, sub_forum=sub_forum)
        complete = SpeakerFactory(biography_zh_hans="简介", biography_en="Biography")
        services.set_photo(speaker=complete, upload=picture())
        SessionSpeakerFactory(session=session, speaker=complete)
        services.add_material(speaker=complete, session=session, kind="slides", upload=pdf_upload())
        TravelPlan.objects.create(
            speaker=complete,
            edition=edition,
            arrival_at=edition.start - dt.timedelta(hours=5),
            arrival_station="芜湖站",
            departure_at=edition.end,
        )
        SessionSpeakerFactory(session=session, speaker=SpeakerFactory(), role=SpeakerRole.MODERATOR)
        key = f"{n}-{session.pk}"
        invitations.invite_speaker(session=session, role="panelist", email=f"open{key}@example.org", name=f"待复{n}")
        declined = invitations.invite_speaker(
            session=session, role="speaker", email=f"no{key}@example.org", name="谢绝"
        )
        invitations.decline_invitation(invitation=declined, reason="日程冲突")


def test_overview_shows_states_and_what_is_missing(admin_client) -> None:
    edition = EditionFactory()
    _people(edition, 1)
    response = admin_client.get(_overview(edition), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    rows = {row.email: row for row in response.context["rows"]}
    states = sorted(row.state for row in rows.values())
    assert states == ["accepted", "accepted", "declined", "invited"]
    complete, bare = sorted((r for r in rows.values() if r.state == "accepted"), key=lambda r: len(r.missing))
    assert complete.missing == []
    assert bare.missing_labels == ["photo", "biography in Chinese", "biography in English", "slides", "travel details"]
    body = response.content.decode()
    assert "日程冲突" in body
    assert "Missing something: <strong>1</strong>" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=invited", 1),
        ("state=declined", 1),
        ("missing=slides", 1),
        ("missing=any", 1),
        ("state=accepted", 2),
        ("", 4),
    ],
)
def test_overview_filters(admin_client, query, expected) -> None:
    edition = EditionFactory()
    _people(edition, 1)
    response = admin_client.get(f"{_overview(edition)}?{query}")
    assert len(response.context["rows"]) == expected


def test_overview_queries_do_not_grow_with_speakers(admin_client) -> None:
    small, large = EditionFactory(), EditionFactory()
    _people(small, 1)
    _people(large, 6)

    def queries(edition) -> int:
        admin_client.get(_overview(edition))
        with CaptureQueriesContext(connection) as ctx:
            response = admin_client.get(_overview(edition))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    assert queries(small) == queries(large)
    assert len(admin_client.get(_overview(large)).context["rows"]) == 24


def test_a_hosts_overview_queries_do_not_grow_with_speakers(client) -> None:
    small, large = EditionFactory(), EditionFactory()
    counts = []
    for edition, count in [(small, 1), (large, 6)]:
        hosted = SubForumFactory(edition=edition)
        _people(edition, count, sub_forum=hosted)
        _people(edition, 2)  # the edition's other speakers, not the host's
        hosting = ForumMembershipFactory(forum=edition.forum, role=ForumTeamRole.HOST, edition=edition)
        hosting.sub_forums.set([hosted])
        client.force_login(hosting.user)
        client.get(_overview(edition))
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(_overview(edition))
        assert len(response.context["rows"]) == 4 * count  # only its own sub-forum's people
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_a_hosts_travel_lists_hold_its_own_speakers(client) -> None:
    edition = EditionFactory()
    hosted, other = SubForumFactory(edition=edition), SubForumFactory(edition=edition)
    for sub_forum, name in [(hosted, "本分论坛嘉宾"), (other, "其他嘉宾")]:
        speaker = SpeakerFactory(name_zh_hans=name)
        SessionSpeakerFactory(session=SessionFactory(edition=edition, sub_forum=sub_forum), speaker=speaker)
        TravelPlan.objects.create(speaker=speaker, edition=edition, arrival_at=edition.start, arrival_station="芜湖站")
    hosting = ForumMembershipFactory(forum=edition.forum, role=ForumTeamRole.HOST, edition=edition)
    hosting.sub_forums.set([hosted])
    client.force_login(hosting.user)
    page = client.get(reverse("admin:speakers_travel", args=[edition.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert [str(p.speaker) for _day, stations in page.context["arrivals"] for _s, ps in stations for p in ps] == [
        "本分论坛嘉宾"
    ]
    export = client.get(reverse("admin:speakers_travel_export", args=[edition.pk, "csv"]))
    body = export.content.decode("utf-8-sig")
    assert "本分论坛嘉宾" in body
    assert "其他嘉宾" not in body


def test_export_makes_formula_cells_inert(admin_client) -> None:
    edition = EditionFactory()
    session = SessionFactory(edition=edition)
    evil = SpeakerFactory(name_zh_hans='=HYPERLINK("http://evil","点我")', name_en="+cmd|' /C calc'!A0")
    SessionSpeakerFactory(session=session, speaker=evil)
    TravelPlan.objects.create(speaker=evil, edition=edition, dietary_needs="@SUM(1+1)", arrival_station="-2+3")
    response = admin_client.get(
        reverse("admin:speakers_overview_export", args=[edition.pk, "csv"]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="speakers-{edition.slug}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, line = rows[0], rows[1]
    assert line[header.index("姓名")] == '\'=HYPERLINK("http://evil","点我")'
    assert line[header.index("饮食要求")] == "'@SUM(1+1)"
    assert line[header.index("抵达车站")] == "'-2+3"
    xlsx = admin_client.get(reverse("admin:speakers_overview_export", args=[edition.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(row=2, column=1).value == '\'=HYPERLINK("http://evil","点我")'
    assert sheet.cell(row=2, column=1).data_type == "s"


def test_one_click_reminder_writes_to_everyone_missing_something(
    admin_client, django_capture_on_commit_callbacks
) -> None:
    edition = EditionFactory()
    _people(edition, 2)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(_overview(edition))
    assert response.status_code == 302
    messages = OutboxMessage.objects.filter(kind="speakers.missing")
    assert messages.count() == 2  # the two moderators with nothing given; not the complete, not invitees
    body = messages.first().body_text
    assert "/speakers/me/" in body
    assert "演示文稿" in body or "slides" in body
    admin_client.post(_overview(edition))  # a second click on the same day sends nothing twice
    assert OutboxMessage.objects.filter(kind="speakers.missing").count() == 2


@pytest.mark.parametrize("role", [ForumTeamRole.VIEWER, ForumTeamRole.DESK])
def test_readers_may_not_send_the_reminder(client, role) -> None:
    edition = EditionFactory()
    _people(edition, 1)
    user = ForumMembershipFactory(forum=edition.forum, role=role).user
    client.force_login(user)
    assert client.get(_overview(edition)).status_code == 200
    assert client.post(_overview(edition)).status_code == 404
    assert not OutboxMessage.objects.filter(kind="speakers.missing").exists()


def test_invite_from_the_session_list(admin_client, django_capture_on_commit_callbacks) -> None:
    edition = EditionFactory()
    sessions = SessionFactory.create_batch(2, edition=edition)
    changelist = reverse("admin:forum_sessions_session_changelist")
    selected = {"action": "invite_speakers", ACTION_CHECKBOX_NAME: [s.pk for s in sessions], "index": 0}
    led = admin_client.post(changelist, selected)
    assert led.status_code == 302  # the action leads to the one invitation page
    form_page = admin_client.get(led["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert form_page.status_code == 200
    assert "Invite a speaker" in form_page.content.decode()
    assert {s.pk for s in form_page.context["sessions"]} == {s.pk for s in sessions}
    offered = {"offered": [s.pk for s in sessions], "next": changelist}
    refused = admin_client.post(
        _invite_page(),
        {**offered, "sessions": [s.pk for s in sessions], "role": "host", "language": "en"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Choose an existing speaker or enter an e-mail address." in refused.content.decode()
    none_ticked = admin_client.post(
        _invite_page(), {**offered, "role": "host", "email": "c@example.org", "name": "C"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert none_ticked.context["form"].errors["sessions"] == ["This field is required."]
    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(
            _invite_page(),
            {
                **offered,
                "sessions": [s.pk for s in sessions],
                "role": "host",
                "language": "en",
                "email": "chair@example.org",
                "name": "Chair",
            },
        )
    assert (done.status_code, done["Location"]) == (302, changelist)
    made = Invitation.objects.filter(email="chair@example.org")
    assert sorted(made.values_list("session_id", flat=True)) == sorted(s.pk for s in sessions)
    assert set(made.values_list("role", flat=True)) == {"host"}
    assert OutboxMessage.objects.filter(kind="speakers.invitation", recipient="chair@example.org").count() == 2


def _invite_page() -> str:
    return reverse("admin:forum_sessions_session_invite")


def test_invite_from_a_sessions_own_page(admin_client, django_capture_on_commit_callbacks) -> None:
    session = SessionFactory()
    change = reverse("admin:forum_sessions_session_change", args=[session.pk])
    page = admin_client.get(change, HTTP_ACCEPT_LANGUAGE="en")
    link = page.context["invite_url"]
    assert f'href="{link.replace("&", "&amp;")}" class="invite-link">Invite a speaker</a>' in page.content.decode()
    form_page = admin_client.get(link)
    assert [s.pk for s in form_page.context["sessions"]] == [session.pk]
    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(
            _invite_page(),
            {
                "offered": session.pk,
                "sessions": session.pk,
                "next": form_page.context["next"],
                "role": "moderator",
                "language": "zh-hans",
                "email": "mod@example.org",
                "name": "主持人",
            },
        )
    assert (done.status_code, done["Location"]) == (302, change)  # back on the session's page
    assert Invitation.objects.get(email="mod@example.org").session == session


def test_invite_page_refuses_a_session_not_offered_and_a_foreign_next(admin_client) -> None:
    session, other = SessionFactory(), SessionFactory()
    response = admin_client.post(
        _invite_page(),
        {
            "offered": session.pk,
            "sessions": [session.pk, other.pk],
            "next": "https://evil.example.org/",
            "role": "speaker",
            "language": "en",
            "email": "x@example.org",
            "name": "X",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.context["form"].errors["sessions"][0]
    assert not Invitation.objects.exists()
    assert admin_client.get(f"{_invite_page()}?sessions=999999").status_code == 404
    ok = admin_client.post(
        _invite_page(),
        {"offered": session.pk, "sessions": session.pk, "next": "https://evil.example.org/", "role": "speaker"}
        | {"language": "en", "email": "x@example.org", "name": "X"},
    )
    assert ok["Location"] == reverse("admin:speakers_invitation_changelist")


def test_invitation_changelist_links_the_overviews(admin_client) -> None:
    edition = EditionFactory()
    response = admin_client.get(reverse("admin:speakers_invitation_changelist"))
    assert _overview(edition) in response.content.decode()


def test_travel_lists_group_arrivals_by_day_and_station(admin_client) -> None:
    edition = EditionFactory()
    tz = edition.tz
    day = dt.datetime(2030, 7, 5, tzinfo=tz)
    for name, hour, station in [("甲", 9, "芜湖站"), ("乙", 15, "芜湖站"), ("丙", 11, "南京禄口机场")]:
        speaker = SpeakerFactory(name_zh_hans=name)
        TravelPlan.objects.create(
            speaker=speaker,
            edition=edition,
            arrival_at=day + dt.timedelta(hours=hour),
            arrival_station=station,
            hotel_check_in=dt.date(2030, 7, 5),
            hotel_check_out=dt.date(2030, 7, 7),
        )
    late = SpeakerFactory(name_zh_hans="丁")
    TravelPlan.objects.create(
        speaker=late, edition=edition, arrival_at=day + dt.timedelta(days=1, hours=8), arrival_station="芜湖站"
    )
    response = admin_client.get(reverse("admin:speakers_travel", args=[edition.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    arrivals = response.context["arrivals"]
    assert [(d.isoformat(), [(s, [str(p.speaker) for p in ps]) for s, ps in st]) for d, st in arrivals] == [
        ("2030-07-05", [("南京禄口机场", ["丙"]), ("芜湖站", ["甲", "乙"])]),
        ("2030-07-06", [("芜湖站", ["丁"])]),
    ]
    assert [p.hotel_nights for p in response.context["hotel"]] == [2, 2, 2]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_travel_list_export_is_written_by_the_project_writer(admin_client, fmt) -> None:
    edition = EditionFactory()
    speaker = SpeakerFactory(name_zh_hans="=1+1", email="traveller@example.org")
    TravelPlan.objects.create(
        speaker=speaker,
        edition=edition,
        arrival_at=dt.datetime(2030, 7, 5, 9, 30, tzinfo=edition.tz),
        arrival_station="-芜湖站",
        hotel_check_in=dt.date(2030, 7, 5),
        hotel_check_out=dt.date(2030, 7, 7),
    )
    response = admin_client.get(
        reverse("admin:speakers_travel_export", args=[edition.pk, fmt]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="travel-{edition.slug}.{fmt}"'
    if fmt == "csv":
        assert response.content.startswith("\ufeff".encode())
        header, line = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        nights = "2"
    else:
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        sheet = workbook.active
        assert sheet.title == "行程"
        assert sheet.freeze_panes == "A2"
        header, line = ([cell.value for cell in row] for row in sheet.iter_rows(min_row=1, max_row=2))
        nights = 2  # a number Excel can add up, not text
    assert line[header.index("姓名")] == "'=1+1"
    assert line[header.index("抵达车站")] == "'-芜湖站"
    assert line[header.index("抵达时间")] == "2030-07-05 09:30"
    assert line[header.index("住宿晚数")] == nights
