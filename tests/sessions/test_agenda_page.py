# ruff: noqa: RUF001 - the page prints time ranges with an en dash
import datetime as dt
import re
import zoneinfo

import pytest
import time_machine

from sessions import agenda_cache, agenda_reader
from sessions.agenda_cache import LOCAL_BODIES
from sessions.services import publish_agenda
from tests.factories import (
    EditionFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    SubForumFactory,
)


def _text(response) -> str:
    """The page's visible text, roughly: tags removed, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


def _ids(response) -> list[int]:
    return [int(i) for i in re.findall(r'id="session-(\d+)"', response.content.decode())]


def _publish(edition) -> None:
    """What every publisher does (notifications.services.publish_and_notify): publish, then refresh the cache."""
    publish_agenda(edition=edition)
    agenda_reader.refresh_edition(edition.pk)


@pytest.fixture
def forum_day(db):
    """A morning plenary, then two parallel sub-forums; a second day with a round table."""
    edition = EditionFactory()
    day_one = edition.start
    hall, small = RoomFactory(venue=edition.venue), RoomFactory(venue=edition.venue)
    ai = SubForumFactory(edition=edition, room=hall, title_zh_hans="人工智能分论坛", title_en="AI sub-forum")
    bio = SubForumFactory(edition=edition, room=small, title_zh_hans="生物医药分论坛", title_en="Biomedicine sub-forum")
    opening = SessionFactory(
        edition=edition, kind="opening", start=day_one, end=day_one + dt.timedelta(minutes=30), room=hall
    )
    keynote = SessionFactory(
        edition=edition,
        kind="keynote",
        start=day_one + dt.timedelta(minutes=30),
        end=day_one + dt.timedelta(hours=1),
        room=hall,
        abstract_zh_hans="报告介绍量子计算的最新进展。",
        abstract_en="Recent progress in quantum computing.",
    )
    speaker = SpeakerFactory(position_zh_hans="教授", position_en="Professor")
    SessionSpeakerFactory(session=keynote, speaker=speaker)
    afternoon = day_one + dt.timedelta(hours=5)
    ai_talk = SessionFactory(
        edition=edition, sub_forum=ai, room=hall, kind="talk", start=afternoon, end=afternoon + dt.timedelta(hours=1)
    )
    bio_talk = SessionFactory(
        edition=edition,
        sub_forum=bio,
        room=small,
        kind="talk",
        language="en",
        start=afternoon,
        end=afternoon + dt.timedelta(hours=1),
    )
    moderator = SessionSpeakerFactory(session=bio_talk, role="moderator").speaker
    day_two = day_one + dt.timedelta(days=1)
    round_table = SessionFactory(
        edition=edition, sub_forum=ai, room=hall, kind="round_table", start=day_two, end=day_two + dt.timedelta(hours=1)
    )
    _publish(edition)
    return {
        "edition": edition,
        "url": f"/e/{edition.slug}/agenda/",
        "sessions": {
            "opening": opening,
            "keynote": keynote,
            "ai": ai_talk,
            "bio": bio_talk,
            "round_table": round_table,
        },
        "sub_forums": {"ai": ai, "bio": bio},
        "rooms": {"hall": hall, "small": small},
        "speaker": speaker,
        "moderator": moderator,
        "days": [day_one.date().isoformat(), day_two.date().isoformat()],
    }


@pytest.mark.django_db
def test_agenda_page_is_404_before_the_first_publish(client) -> None:
    edition = SessionFactory().edition
    assert client.get(f"/e/{edition.slug}/agenda/").status_code == 404
    assert client.get("/e/no-such-edition/agenda/").status_code == 404


@pytest.mark.django_db
def test_agenda_page_serves_the_latest_published_version_not_the_draft(client) -> None:
    session = SessionFactory(title_zh_hans="主旨报告甲", title_en="Keynote A")
    _publish(session.edition)
    session.title_zh_hans = "草稿标题"
    session.save()
    page = client.get(f"/e/{session.edition.slug}/agenda/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "主旨报告甲" in page
    assert "草稿标题" not in page
    _publish(session.edition)
    page = client.get(f"/e/{session.edition.slug}/agenda/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "草稿标题" in page
    assert "议程第 2 版" in page


@pytest.mark.django_db
def test_agenda_page_in_english_with_times_in_the_editions_zone(client) -> None:
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    edition = EditionFactory(time_zone="Europe/Berlin", start=dt.datetime(2030, 7, 6, 9, 0, tzinfo=berlin))
    session = SessionFactory(edition=edition, title_en="Keynote B", title_zh_hans="报告乙")
    SessionSpeakerFactory(session=session)
    _publish(edition)
    response = client.get(f"/e/{edition.slug}/agenda/", HTTP_ACCEPT_LANGUAGE="en")
    text = _text(response)
    assert response.status_code == 200
    assert "Keynote B" in text
    assert "报告乙" not in text
    assert "10:00–10:30" in text  # 10:00 in Berlin, whatever the server's zone
    assert "Times in Europe/Berlin (UTC+02:00)." in text
    assert "Academician of the Chinese Academy of Engineering" in text


@pytest.mark.django_db
def test_the_first_day_is_shown_plenary_across_and_sub_forums_side_by_side(client, forum_day) -> None:
    s = forum_day["sessions"]
    response = client.get(forum_day["url"], HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = response.content.decode()
    assert _ids(response) == [s["opening"].pk, s["keynote"].pk, s["ai"].pk, s["bio"].pk]
    plenary, parallel = page.index('class="plenary"'), page.index('class="parallel"')
    assert plenary < page.index(f'id="session-{s["keynote"].pk}"') < parallel
    tracks = re.findall(r'<section class="track" data-sub-forum="([^"]+)">', page)
    assert tracks == [forum_day["sub_forums"]["ai"].slug, forum_day["sub_forums"]["bio"].slug]
    text = _text(response)
    assert "人工智能分论坛" in text
    assert "生物医药分论坛" in text
    # The forum's vocabulary, the room, and the abstract folded away.
    assert "开幕式" in text
    assert "主旨报告" in text
    assert re.search(
        r'<details class="abstract"><summary>摘要</summary><p>报告介绍量子计算的最新进展。</p></details>', page
    )
    # Speakers on title-first lines, linked to their page; a moderator says so.
    speaker = forum_day["speaker"]
    link = f'<a href="/e/{forum_day["edition"].slug}/speakers/{speaker.slug}/">'
    assert f"{link}中国工程院院士、教授 {speaker.name_zh_hans}</a>" in page
    assert f"主持人 中国工程院院士 {forum_day['moderator'].name_zh_hans}" in text
    assert speaker.email not in page
    # Day tabs, the first one current.
    tabs = re.findall(r'<a href="\?day=([0-9-]+)"( aria-current="page")?>', page)
    assert tabs == [(forum_day["days"][0], ' aria-current="page"'), (forum_day["days"][1], "")]


@pytest.mark.django_db
def test_a_day_tab_shows_that_day(client, forum_day) -> None:
    response = client.get(forum_day["url"], {"day": forum_day["days"][1]}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert _ids(response) == [forum_day["sessions"]["round_table"].pk]
    assert "圆桌对话" in _text(response)


@pytest.mark.django_db
def test_on_the_day_the_page_opens_on_today(client, forum_day) -> None:
    with time_machine.travel(forum_day["edition"].start + dt.timedelta(days=1, hours=2), tick=False):
        response = client.get(forum_day["url"])
    assert _ids(response) == [forum_day["sessions"]["round_table"].pk]


@pytest.mark.django_db
def test_filters_by_sub_forum_room_kind_and_language(client, forum_day) -> None:
    s, url = forum_day["sessions"], forum_day["url"]
    by_sub_forum = client.get(url, {"sub_forum": forum_day["sub_forums"]["bio"].slug})
    assert _ids(by_sub_forum) == [s["bio"].pk]
    by_room = client.get(url, {"room": forum_day["rooms"]["small"].pk})
    assert _ids(by_room) == [s["bio"].pk]
    by_kind = client.get(url, {"kind": "keynote"})
    assert _ids(by_kind) == [s["keynote"].pk]
    by_language = client.get(url, {"language": "en"}, HTTP_ACCEPT_LANGUAGE="en")
    assert _ids(by_language) == [s["bio"].pk]
    assert "1 session" in _text(by_language)
    nothing = client.get(url, {"kind": "keynote", "day": forum_day["days"][1]}, HTTP_ACCEPT_LANGUAGE="en")
    assert _ids(nothing) == []
    assert "No sessions match these filters on this day." in _text(nothing)
    # The chosen filters stay chosen, and day tabs keep them.
    page = by_kind.content.decode()
    assert '<option value="keynote" selected>' in page
    assert f'href="?day={forum_day["days"][1]}&amp;kind=keynote"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"day": "2030-13-45"}, {"room": "x"}, {"kind": "disco"}, {"sub_forum": "nope"}])
def test_malformed_filters_are_ignored_not_errors(client, forum_day, query) -> None:
    response = client.get(forum_day["url"], query)
    assert response.status_code == 200


@pytest.mark.django_db
def test_add_to_calendar_gives_the_sessions_own_event(client, forum_day) -> None:
    keynote = forum_day["sessions"]["keynote"]
    page = client.get(forum_day["url"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    link = f"/e/{forum_day['edition'].slug}/agenda/session/{keynote.pk}.ics"
    assert f'href="{link}"' in page
    response = client.get(link, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert body.endswith("END:VEVENT\r\nEND:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 1
    assert f"UID:{keynote.guid}@agora\r\n" in body
    assert f"SUMMARY:{keynote.title_en}" in body
    assert client.get(f"/e/{forum_day['edition'].slug}/agenda/session/999999999.ics").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 1000])
def test_agenda_page_query_count_is_constant(client, count, django_assert_num_queries) -> None:
    edition = EditionFactory()
    sub_forums = SubForumFactory.create_batch(4, edition=edition)
    speakers = SpeakerFactory.create_batch(20)
    for i in range(count):
        session = SessionFactory(edition=edition, sub_forum=sub_forums[i % 4], room=sub_forums[i % 4].room)
        SessionSpeakerFactory(session=session, speaker=speakers[i % 20])
    _publish(edition)
    url = f"/e/{edition.slug}/agenda/"
    LOCAL_BODIES.clear()
    agenda_reader.INDEXES.clear()
    agenda_cache.forget_edition(edition.pk, edition.slug)
    with django_assert_num_queries(2):  # nothing held: which version, then its index
        response = client.get(url)
    assert response.status_code == 200
    assert len(_ids(response)) == count
    with django_assert_num_queries(0):  # unchanged version: the cached content
        again = client.get(url)
    assert again.content.count(b'id="session-') == count
    with django_assert_num_queries(1):  # another language: its index; a filter costs nothing more
        english = client.get(url, {"sub_forum": sub_forums[1].slug}, HTTP_ACCEPT_LANGUAGE="en")
    assert len(_ids(english)) == len(range(1, count, 4))
    with django_assert_num_queries(0):  # asked again with its ETag
        assert client.get(url, HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304


@pytest.mark.django_db
def test_agenda_page_answers_304_while_the_published_version_stands(
    client, forum_day, django_assert_num_queries
) -> None:
    url = forum_day["url"]
    first = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    etag = first["ETag"]
    assert (first.status_code, first["Cache-Control"]) == (200, "private, no-cache")
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in first["Vary"].split(",")}
    with django_assert_num_queries(0):
        again = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans", HTTP_IF_NONE_MATCH=etag)
    assert (again.status_code, again.content, again["ETag"], again["Cache-Control"]) == (
        304,
        b"",
        etag,
        "private, no-cache",
    )
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in again["Vary"].split(",")}
    # Another tag (or none) gets the page.
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans", HTTP_IF_NONE_MATCH='"other"').status_code == 200


@pytest.mark.django_db
def test_agenda_page_etag_names_the_language_and_the_filters(client, forum_day) -> None:
    url, days = forum_day["url"], forum_day["days"]

    def etag(query: dict, language: str = "zh-hans") -> str:
        return client.get(url, query, HTTP_ACCEPT_LANGUAGE=language)["ETag"]

    tags = {
        etag({}),
        etag({}, "en"),
        etag({"day": days[1]}),
        etag({"sub_forum": forum_day["sub_forums"]["bio"].slug}),
        etag({"kind": "keynote"}),
    }
    assert len(tags) == 5
    assert etag({"day": days[0]}) == etag({})  # the first day is the page without a day, before the forum
    zh = etag({})
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="en", HTTP_IF_NONE_MATCH=zh).status_code == 200
    # On the forum's second day, the page without a day shows that day: not the cached first day.
    with time_machine.travel(forum_day["edition"].start + dt.timedelta(days=1, hours=2), tick=False):
        today = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans", HTTP_IF_NONE_MATCH=zh)
    assert today.status_code == 200
    assert _ids(today) == [forum_day["sessions"]["round_table"].pk]


@pytest.mark.django_db
def test_a_republished_agenda_changes_the_pages_etag(client, forum_day) -> None:
    url = forum_day["url"]
    etag = client.get(url, HTTP_ACCEPT_LANGUAGE="en")["ETag"]
    keynote = forum_day["sessions"]["keynote"]
    keynote.title_en = "Quantum computing, revised"
    keynote.save()
    # Edited but not published: the public page stands.
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="en", HTTP_IF_NONE_MATCH=etag).status_code == 304
    _publish(forum_day["edition"])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Quantum computing, revised" in _text(response)
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="en", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


@pytest.mark.django_db
def test_a_browser_with_a_new_csrf_token_gets_the_page_again(client, forum_day) -> None:
    """The page embeds the visitor's CSRF token (the language switch): a page kept with an old
    token is not confirmed to a browser whose token changed, e.g. after logging in."""
    url = forum_day["url"]
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    client.cookies.pop("csrftoken")
    fresh = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert fresh.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', fresh.content.decode())
    assert token is not None
    assert client.get(url, HTTP_IF_NONE_MATCH=fresh["ETag"]).status_code == 304
