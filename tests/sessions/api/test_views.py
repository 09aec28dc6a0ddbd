"""The public speakers and sessions endpoints: what they show, their filters and ordering."""

import datetime as dt

import pytest

from forums.enums import EditionStatus
from sessions.enums import SessionKind, SpeakerRole
from tests.factories import EditionFactory, SessionFactory, SessionSpeakerFactory, SpeakerFactory, SubForumFactory

pytestmark = pytest.mark.django_db


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


# --- detail endpoints: a fixed number of queries, however many rows hang off the object ---


@pytest.mark.parametrize("count", [1, 5])
def test_speaker_detail_query_count_constant(client, db, django_assert_num_queries, count) -> None:
    speaker = SpeakerFactory()
    edition = EditionFactory()
    for _ in range(count):
        SessionSpeakerFactory(session=SessionFactory(edition=edition), speaker=speaker)
    with django_assert_num_queries(2):  # the speaker, if speaking at a public edition (a subquery); their sessions
        response = client.get(f"/api/v1/speakers/{speaker.slug}/")
    assert response.status_code == 200
    assert response.json()["slug"] == speaker.slug
    assert [s["edition"] for s in response.json()["sessions"]] == [edition.slug] * count


def test_speaker_detail_lists_sessions_of_every_public_edition_newest_first(client, db) -> None:
    speaker = SpeakerFactory(
        website="https://example.org/zhang", links=[{"label": "Lab", "url": "https://lab.example"}]
    )
    earlier = EditionFactory(start=dt.datetime(2029, 7, 6, 1, 0, tzinfo=dt.UTC))
    later = EditionFactory(start=dt.datetime(2031, 7, 6, 1, 0, tzinfo=dt.UTC))
    draft = EditionFactory(status=EditionStatus.DRAFT)
    for edition in (earlier, later, draft):
        SessionSpeakerFactory(
            session=SessionFactory(edition=edition, title_en=f"Talk at {edition.slug}"), speaker=speaker
        )
    SessionSpeakerFactory(session=SessionFactory(edition=later, is_cancelled=True), speaker=speaker)
    body = client.get(f"/api/v1/speakers/{speaker.slug}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert [(s["edition"], s["title"], s["role"]) for s in body["sessions"]] == [
        (later.slug, f"Talk at {later.slug}", "speaker"),
        (earlier.slug, f"Talk at {earlier.slug}", "speaker"),
    ]
    assert body["links"] == [{"label": "Lab", "url": "https://lab.example"}]
    assert body["public_line"] == f"Academician of the Chinese Academy of Engineering, {speaker.name_en}"
    assert "email" not in body
    assert speaker.email not in str(body)


@pytest.mark.parametrize("count", [1, 5])
def test_session_detail_query_count_constant(client, db, django_assert_num_queries, count) -> None:
    edition = EditionFactory()
    session = SessionFactory(edition=edition, sub_forum=SubForumFactory(edition=edition))
    for order in range(count):
        SessionSpeakerFactory(session=session, order=order)
        SessionSpeakerFactory(session=session, role=SpeakerRole.HOST, order=order)
    with django_assert_num_queries(2):  # the session with its edition, room and sub-forum; its speakers and hosts
        response = client.get(f"/api/v1/sessions/{session.pk}/")
    assert response.status_code == 200
    assert len(response.json()["speakers"]) == 2 * count
