# ruff: noqa: RUF001 - times are printed with an en dash
"""The timetable page and its move endpoint, without a browser: what the grid holds, what a
move answers and saves, and queries that do not grow with the agenda."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.services import publish_and_notify
from sessions.models import Session
from tests.factories import (
    EDITION_START,
    EditionFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SubForumFactory,
)
from workspace.timetable.data import grid_rooms
from workspace.timetable.grid import Item, build_grid

pytestmark = pytest.mark.django_db


def at(hour: int, minute: int = 0, day: int = 0) -> dt.datetime:
    return EDITION_START.replace(hour=hour, minute=minute) + dt.timedelta(days=day)


@pytest.fixture
def edition():
    return EditionFactory(title_en="19th Forum")


@pytest.fixture
def halls(edition):
    return RoomFactory(venue=edition.venue, name_en="Hall A"), RoomFactory(venue=edition.venue, name_en="Hall B")


def _move(client, edition, session, *, start: str, end: str, room=None, **extra):
    return client.post(
        reverse("admin:forums_edition_timetable_move", args=[edition.pk]),
        {"session": session.pk, "start": start, "end": end, "room": room.pk if room else ""},
        HTTP_ACCEPT_LANGUAGE="en",
        **extra,
    )


def test_move_saves_and_answers_where_the_session_now_is(admin_client, edition, halls) -> None:
    hall_a, hall_b = halls
    talk = SessionFactory(edition=edition, room=hall_a, start=at(10), end=at(10, 30), title_en="Robots")
    response = _move(admin_client, edition, talk, start="2030-07-07T11:00", end="2030-07-07T11:45", room=hall_b)
    assert response.status_code == 200
    assert response.json() == {
        "message": f"Saved: “Robots”, 2030-07-07 11:00–11:45, {hall_b.name}.",
        "session": {
            "id": talk.pk,
            "date": "2030-07-07",
            "start": 660,
            "end": 705,
            "room": hall_b.pk,
            "spanning": False,
            "span": "2030-07-07 11:00–11:45",
        },
    }
    talk.refresh_from_db()
    assert (talk.start, talk.end, talk.room_id) == (at(11, day=1), at(11, 45, day=1), hall_b.pk)


def test_move_onto_a_clash_is_409_naming_the_other_session_and_saves_nothing(admin_client, edition, halls) -> None:
    hall_a, hall_b = halls
    SessionFactory(edition=edition, room=hall_b, start=at(14), end=at(15), title_en="Opening address")
    talk = SessionFactory(edition=edition, room=hall_a, start=at(10), end=at(10, 30))
    response = _move(admin_client, edition, talk, start="2030-07-06T14:30", end="2030-07-06T15:00", room=hall_b)
    assert response.status_code == 409
    body = response.json()
    assert body["message"] == f"{hall_b} is already booked at this time by “Opening address” (2030-07-06 14:00–15:00)."
    assert list(body["errors"]) == ["room"]
    talk.refresh_from_db()
    assert (talk.start, talk.room_id) == (at(10), hall_a.pk)


def test_move_keeps_speakers_in_one_place(admin_client, edition, halls) -> None:
    hall_a, hall_b = halls
    other = SessionFactory(edition=edition, room=hall_b, start=at(14), end=at(15), title_en="Panel")
    talk = SessionFactory(edition=edition, room=hall_a, start=at(10), end=at(10, 30))
    role = SessionSpeakerFactory(session=other, speaker__name_en="Li Wei")
    SessionSpeakerFactory(session=talk, speaker=role.speaker)
    response = _move(admin_client, edition, talk, start="2030-07-06T14:15", end="2030-07-06T14:45", room=hall_a)
    assert response.status_code == 409
    assert response.json()["message"].startswith("Li Wei is already on the programme at this time in “Panel”")


@pytest.mark.parametrize(
    ("data", "status", "field"),
    [
        ({"start": "tomorrow", "end": "2030-07-06T10:30"}, 400, "start"),
        ({"start": "2030-07-06T10:00", "end": ""}, 400, "end"),
        ({"start": "2030-07-06T10:00", "end": "2030-07-06T10:00"}, 409, "end"),
        ({"start": "2030-07-01T10:00", "end": "2030-07-01T10:30"}, 409, "start"),  # before the edition
        ({"room": "999999"}, 400, "room"),
    ],
)
def test_malformed_or_refused_moves_are_field_errors_not_server_errors(
    admin_client, edition, halls, data, status, field
) -> None:
    talk = SessionFactory(edition=edition, room=halls[0], start=at(10), end=at(10, 30))
    payload = {"session": talk.pk, "start": "2030-07-06T11:00", "end": "2030-07-06T11:30", "room": halls[0].pk, **data}
    response = admin_client.post(
        reverse("admin:forums_edition_timetable_move", args=[edition.pk]), payload, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert (response.status_code, list(response.json()["errors"])) == (status, [field])
    talk.refresh_from_db()
    assert talk.start == at(10)


def test_a_session_of_another_edition_is_404(admin_client, edition, halls) -> None:
    foreign = SessionFactory(start=at(10), end=at(10, 30))
    response = _move(admin_client, edition, foreign, start="2030-07-06T11:00", end="2030-07-06T11:30")
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.start == at(10)


def test_moves_are_posted(admin_client, edition) -> None:
    response = admin_client.get(reverse("admin:forums_edition_timetable_move", args=[edition.pk]))
    assert response.status_code == 405


def test_grid_places_blocks_by_day_room_and_time(admin_client, edition, halls) -> None:
    hall_a, hall_b = halls
    sub_forum = SubForumFactory(edition=edition, room=hall_b, start=at(9), end=at(18))
    talk = SessionFactory(edition=edition, sub_forum=sub_forum, room=hall_b, start=at(9, 30), end=at(10))
    tea = SessionFactory(edition=edition, room=None, kind="break", start=at(10), end=at(10, 30))
    loose = SessionFactory(edition=edition, sub_forum=sub_forum, room=None, start=at(11), end=at(11, 30))
    SessionFactory(edition=edition, room=hall_a, start=at(9, day=2), end=at(10, day=2))
    response = admin_client.get(reverse("admin:forums_edition_timetable", args=[edition.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    grid = response.context["grid"]
    assert [room.pk for room in grid.rooms] == [hall_a.pk, hall_b.pk]
    assert [(day.date.isoformat(), len(day.blocks)) for day in grid.days] == [
        ("2030-07-06", 2),
        ("2030-07-07", 0),
        ("2030-07-08", 1),
    ]
    blocks = {block.item.id: block for block in grid.days[0].blocks}
    # 08:00 is the first row (line 2); 09:30 is 18 five-minute rows later; Hall B is the third column line.
    assert (blocks[talk.pk].column, blocks[talk.pk].row, blocks[talk.pk].row_end) == (3, 20, 26)
    assert (blocks[tea.pk].column, blocks[tea.pk].column_end) == (2, 4)  # across both rooms
    assert [item.id for item in grid.tray] == [loose.pk]
    html = response.content.decode()
    assert f'data-id="{talk.pk}"' in html
    assert "grid-column: 3 / 4; grid-row: 20 / 26" in html


def _hidden_days(html: str) -> dict[str, bool]:
    """Each day section of the page: is it drawn hidden?"""
    sections = re.findall(r'<section class="tt-day" id="tt-day-([\d-]+)"([^>]*)>', html)
    return {date: " hidden" in rest for date, rest in sections}


def test_the_editor_shows_its_first_day_and_the_print_view_every_day(admin_client, edition, halls) -> None:
    SessionFactory(edition=edition, room=halls[0], start=at(9, day=1), end=at(10, day=1))
    url = reverse("admin:forums_edition_timetable", args=[edition.pk])
    editor = admin_client.get(url).content.decode()
    assert _hidden_days(editor) == {"2030-07-06": False, "2030-07-07": True, "2030-07-08": True}
    assert "<noscript><style>.tt-day[hidden] { display: grid; }</style></noscript>" in editor  # no script, no tabs
    printed = admin_client.get(url + "?print=a4").content.decode()
    assert _hidden_days(printed) == {"2030-07-06": False, "2030-07-07": False, "2030-07-08": False}


def test_overlapping_blocks_share_their_column_in_lanes() -> None:
    room = RoomFactory()
    items = [
        Item(
            id=n,
            title="",
            kind="talk",
            kind_label="",
            start=at(h, m),
            end=at(h2, m2),
            room_id=room.pk,
            sub_forum_id=None,
        )
        for n, (h, m, h2, m2) in enumerate([(9, 0, 10, 0), (9, 30, 10, 30), (10, 0, 11, 0), (12, 0, 13, 0)])
    ]
    grid = build_grid(
        items=items, rooms=[room], sub_forums=[], tz=EDITION_START.tzinfo, edition_start=at(9), edition_end=at(18)
    )
    lanes = {block.item.id: (block.lane, block.lanes) for block in grid.days[0].blocks}
    assert lanes == {0: (0, 2), 1: (1, 2), 2: (0, 2), 3: (0, 1)}


def test_draft_marks_changes_since_the_published_version_and_published_view_shows_it_as_it_was(
    admin_client, edition, halls
) -> None:
    hall_a, hall_b = halls
    talk = SessionFactory(edition=edition, room=hall_a, start=at(10), end=at(10, 30))
    quiet = SessionFactory(edition=edition, room=hall_a, start=at(11), end=at(11, 30))
    publish_and_notify(edition=edition)
    Session.objects.filter(pk=talk.pk).update(room=hall_b)
    url = reverse("admin:forums_edition_timetable", args=[edition.pk])

    draft = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    blocks = {b.item.id: b for b in draft.context["grid"].days[0].blocks}
    assert (blocks[talk.pk].item.changes, blocks[quiet.pk].item.changes) == (("room",), ())
    assert blocks[talk.pk].column == 3
    assert "1 unpublished change" in draft.content.decode()

    published = admin_client.get(url + "?view=published", HTTP_ACCEPT_LANGUAGE="en")
    blocks = {b.item.id: b for b in published.context["grid"].days[0].blocks}
    assert blocks[talk.pk].column == 2  # where version 1 has it
    assert not any(b.item.editable for b in blocks.values())


def _timetable_queries(client, edition) -> int:
    url = reverse("admin:forums_edition_timetable", args=[edition.pk])
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_timetable_queries_do_not_grow_with_the_agenda(admin_client, halls) -> None:
    small, large = EditionFactory(), EditionFactory()
    for edition, count in ((small, 1), (large, 30)):
        sub_forum = SubForumFactory(edition=edition, start=at(8), end=at(18))
        for n in range(count):
            session = SessionFactory(
                edition=edition,
                sub_forum=sub_forum if n % 2 else None,
                room=RoomFactory(venue=edition.venue),
                start=at(9) + dt.timedelta(minutes=5 * n),
                end=at(10) + dt.timedelta(minutes=5 * n),
            )
            SessionSpeakerFactory(session=session)
        publish_and_notify(edition=edition)
    assert _timetable_queries(admin_client, small) == _timetable_queries(admin_client, large)


def test_timetable_columns_follow_the_rooms_order_then_their_names(edition) -> None:
    yi = RoomFactory(venue=edition.venue, name_zh_hans="乙厅", order=2)
    jia = RoomFactory(venue=edition.venue, name_zh_hans="甲厅", order=1)
    elsewhere = RoomFactory(name_zh_hans="场外厅", order=0)  # another venue's room, used by a session: last
    lecture = RoomFactory(venue=edition.venue, name_zh_hans="报告厅", order=0)
    assert grid_rooms(edition, {elsewhere.pk}) == [lecture, jia, yi, elsewhere]
