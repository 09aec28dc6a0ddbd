"""The screens' JSON: now and next from the published agenda, an ETag that only
moves when the board changes, and no SQL for a screen asking again."""

from __future__ import annotations

import datetime as dt
import types
import zoneinfo

import pytest

from notifications.services import publish_and_notify
from screens import views
from sessions.services import publish_agenda
from tests.factories import EditionFactory, RoomFactory, SessionFactory

NOON = dt.datetime(2030, 7, 6, 12, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def moment(monkeypatch) -> dt.datetime:
    """Midday in the edition's zone, on the screens' clock too: the rest of the day is known."""
    monkeypatch.setattr(views, "timezone", types.SimpleNamespace(now=lambda: NOON))
    return NOON


def room_url(programme, room) -> str:
    return f"/e/{programme.edition.slug}/screens/{room.pk}/now.json"


@pytest.mark.django_db
def test_room_board_shows_the_session_on_now_and_the_next(client, programme) -> None:
    response = client.get(room_url(programme, programme.hall_a))
    assert response.status_code == 200
    board = response.json()
    assert board["room"]["name"] == {"zh-hans": "甲厅", "en": "Hall A"}
    assert board["now"]["guid"] == str(programme.current.guid)
    assert board["now"]["title"] == {"zh-hans": "大模型与科学发现", "en": "Large models and scientific discovery"}
    assert board["now"]["speakers"] == [{"zh-hans": "李明", "en": "Li Ming"}]
    assert board["now"]["sub_forum"] == {"zh-hans": "人工智能分论坛", "en": "AI sub-forum"}
    assert board["next"]["guid"] == str(programme.following.guid)
    assert board["next"]["kind"] == {"zh-hans": "圆桌对话", "en": "Round-table dialogue"}
    assert [s["guid"] for s in board["later"]] == [str(s.guid) for s in programme.later]
    assert response["Cache-Control"] == "no-cache"


@pytest.mark.django_db
def test_room_between_sessions_has_nothing_now(client, programme) -> None:
    board = client.get(room_url(programme, programme.hall_b)).json()
    assert board["now"] is None
    assert board["next"] is None
    assert board["later"] == []


@pytest.mark.django_db
def test_lobby_board_lists_every_room_with_now_and_next(client, programme) -> None:
    board = client.get(f"/e/{programme.edition.slug}/screens/now.json").json()
    rooms = {r["name"]["en"]: r for r in board["rooms"]}
    assert sorted(rooms) == ["Hall A", "Hall B"]
    assert rooms["Hall A"]["now"]["guid"] == str(programme.current.guid)
    assert rooms["Hall A"]["next"]["guid"] == str(programme.following.guid)
    assert rooms["Hall B"]["now"] is None


@pytest.mark.django_db
def test_unchanged_board_answers_304_without_sql(client, programme, django_assert_num_queries) -> None:
    url = room_url(programme, programme.hall_a)
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    with django_assert_num_queries(0):
        assert client.get(url).content == first.content


@pytest.mark.django_db
def test_a_published_change_reaches_the_screen_at_its_next_question(
    client, programme, django_capture_on_commit_callbacks
) -> None:
    url = room_url(programme, programme.hall_a)
    first = client.get(url)
    programme.following.title_en = "Round table, moved up"
    programme.following.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304  # a draft shows nowhere
    with django_capture_on_commit_callbacks(execute=True):
        publish_and_notify(edition=programme.edition)
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed.json()["next"]["title"]["en"] == "Round table, moved up"
    assert changed.json()["version"] == 2
    assert changed["ETag"] != first["ETag"]


@pytest.mark.django_db
def test_a_session_moved_to_another_room_leaves_this_screen(
    client, programme, django_capture_on_commit_callbacks
) -> None:
    programme.current.room = programme.hall_b
    programme.current.save()
    with django_capture_on_commit_callbacks(execute=True):
        publish_and_notify(edition=programme.edition)
    assert client.get(room_url(programme, programme.hall_a)).json()["now"] is None
    assert client.get(room_url(programme, programme.hall_b)).json()["now"]["guid"] == str(programme.current.guid)


@pytest.mark.django_db
def test_a_cancelled_session_is_never_on_now(client, programme, django_capture_on_commit_callbacks) -> None:
    programme.current.is_cancelled = True
    programme.current.save()
    with django_capture_on_commit_callbacks(execute=True):
        publish_and_notify(edition=programme.edition)
    board = client.get(room_url(programme, programme.hall_a)).json()
    assert board["now"] is None
    assert board["next"]["guid"] == str(programme.following.guid)


@pytest.mark.django_db
def test_screens_answer_404_for_what_the_public_may_not_see(client, programme) -> None:
    slug = programme.edition.slug
    unused = RoomFactory(venue=programme.edition.venue)
    assert client.get(f"/e/{slug}/screens/{unused.pk}/").status_code == 404
    assert client.get(f"/e/{slug}/screens/{unused.pk}/now.json").status_code == 404
    assert client.get("/e/no-such-edition/screens/").status_code == 404
    draft = SessionFactory(edition=EditionFactory(status="draft")).edition
    publish_agenda(edition=draft)
    assert client.get(f"/e/{draft.slug}/screens/now.json").status_code == 404
    unpublished = SessionFactory().edition
    assert client.get(f"/e/{unpublished.slug}/screens/").status_code == 404
    assert client.get(f"/e/{unpublished.slug}/screens/now.json").status_code == 404


@pytest.mark.django_db
def test_screens_take_no_post(client, programme) -> None:
    assert client.post(f"/e/{programme.edition.slug}/screens/now.json").status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("rooms", [1, 30])
def test_screens_query_count_is_constant(client, rooms, django_assert_num_queries) -> None:
    edition = EditionFactory()
    for i in range(rooms):
        room = RoomFactory(venue=edition.venue)
        for j in range(3):
            start = edition.start + dt.timedelta(hours=j)
            SessionFactory(edition=edition, room=room, start=start, end=start + dt.timedelta(minutes=50 + i % 5))
    publish_agenda(edition=edition)
    slug = edition.slug
    # Cold: the version (one query) and its snapshot (one query), then held.
    with django_assert_num_queries(2):
        assert client.get(f"/e/{slug}/screens/now.json").status_code == 200
    with django_assert_num_queries(0):
        assert len(client.get(f"/e/{slug}/screens/now.json").json()["rooms"]) == rooms
    with django_assert_num_queries(0):
        assert client.get(f"/e/{slug}/screens/").status_code == 200
    with django_assert_num_queries(0):
        assert client.get(f"/e/{slug}/screens/{room.pk}/now.json").status_code == 200


@pytest.mark.django_db
def test_publishing_prepares_the_screens_so_their_first_question_costs_no_sql(
    client, programme, django_capture_on_commit_callbacks, django_assert_num_queries
) -> None:
    programme.following.title_en = "Prepared at publication"
    programme.following.save()
    with django_capture_on_commit_callbacks(execute=True):
        publish_and_notify(edition=programme.edition)
    with django_assert_num_queries(0):
        board = client.get(room_url(programme, programme.hall_a)).json()
    assert board["next"]["title"]["en"] == "Prepared at publication"


@pytest.mark.django_db
def test_lobby_lists_rooms_by_their_order_then_by_name(client) -> None:
    """乙厅 sorts before 甲厅 by character; the venue's own numbering decides, then the name."""
    edition = EditionFactory()
    rooms = [
        RoomFactory(venue=edition.venue, name_zh_hans=name, name_en=english, order=order)
        for name, english, order in [
            ("乙厅", "Hall B", 2),
            ("丙厅", "Hall C", 3),
            ("甲厅", "Hall A", 1),
            ("报告厅", "Lecture hall", 0),
            ("多功能厅", "Multi-purpose hall", 0),
        ]
    ]
    for room in rooms:
        SessionFactory(edition=edition, room=room)
    publish_agenda(edition=edition)
    expected = ["多功能厅", "报告厅", "甲厅", "乙厅", "丙厅"]
    board = client.get(f"/e/{edition.slug}/screens/now.json").json()
    assert [r["name"]["zh-hans"] for r in board["rooms"]] == expected
    page = client.get(f"/e/{edition.slug}/screens/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert sorted(expected, key=page.index) == expected
