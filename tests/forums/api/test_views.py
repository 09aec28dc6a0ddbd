import datetime as dt

import pytest

from forums.enums import EditionStatus
from sessions.enums import SessionKind
from tests.factories import (
    EditionFactory,
    ForumFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
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


def test_unknown_language_is_a_field_error(client, edition) -> None:
    response = client.get("/api/v1/editions/", {"lang": "fr"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["lang"]


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


def test_speakers_never_show_email(client, edition) -> None:
    response = client.get("/api/v1/speakers/")
    results = response.json()["results"]
    assert results
    for speaker in results:
        assert "email" not in speaker
        assert "@example.org" not in str(speaker)
    detail = client.get(f"/api/v1/speakers/{results[0]['slug']}/").json()
    assert "email" not in detail


def test_speakers_of_draft_editions_are_hidden(client, db) -> None:
    draft = EditionFactory(status=EditionStatus.DRAFT)
    speaker = SpeakerFactory()
    SessionSpeakerFactory(session=SessionFactory(edition=draft), speaker=speaker)
    assert client.get(f"/api/v1/speakers/{speaker.slug}/").status_code == 404


def test_sessions_filters(client, edition) -> None:
    base = {"edition": edition.slug}
    all_sessions = client.get("/api/v1/sessions/", base).json()
    assert all_sessions["count"] == 4
    keynotes = client.get("/api/v1/sessions/", {**base, "kind": SessionKind.KEYNOTE}).json()
    assert {s["kind"] for s in keynotes["results"]} == {"keynote"}
    assert keynotes["count"] == 2
    day_two = (edition.start + dt.timedelta(days=1)).date().isoformat()
    assert client.get("/api/v1/sessions/", {**base, "day": day_two}).json()["count"] == 2
    speaker_id = all_sessions["results"][2]["speakers"][0]["speaker"]["id"]
    by_speaker = client.get("/api/v1/sessions/", {**base, "speaker": speaker_id}).json()
    assert by_speaker["count"] == 2
    sub_forum_id = next(s["sub_forum"]["id"] for s in all_sessions["results"] if s["sub_forum"])
    by_forum = client.get("/api/v1/sessions/", {**base, "sub_forum": sub_forum_id}).json()
    assert {s["sub_forum"]["id"] for s in by_forum["results"]} == {sub_forum_id}
    assert client.get("/api/v1/sessions/", {**base, "language": "en"}).json()["count"] == 0
    future = (edition.start + dt.timedelta(days=3650)).isoformat()
    assert client.get("/api/v1/sessions/", {**base, "changed_since": future}).json()["count"] == 0
    assert client.get("/api/v1/sessions/", {**base, "changed_since": "2000-01-01T00:00:00Z"}).json()["count"] == 4


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "disco"}, "kind"),
        ({"speaker": "1.5"}, "speaker"),
        ({"changed_since": "yesterday"}, "changed_since"),
        ({"language": "fr"}, "language"),
    ],
)
def test_sessions_bad_filters_are_field_errors(client, edition, params, field) -> None:
    response = client.get("/api/v1/sessions/", params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_sessions_search_and_ordering(client, edition) -> None:
    SessionFactory(edition=edition, title_en="Quantum computing", title_zh_hans="量子计算")
    response = client.get("/api/v1/sessions/", {"search": "量子"})
    assert [s["title"] for s in response.json()["results"]] == ["量子计算"]
    ordered = client.get("/api/v1/sessions/", {"edition": edition.slug, "ordering": "-start"}).json()["results"]
    starts = [s["start"] for s in ordered]
    assert starts == sorted(starts, reverse=True)


def test_pagination_caps_page_size_at_100(client, db) -> None:
    edition = EditionFactory()
    SessionFactory.create_batch(105, edition=edition)
    response = client.get("/api/v1/sessions/", {"page_size": 1000})
    body = response.json()
    assert body["count"] == 105
    assert len(body["results"]) == 100
    assert body["next"]
    assert len(client.get("/api/v1/sessions/", {"page_size": 10, "page": 2}).json()["results"]) == 10


@pytest.mark.parametrize("page", ["999999999999999999999", "2"])
def test_pages_past_the_end_are_404_json(client, edition, page) -> None:
    response = client.get("/api/v1/sessions/", {"page": page})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("param", ["page", "page_size"])
@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", ""])
def test_malformed_paging_is_400(client, edition, param, value) -> None:
    response = client.get("/api/v1/sessions/", {param: value})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [param]


def test_repeated_parameter_is_400(client, edition) -> None:
    response = client.get("/api/v1/sessions/?kind=talk&kind=keynote")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["kind"]


@pytest.mark.parametrize("param", ["day", "changed_since", "kind", "speaker"])
def test_empty_typed_filter_is_400(client, edition, param) -> None:
    response = client.get("/api/v1/sessions/", {param: ""})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [param]


def test_unknown_api_url_is_json_404(client) -> None:
    for url in ["/api/v1/nothing/", "/api/v1/sessions/0.5/", "/api/v1/editions/a%0Ab/agenda/"]:
        response = client.put(url, "{}", content_type="application/json")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_null_characters_in_query_are_400(client, edition) -> None:
    response = client.get("/api/v1/sessions/", {"search": "a\x00b"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["search"]


def test_huge_ids_in_path_are_404(client, edition) -> None:
    assert client.get("/api/v1/sessions/99999999999999999999999/").status_code == 404
    assert client.get("/api/v1/sub-forums/99999999999999999999999/").status_code == 404


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
