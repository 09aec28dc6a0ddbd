"""Moving a session (the timetable's drag, resize and keys): the rules of sessions.conflicts, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from sessions.models import Session
from sessions.services import move_session
from tests.admin_post import changeform_data
from tests.factories import (
    EDITION_START,
    EditionFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    SubForumFactory,
)

pytestmark = pytest.mark.django_db


def at(minutes: int) -> dt.datetime:
    return EDITION_START + dt.timedelta(minutes=minutes)


@pytest.fixture
def edition():
    return EditionFactory()


@pytest.fixture
def hall(edition):
    return RoomFactory(venue=edition.venue, name_en="Hall A")


def _saved(session: Session) -> tuple:
    session.refresh_from_db()
    return session.start, session.end, session.room_id


def test_move_saves_the_new_time_and_room(edition, hall) -> None:
    talk = SessionFactory(edition=edition, start=at(0), end=at(30))
    moved = move_session(session=talk, start=at(60), end=at(105), room=hall)
    assert (moved.start, moved.end, moved.room_id) == (at(60), at(105), hall.pk)
    assert _saved(talk) == (at(60), at(105), hall.pk)


def test_move_into_a_booked_room_names_the_other_session_and_saves_nothing(edition, hall) -> None:
    SessionFactory(edition=edition, room=hall, start=at(60), end=at(120), title_en="Opening address")
    talk = SessionFactory(edition=edition, start=at(0), end=at(30))
    before = _saved(talk)
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            move_session(session=talk, start=at(90), end=at(120), room=hall)
        [message] = refused.value.message_dict["room"]
    assert message.startswith("Hall A · ")
    assert "“Opening address” (2030-07-06 10:00\u201311:00)" in message
    assert _saved(talk) == before


def test_move_that_puts_a_speaker_in_two_places_is_refused(edition, hall) -> None:
    speaker = SpeakerFactory(name_en="Li Wei")
    SessionSpeakerFactory(speaker=speaker, session=SessionFactory(edition=edition, start=at(60), end=at(90)))
    talk = SessionFactory(edition=edition, start=at(0), end=at(30))
    SessionSpeakerFactory(speaker=speaker, session=talk)
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            move_session(session=talk, start=at(75), end=at(105), room=hall)
        [message] = refused.value.message_dict["speakers"]
    assert message.startswith("Li Wei is already on the programme at this time in “")
    assert _saved(talk)[0] == at(0)


def test_move_outside_the_edition_or_the_sub_forum_is_refused(edition, hall) -> None:
    sub_forum = SubForumFactory(edition=edition, start=at(300), end=at(480), title_en="AI forum")
    talk = SessionFactory(edition=edition, sub_forum=sub_forum, start=at(300), end=at(330))
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            move_session(session=talk, start=at(-60), end=at(-30), room=hall)
        assert refused.value.message_dict["start"] == [
            "The edition runs 2030-07-06 09:00 \u2013 2030-07-08 09:00; its sessions must lie within it."
        ]
        with pytest.raises(ValidationError) as refused:
            move_session(session=talk, start=at(470), end=at(500), room=hall)
        assert refused.value.message_dict["start"] == [
            "AI forum runs 2030-07-06 14:00\u201317:00; its sessions must lie within it."
        ]
    assert _saved(talk)[0] == at(300)


def test_move_must_end_after_it_starts(edition, hall) -> None:
    talk = SessionFactory(edition=edition, start=at(0), end=at(30))
    with pytest.raises(ValidationError) as refused:
        move_session(session=talk, start=at(60), end=at(60), room=hall)
    assert list(refused.value.message_dict) == ["end"]


def test_touching_and_cancelled_sessions_do_not_block_a_move(edition, hall) -> None:
    SessionFactory(edition=edition, room=hall, start=at(0), end=at(60))
    SessionFactory(edition=edition, room=hall, start=at(60), end=at(120), is_cancelled=True)
    talk = SessionFactory(edition=edition, start=at(200), end=at(230))
    move_session(session=talk, start=at(60), end=at(90), room=hall)
    assert _saved(talk) == (at(60), at(90), hall.pk)


def test_session_page_refuses_a_time_outside_its_sub_forum(admin_client, edition, hall) -> None:
    """The session's own page keeps the same rule as a move (sessions.conflicts)."""
    sub_forum = SubForumFactory(edition=edition, start=at(300), end=at(480), title_en="AI forum")
    talk = SessionFactory(edition=edition, sub_forum=sub_forum, room=hall, start=at(300), end=at(330))
    url = reverse("admin:forum_sessions_session_change", args=[talk.pk])
    data = changeform_data(admin_client.get(url))
    data["start_1"], data["end_1"] = "10:00:00", "10:30:00"
    response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["start"] == [
        "AI forum runs 2030-07-06 14:00\u201317:00; its sessions must lie within it."
    ]
    assert _saved(talk)[0] == at(300)
