import datetime as dt
import gzip

import orjson
import pytest
from django.core.cache import cache

from forums.enums import EditionStatus
from sessions.agenda_cache import LOCAL_BODIES
from sessions.agenda_render import DEFAULT_PARAMS, render_agenda
from sessions.models import AgendaVersion
from tests.factories import EditionFactory
from tests.fixtures.api import bulk_agenda

pytestmark = pytest.mark.django_db


def agenda_url(edition) -> str:
    return f"/api/v1/editions/{edition.slug}/agenda/"


def test_live_agenda_before_any_publication(client, edition) -> None:
    response = client.get(agenda_url(edition), {"lang": "en"})
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 0
    assert body["published_at"] is None
    assert len(body["sessions"]) == 4
    assert body["edition"]["title"] == edition.title_en
    assert response["Cache-Control"] == "public, max-age=30"


def test_agenda_nests_speakers_room_and_sub_forum(client, edition) -> None:
    body = client.get(agenda_url(edition), {"lang": "en"}).json()
    session = next(s for s in body["sessions"] if s["sub_forum_id"])
    assert session["sub_forum"]["id"] == session["sub_forum_id"]
    assert session["room"]["id"] == session["room_id"]
    speaker = session["speakers"][0]["speaker"]
    assert speaker["name"].startswith("Zhang")
    assert "email" not in speaker
    assert "speakers" not in body  # inlined, so no lookup table
    assert body["expand"] == ["speakers", "room", "sub_forum"]


def test_agenda_expand_none_gives_ids_and_tables(client, edition) -> None:
    body = client.get(agenda_url(edition), {"expand": "none"}).json()
    session = body["sessions"][0]
    assert "room" not in session
    assert "sub_forum" not in session
    assert "speaker" not in session["speakers"][0]
    assert {s["id"] for s in body["speakers"]} >= {session["speakers"][0]["speaker_id"]}
    assert body["expand"] == []
    only_room = client.get(agenda_url(edition), {"expand": "room"}).json()["sessions"][0]
    assert "room" in only_room
    assert "sub_forum" not in only_room


def test_agenda_bad_parameters_are_field_errors(client, edition) -> None:
    response = client.get(agenda_url(edition), {"expand": "everything", "day": "tomorrow", "version": "0"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"expand", "day", "version"}


def test_agenda_filters(client, edition) -> None:
    body = client.get(agenda_url(edition)).json()
    assert len(body["days"]) == 2
    day_two = client.get(agenda_url(edition), {"day": body["days"][1]}).json()
    assert [s["day"] for s in day_two["sessions"]] == [body["days"][1]] * 2
    keynotes = client.get(agenda_url(edition), {"kind": "keynote"}).json()["sessions"]
    assert {s["kind"] for s in keynotes} == {"keynote"}
    sub_forum_id = next(s["sub_forum_id"] for s in body["sessions"] if s["sub_forum_id"])
    in_forum = client.get(agenda_url(edition), {"sub_forum": sub_forum_id}).json()["sessions"]
    assert {s["sub_forum_id"] for s in in_forum} == {sub_forum_id}
    speaker_id = body["sessions"][2]["speakers"][0]["speaker_id"]
    by_speaker = client.get(agenda_url(edition), {"speaker": speaker_id}).json()["sessions"]
    assert len(by_speaker) == 2
    room_id = body["sessions"][0]["room_id"]
    in_room = client.get(agenda_url(edition), {"room": room_id}).json()["sessions"]
    assert {s["room_id"] for s in in_room} == {room_id}
    assert len(in_room) == sum(1 for s in body["sessions"] if s["room_id"] == room_id)
    assert client.get(agenda_url(edition), {"room": "0"}).status_code == 400


def test_agenda_serves_latest_published_version(client, edition, publish) -> None:
    publish(edition)
    edition.sessions.update(title_en="Changed after publishing")
    body = client.get(agenda_url(edition), {"lang": "en"}).json()
    assert body["version"] == 1
    assert "Changed after publishing" not in {s["title"] for s in body["sessions"]}
    publish(edition)
    body = client.get(agenda_url(edition), {"lang": "en"}).json()
    assert body["version"] == 2
    assert {s["title"] for s in body["sessions"]} == {"Changed after publishing"}
    old = client.get(agenda_url(edition), {"lang": "en", "version": 1}).json()
    assert old["version"] == 1
    assert client.get(agenda_url(edition), {"version": 9}).status_code == 404


def test_agenda_language_from_snapshot_with_fallback(client, edition, publish) -> None:
    edition.sessions.update(title_en="")
    publish(edition)
    titles_en = {s["title"] for s in client.get(agenda_url(edition), {"lang": "en"}).json()["sessions"]}
    titles_zh = {s["title"] for s in client.get(agenda_url(edition), HTTP_ACCEPT_LANGUAGE="zh-CN").json()["sessions"]}
    assert titles_en == titles_zh
    assert all(t.startswith("主旨报告") for t in titles_zh)


def test_agenda_of_draft_or_unknown_edition_is_404(client, db) -> None:
    draft = EditionFactory(status=EditionStatus.DRAFT)
    assert client.get(agenda_url(draft)).status_code == 404
    assert client.get("/api/v1/editions/nope/agenda/").json()["code"] == "not_found"


def test_etag_differs_by_language_query_and_version(client, edition, publish) -> None:
    publish(edition)
    zh = client.get(agenda_url(edition), {"lang": "zh-hans"})["ETag"]
    en = client.get(agenda_url(edition), {"lang": "en"})["ETag"]
    expanded = client.get(agenda_url(edition), {"lang": "en", "expand": "room"})["ETag"]
    assert len({zh, en, expanded}) == 3
    publish(edition)
    assert client.get(agenda_url(edition), {"lang": "en"})["ETag"] != en


def test_if_none_match_answers_304_without_sql(client, edition, django_assert_num_queries, publish) -> None:
    publish(edition)
    first = client.get(agenda_url(edition), {"lang": "en"})
    assert first.status_code == 200
    assert first["Cache-Control"].startswith("public, max-age=60")
    with django_assert_num_queries(0):
        response = client.get(agenda_url(edition), {"lang": "en"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == first["ETag"]
    stale = client.get(agenda_url(edition), {"lang": "en"}, HTTP_IF_NONE_MATCH='"something-else"')
    assert stale.status_code == 200


def test_cached_body_served_without_sql(client, edition, publish, django_assert_num_queries) -> None:
    publish(edition)
    first = client.get(agenda_url(edition))
    with django_assert_num_queries(0):
        again = client.get(agenda_url(edition))
    assert again.content == first.content


def test_publish_invalidation_switches_version_at_once(client, edition, publish) -> None:
    publish(edition)
    etag = client.get(agenda_url(edition))["ETag"]
    publish(edition)  # refreshes the agenda cache on commit
    response = client.get(agenda_url(edition), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["version"] == 2


@pytest.mark.parametrize("size", [10, 1000])
def test_agenda_query_count_independent_of_size(client, db, publish, django_assert_num_queries, size) -> None:
    edition = EditionFactory()
    bulk_agenda(edition, size, sub_forums=40 if size > 10 else 2)
    publish(edition)
    cache.clear()
    LOCAL_BODIES.clear()  # uncached: else the body warmed at publication is served after one query
    with django_assert_num_queries(2):
        response = client.get(agenda_url(edition))
    assert len(response.json()["sessions"]) == size


def test_agenda_versions_and_changelog(client, edition, publish) -> None:
    publish(edition)
    first, second = edition.sessions.order_by("pk")[:2]
    first.start, first.end = first.start + dt.timedelta(hours=1), first.end + dt.timedelta(hours=1)
    first.save()
    second.is_cancelled = True
    second.save()
    publish(edition)
    versions = client.get(f"/api/v1/editions/{edition.slug}/agenda/versions/").json()
    assert [(v["number"], v["changes"]) for v in versions["results"]] == [(2, 2), (1, 4)]
    detail = client.get(f"/api/v1/editions/{edition.slug}/agenda/versions/2/").json()
    assert [(c["type"], c["session_id"]) for c in detail["changelog"]] == [("time", first.pk), ("cancelled", second.pk)]
    assert client.get(f"/api/v1/editions/{edition.slug}/agenda/versions/7/").status_code == 404


@pytest.mark.parametrize("size", [1, 30])
def test_agenda_versions_query_count(client, edition, django_assert_max_num_queries, size) -> None:
    for number in range(1, size + 1):
        AgendaVersion.objects.create(edition=edition, number=number, snapshot={}, changelog=[])
    with django_assert_max_num_queries(3):
        response = client.get(f"/api/v1/editions/{edition.slug}/agenda/versions/")
    assert response.json()["count"] == size


def test_live_agenda_follows_edits_after_cache_expiry(client, edition) -> None:
    before = client.get(agenda_url(edition))
    edition.sessions.update(start=edition.start + dt.timedelta(hours=5), end=edition.start + dt.timedelta(hours=6))
    cache.clear()  # what LIVE_TTL does after 30 s
    after = client.get(agenda_url(edition))
    assert after["ETag"] != before["ETag"]


@pytest.mark.parametrize("size", [10, 100])
def test_live_agenda_query_count_independent_of_size(client, db, django_assert_num_queries, size) -> None:
    # Before the first publication the snapshot is built live (build_agenda_snapshot), still a fixed count.
    edition = EditionFactory()
    bulk_agenda(edition, size)
    with django_assert_num_queries(6):
        response = client.get(agenda_url(edition))
    assert len(response.json()["sessions"]) == size


def test_publication_warms_the_default_agenda(client, edition, publish, django_assert_num_queries) -> None:
    publish(edition)  # the refresh on commit renders both languages into the cache
    for lang in ("en", "zh-hans"):
        with django_assert_num_queries(0):
            response = client.get(agenda_url(edition), {"lang": lang})
        assert response.json()["version"] == 1


def test_publishing_makes_the_api_serve_the_new_version_at_once(client, edition, publish) -> None:
    publish(edition)
    first = client.get(agenda_url(edition), {"lang": "en"})
    assert first.json()["version"] == 1

    session = edition.sessions.first()
    session.title_en = "A retitled keynote"
    session.save()
    publish(edition)

    body = client.get(agenda_url(edition), {"lang": "en"}, HTTP_IF_NONE_MATCH=first["ETag"]).json()
    assert body["version"] == 2
    assert "A retitled keynote" in [s["title"] for s in body["sessions"]]


def test_uncached_default_agenda_is_the_body_stored_at_publication(
    client, edition, publish, django_assert_num_queries
) -> None:
    version = publish(edition)
    version.refresh_from_db()
    for lang in ("en", "zh-hans"):
        cache.clear()
        LOCAL_BODIES.clear()
        with django_assert_num_queries(2):
            response = client.get(agenda_url(edition), {"lang": lang})
        expected = render_agenda(
            version.snapshot,
            version=1,
            published_at=version.published_at.isoformat(),
            language=lang,
            params=DEFAULT_PARAMS,
        )
        assert response.content == orjson.dumps(expected)
    cache.clear()
    LOCAL_BODIES.clear()
    gzipped = client.get(agenda_url(edition), {"lang": "en"}, headers={"Accept-Encoding": "gzip"})
    assert gzipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(gzipped.content) == client.get(agenda_url(edition), {"lang": "en"}).content
