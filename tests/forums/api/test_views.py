"""The public forums, editions, sub-forums and rooms endpoints, and the query count of every public list."""

import datetime as dt

import pytest

from forums.enums import EditionStatus
from tests.factories import (
    EditionFactory,
    EditionOrganisationFactory,
    ForumFactory,
    OrganisationFactory,
    RoomFactory,
    SubForumFactory,
)
from tests.fixtures.api import build_agenda

pytestmark = pytest.mark.django_db


def test_forums_list_and_detail(client, edition) -> None:
    response = client.get("/api/v1/forums/")
    assert response.status_code == 200
    assert [f["slug"] for f in response.json()["results"]] == [edition.forum.slug]
    detail = client.get(f"/api/v1/forums/{edition.forum.slug}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert detail["name"] == edition.forum.name_en


def test_editions_hide_drafts_and_filter_by_forum(client, edition) -> None:
    EditionFactory(status=EditionStatus.DRAFT, slug="draft-one")
    other = EditionFactory(slug="other-forum")
    response = client.get("/api/v1/editions/")
    assert sorted(e["slug"] for e in response.json()["results"]) == sorted([edition.slug, other.slug])
    response = client.get("/api/v1/editions/", {"forum": edition.forum.slug})
    assert [e["slug"] for e in response.json()["results"]] == [edition.slug]
    assert client.get("/api/v1/editions/draft-one/").status_code == 404


def test_edition_language_by_header_and_query(client, edition) -> None:
    url = f"/api/v1/editions/{edition.slug}/"
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["title"] == edition.title_en
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN").json()["title"] == edition.title_zh_hans
    response = client.get(url, {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.json()["title"] == edition.title_en
    assert response["Content-Language"] == "en"


def test_missing_translation_falls_back(client) -> None:
    edition = EditionFactory(title_zh_hans="第一届", title_en="")
    assert client.get(f"/api/v1/editions/{edition.slug}/", {"lang": "en"}).json()["title"] == "第一届"


def test_sub_forums_filter_by_edition_and_day(client, edition) -> None:
    other = SubForumFactory()
    response = client.get("/api/v1/sub-forums/", {"edition": edition.slug})
    slugs = {f["slug"] for f in response.json()["results"]}
    assert other.slug not in slugs
    assert len(slugs) == 2
    day = edition.start.date() + dt.timedelta(days=40)
    assert client.get("/api/v1/sub-forums/", {"day": day.isoformat()}).json()["count"] == 0
    assert client.get("/api/v1/sub-forums/", {"day": "not-a-day"}).json()["errors"]["day"]


def test_rooms_of_an_edition(client, edition) -> None:
    room = RoomFactory(venue=edition.venue, name_en="Auditorium")
    RoomFactory()  # another venue, no public edition there
    params = {"edition": edition.slug, "search": "Auditorium"}
    response = client.get("/api/v1/rooms/", params, HTTP_ACCEPT_LANGUAGE="en")
    assert [r["id"] for r in response.json()["results"]] == [room.pk]


LIST_URLS = [
    "/api/v1/forums/",
    "/api/v1/editions/",
    "/api/v1/sub-forums/",
    "/api/v1/rooms/",
    "/api/v1/speakers/",
    "/api/v1/sessions/",
]


@pytest.mark.parametrize("url", LIST_URLS)
@pytest.mark.parametrize("size", [1, 25])
def test_list_endpoints_query_count_bounded(client, db, django_assert_max_num_queries, url, size) -> None:
    for _ in range(size):
        edition = EditionFactory(forum=ForumFactory())
        build_agenda(edition, 2, sub_forums=1)
    with django_assert_max_num_queries(5):
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200
    assert response.json()["count"] >= size


# --- detail endpoints: a fixed number of queries, however many rows hang off the object ---


@pytest.mark.parametrize("count", [1, 5])
def test_forum_detail_query_count_constant(client, db, django_assert_num_queries, count) -> None:
    forum = ForumFactory()
    EditionFactory.create_batch(count, forum=forum)
    with django_assert_num_queries(1):  # the forum with its initiator
        response = client.get(f"/api/v1/forums/{forum.slug}/")
    assert response.status_code == 200
    assert response.json()["slug"] == forum.slug


@pytest.mark.parametrize("count", [1, 5])
def test_edition_detail_query_count_constant(client, db, django_assert_num_queries, count) -> None:
    edition = EditionFactory()
    for n in range(count):
        SubForumFactory(edition=edition, start=edition.start + dt.timedelta(hours=n))
        EditionOrganisationFactory(edition=edition, order=n)
    with django_assert_num_queries(1):  # the public edition with its forum and venue
        response = client.get(f"/api/v1/editions/{edition.slug}/")
    assert response.status_code == 200
    assert response.json()["slug"] == edition.slug


@pytest.mark.parametrize("count", [1, 5])
def test_sub_forum_detail_query_count_constant(client, db, django_assert_num_queries, count) -> None:
    sub_forum = SubForumFactory()
    sub_forum.hosts.set(OrganisationFactory.create_batch(count))
    with django_assert_num_queries(2):  # the sub-forum with its edition and room (and venue), then its hosts
        response = client.get(f"/api/v1/sub-forums/{sub_forum.pk}/")
    assert response.status_code == 200
    assert len(response.json()["hosts"]) == count


@pytest.mark.parametrize("count", [1, 5])
def test_room_detail_query_count_constant(client, db, django_assert_num_queries, count) -> None:
    room = RoomFactory()
    EditionFactory.create_batch(count, venue=room.venue)  # each public edition there joins the room once more
    with django_assert_num_queries(1):  # the room with its venue, if a public edition is held there
        response = client.get(f"/api/v1/rooms/{room.pk}/")
    assert response.status_code == 200
    assert response.json()["id"] == room.pk
