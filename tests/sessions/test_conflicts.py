"""Double-booked rooms and speakers: the selectors, the admin forms and the edition's conflict page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from forums.models import SubForum
from sessions.models import Session, SessionSpeaker
from sessions.selectors import conflicting_session_ids, edition_conflicts, room_conflicts, speaker_conflicts
from tests.admin_post import add_inline_row, changeform_data, errors
from tests.factories import (
    EditionFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    SubForumFactory,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC
NINE = dt.datetime(2030, 7, 6, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


def at(minutes: int) -> dt.datetime:
    return NINE + dt.timedelta(minutes=minutes)


@pytest.fixture
def edition():
    return EditionFactory()


@pytest.fixture
def room(edition):
    return RoomFactory(venue=edition.venue, name_en="Hall A", name_zh_hans="A厅")


def session(edition, room, start: int, end: int, **kwargs) -> Session:
    return SessionFactory(edition=edition, room=room, start=at(start), end=at(end), **kwargs)


# --- Selectors ------------------------------------------------------------------


def test_room_double_booked_is_found(edition, room, django_assert_num_queries) -> None:
    keynote = session(edition, room, 0, 60)
    with django_assert_num_queries(1):
        found = list(room_conflicts(edition_id=edition.pk, room_id=room.pk, start=at(30), end=at(90)))
    assert found == [keynote]


def test_touching_sessions_do_not_clash(edition, room) -> None:
    session(edition, room, 0, 60)
    assert list(room_conflicts(edition_id=edition.pk, room_id=room.pk, start=at(60), end=at(90))) == []
    assert list(room_conflicts(edition_id=edition.pk, room_id=room.pk, start=at(-30), end=at(0))) == []


def test_cancelled_sessions_never_clash(edition, room) -> None:
    session(edition, room, 0, 60, is_cancelled=True)
    assert list(room_conflicts(edition_id=edition.pk, room_id=room.pk, start=at(0), end=at(60))) == []


def test_other_rooms_and_editions_do_not_clash(edition, room) -> None:
    session(edition, RoomFactory(venue=edition.venue), 0, 60)
    other_edition = EditionFactory(venue=edition.venue)
    SessionFactory(edition=other_edition, room=room, start=at(0), end=at(60))
    assert list(room_conflicts(edition_id=edition.pk, room_id=room.pk, start=at(0), end=at(60))) == []


def test_session_does_not_clash_with_itself(edition, room) -> None:
    keynote = session(edition, room, 0, 60)
    found = room_conflicts(
        edition_id=edition.pk, room_id=room.pk, start=at(0), end=at(60), exclude_session_id=keynote.pk
    )
    assert list(found) == []


def test_speaker_double_booked_is_found(edition, room, django_assert_num_queries) -> None:
    speaker = SpeakerFactory()
    talk = SessionSpeakerFactory(session=session(edition, room, 0, 60), speaker=speaker)
    SessionSpeakerFactory(session=session(edition, room, 60, 90), speaker=speaker)  # touching: fine
    SessionSpeakerFactory(session=session(edition, room, 0, 60, is_cancelled=True), speaker=speaker)
    with django_assert_num_queries(1):
        found = list(speaker_conflicts(edition_id=edition.pk, speaker_ids=[speaker.pk], start=at(45), end=at(60)))
    assert found == [talk]
    assert found[0].session.title == talk.session.title  # loaded with the role, no extra query


def test_edition_conflicts_lists_each_pair_once_in_fixed_queries(edition, room, django_assert_num_queries) -> None:
    speaker = SpeakerFactory(name_en="Pan Jianwei")
    first = session(edition, room, 0, 60)
    second = session(edition, room, 30, 90)
    session(edition, room, 90, 120)  # touches the second: no clash
    session(edition, room, 0, 120, is_cancelled=True)
    elsewhere = session(edition, RoomFactory(venue=edition.venue), 45, 75)
    SessionSpeakerFactory(session=first, speaker=speaker)
    SessionSpeakerFactory(session=first, speaker=speaker, role="host")  # two roles, still one person
    SessionSpeakerFactory(session=elsewhere, speaker=speaker)

    with django_assert_num_queries(4):
        conflicts = edition_conflicts(edition_id=edition.pk)

    assert [(c.kind, c.resource, c.first, c.second) for c in conflicts] == [
        ("room", room, first, second),
        ("speaker", speaker, first, elsewhere),
    ]


def test_edition_conflicts_empty_without_clashes(edition, room, django_assert_num_queries) -> None:
    session(edition, room, 0, 60)
    session(edition, room, 60, 120)
    with django_assert_num_queries(2):
        assert edition_conflicts(edition_id=edition.pk) == []


def test_conflicting_session_ids_marks_both_sides(edition, room) -> None:
    speaker = SpeakerFactory()
    a = session(edition, room, 0, 60)
    b = session(edition, room, 30, 90)
    c = session(edition, RoomFactory(venue=edition.venue), 0, 60)
    d = session(edition, RoomFactory(venue=edition.venue), 30, 60)
    session(edition, room, 90, 120)  # touches b: calm
    session(edition, room, 0, 60, is_cancelled=True)
    SessionSpeakerFactory(session=c, speaker=speaker)
    SessionSpeakerFactory(session=d, speaker=speaker)
    other_edition = SessionFactory(start=at(0), end=at(60))
    SessionSpeakerFactory(session=other_edition, speaker=speaker)
    assert conflicting_session_ids(edition_ids=[edition.pk]) == {a.pk, b.pk, c.pk, d.pk}


# --- Admin forms ----------------------------------------------------------------


def _session_url(obj: Session | None = None) -> str:
    if obj is None:
        return reverse("admin:forum_sessions_session_add")
    return reverse("admin:forum_sessions_session_change", args=[obj.pk])


def test_admin_refuses_session_in_booked_room_naming_the_other(admin_client, edition, room) -> None:
    booked = session(edition, room, 0, 60, title_en="Opening ceremony", title_zh_hans="开幕式")
    moved = session(edition, RoomFactory(venue=edition.venue), 30, 90)
    data = changeform_data(admin_client.get(_session_url(moved)))
    data["room"] = room.pk

    response = admin_client.post(_session_url(moved), data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    [message] = response.context["adminform"].form.errors["room"]
    assert "Hall A" in message
    assert "“Opening ceremony” (2030-07-06 09:00\u201310:00)" in message
    moved.refresh_from_db()
    assert moved.room_id != room.pk
    assert booked.pk != moved.pk


def test_admin_accepts_touching_and_cancelled(admin_client, edition, room) -> None:
    session(edition, room, 0, 60)
    later = session(edition, RoomFactory(venue=edition.venue), 60, 90)
    data = changeform_data(admin_client.get(_session_url(later)))
    data["room"] = room.pk
    response = admin_client.post(_session_url(later), data)
    assert response.status_code == 302, errors(response)
    later.refresh_from_db()
    assert later.room_id == room.pk

    overlapping_but_cancelled = session(edition, RoomFactory(venue=edition.venue), 0, 60, is_cancelled=True)
    data = changeform_data(admin_client.get(_session_url(overlapping_but_cancelled)))
    data["room"] = room.pk
    response = admin_client.post(_session_url(overlapping_but_cancelled), data)
    assert response.status_code == 302, errors(response)


def test_admin_refuses_speaker_booked_elsewhere(admin_client, edition, room) -> None:
    speaker = SpeakerFactory(name_en="Pan Jianwei")
    SessionSpeakerFactory(speaker=speaker, session=session(edition, room, 0, 60, title_en="Keynote one"))
    panel = session(edition, RoomFactory(venue=edition.venue), 30, 90)
    data = changeform_data(admin_client.get(_session_url(panel)))
    add_inline_row(data, "speaker_roles", {"speaker": speaker.pk, "role": "panelist", "order": 0})

    response = admin_client.post(_session_url(panel), data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    [formset] = [inline.formset for inline in response.context["inline_admin_formsets"]]
    [message] = formset.forms[0].errors["speaker"]
    assert "Pan Jianwei" in message
    assert "“Keynote one”" in message
    assert not SessionSpeaker.objects.filter(session=panel).exists()


def test_admin_refuses_moving_a_session_onto_its_speakers_other_talk(admin_client, edition, room) -> None:
    speaker = SpeakerFactory(name_en="Pan Jianwei")
    SessionSpeakerFactory(speaker=speaker, session=session(edition, room, 0, 60, title_en="Keynote one"))
    later = session(edition, RoomFactory(venue=edition.venue), 60, 90)
    SessionSpeakerFactory(speaker=speaker, session=later)
    data = changeform_data(admin_client.get(_session_url(later)))
    data["start_1"] = "09:30:00"  # now overlaps the keynote

    response = admin_client.post(_session_url(later), data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    [formset] = [inline.formset for inline in response.context["inline_admin_formsets"]]
    assert "“Keynote one”" in formset.forms[0].errors["speaker"][0]
    later.refresh_from_db()
    assert later.start == at(60)


def test_admin_refuses_sub_forum_of_another_edition(admin_client, edition, room) -> None:
    foreign = SubForumFactory()
    talk = session(edition, room, 0, 60)
    data = changeform_data(admin_client.get(_session_url(talk)))
    data["sub_forum"] = foreign.pk
    response = admin_client.post(_session_url(talk), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["sub_forum"] == ["This sub-forum belongs to another edition."]


def test_standalone_speaker_role_form_refuses_clash(admin_client, edition, room) -> None:
    speaker = SpeakerFactory()
    SessionSpeakerFactory(speaker=speaker, session=session(edition, room, 0, 60, title_en="Keynote one"))
    other = session(edition, RoomFactory(venue=edition.venue), 0, 30)
    response = admin_client.post(
        reverse("admin:forum_sessions_sessionspeaker_add"),
        {"session": other.pk, "speaker": speaker.pk, "role": "speaker", "order": 0},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "“Keynote one”" in response.context["adminform"].form.errors["speaker"][0]


def test_sub_forum_programme_refuses_clashing_rows(admin_client, edition, room) -> None:
    sub_forum = SubForumFactory(edition=edition, room=room, start=edition.start, end=edition.end)
    session(edition, room, 0, 60, title_en="Plenary", sub_forum=None)
    url = reverse("admin:forums_subforum_change", args=[sub_forum.pk])
    data = changeform_data(admin_client.get(url))
    row = {"kind": "talk", "start_0": "2030-07-06", "end_0": "2030-07-06", "room": room.pk}
    add_inline_row(data, "sessions", {**row, "title_zh_hans": "报告一", "start_1": "10:00", "end_1": "10:30"})
    add_inline_row(data, "sessions", {**row, "title_zh_hans": "报告二", "start_1": "10:15", "end_1": "10:45"})
    add_inline_row(data, "sessions", {**row, "title_zh_hans": "报告三", "start_1": "09:30", "end_1": "09:45"})
    add_inline_row(data, "sessions", {**row, "title_zh_hans": "报告四", "start_1": "10:20", "end_1": "10:40"})

    response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    [formset] = [inline.formset for inline in response.context["inline_admin_formsets"]]
    assert formset.forms[0].errors == {}
    assert "“报告一”, also in this list" in formset.forms[1].errors["room"][0]
    assert "“Plenary”" in formset.forms[2].errors["room"][0]
    assert "“报告一”, also in this list" in formset.forms[3].errors["room"][0]
    assert not sub_forum.sessions.exists()


def test_sub_forum_programme_saves_sessions_into_its_edition(admin_client, edition, room) -> None:
    sub_forum = SubForumFactory(edition=edition, room=room)
    url = reverse("admin:forums_subforum_change", args=[sub_forum.pk])
    data = changeform_data(admin_client.get(url))
    add_inline_row(
        data,
        "sessions",
        {
            "title_zh_hans": "经验分享",
            "kind": "experience_sharing",
            "start_0": "2030-07-06",
            "start_1": "14:00",
            "end_0": "2030-07-06",
            "end_1": "15:00",
            "room": room.pk,
        },
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, errors(response)
    added = SubForum.objects.get(pk=sub_forum.pk).sessions.get()
    assert (added.edition_id, added.title_zh_hans, added.start) == (edition.pk, "经验分享", at(300))


# --- Conflicts page and list filter ---------------------------------------------


def test_edition_conflicts_page_lists_every_clash(admin_client, edition, room, django_assert_max_num_queries) -> None:
    speaker = SpeakerFactory(name_en="Pan Jianwei")
    a = session(edition, room, 0, 60, title_en="Opening ceremony")
    b = session(edition, room, 30, 90, title_en="Keynote one")
    c = session(edition, RoomFactory(venue=edition.venue), 45, 75, title_en="Round table")
    SessionSpeakerFactory(session=a, speaker=speaker)
    SessionSpeakerFactory(session=c, speaker=speaker)
    url = reverse("admin:forums_edition_conflicts", args=[edition.pk])

    with django_assert_max_num_queries(10):
        response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="conflict-room"') == 1
    assert body.count('class="conflict-speaker"') == 1
    for clashing in (a, b, c):
        assert reverse("admin:forum_sessions_session_change", args=[clashing.pk]) in body
    assert "Pan Jianwei" in body
    assert "Hall A" in body


def test_edition_conflicts_page_says_when_all_is_well(admin_client, edition, room) -> None:
    session(edition, room, 0, 60)
    response = admin_client.get(reverse("admin:forums_edition_conflicts", args=[edition.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "No room or speaker is double-booked." in response.content.decode()


def test_session_list_conflict_filter(admin_client, edition, room) -> None:
    a = session(edition, room, 0, 60)
    b = session(edition, room, 30, 90)
    calm = session(edition, room, 90, 120)
    url = reverse("admin:forum_sessions_session_changelist")
    response = admin_client.get(url, {"conflict": "yes"})
    assert set(response.context["cl"].result_list) == {a, b}
    response = admin_client.get(url, {"conflict": "no"})
    assert list(response.context["cl"].result_list) == [calm]


def test_room_conflict_error_reads_in_chinese(admin_client, edition, room) -> None:
    session(edition, room, 0, 60, title_zh_hans="开幕式")
    moved = session(edition, RoomFactory(venue=edition.venue), 30, 90)
    data = changeform_data(admin_client.get(_session_url(moved)))
    data["room"] = room.pk
    response = admin_client.post(_session_url(moved), data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    [message] = response.context["adminform"].form.errors["room"]
    with translation.override("zh-hans"):
        room_label = str(room)
    assert room_label.startswith("A厅 · ")
    assert message == f"{room_label} 在此时段已被 “开幕式” (2030-07-06 09:00\u201310:00) 占用。"


def test_new_sub_forum_saves_with_its_programme(admin_client, edition, room) -> None:
    url = reverse("admin:forums_subforum_add")
    data = changeform_data(admin_client.get(url))
    data.update(
        {
            "edition": edition.pk,
            "slug": "sti-china",
            "title_zh_hans": "“科创中国”服务论坛",
            "start_0": "2030-07-06",
            "start_1": "14:00",
            "end_0": "2030-07-06",
            "end_1": "17:00",
            "room": room.pk,
            "order": 0,
        }
    )
    add_inline_row(
        data,
        "sessions",
        {
            "title_zh_hans": "经验分享",
            "kind": "experience_sharing",
            "start_0": "2030-07-06",
            "start_1": "14:00",
            "end_0": "2030-07-06",
            "end_1": "15:00",
            "room": room.pk,
        },
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, errors(response)
    sub_forum = SubForum.objects.get(slug="sti-china")
    assert list(sub_forum.sessions.values_list("edition_id", "title_zh_hans")) == [(edition.pk, "经验分享")]


def test_sub_forum_programme_saves_despite_an_old_clash_in_untouched_rows(admin_client, edition, room) -> None:
    sub_forum = SubForumFactory(edition=edition, room=room)
    session(edition, room, 0, 60, sub_forum=sub_forum)
    session(edition, room, 30, 90, sub_forum=sub_forum)  # clashed before this save
    url = reverse("admin:forums_subforum_change", args=[sub_forum.pk])
    data = changeform_data(admin_client.get(url))
    data["title_en"] = "Renamed"
    response = admin_client.post(url, data)
    assert response.status_code == 302, errors(response)
    sub_forum.refresh_from_db()
    assert sub_forum.title_en == "Renamed"
