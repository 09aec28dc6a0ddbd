import datetime as dt

import pytest

from forums.enums import EditionStatus
from tests.factories import (
    EditionFactory,
    ForumFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    SubForumFactory,
)


def _edition_with_speakers(count: int):
    edition = EditionFactory()
    sub_forum = SubForumFactory(edition=edition)
    speakers = SpeakerFactory.create_batch(count)
    for speaker in speakers:
        SessionSpeakerFactory(session=SessionFactory(edition=edition, sub_forum=sub_forum), speaker=speaker)
    return edition, speakers


@pytest.mark.django_db
def test_speaker_list_shows_title_first_lines_and_never_the_contact_email(client) -> None:
    edition, speakers = _edition_with_speakers(2)
    speakers[0].affiliation_zh_hans = "清华大学"
    speakers[0].affiliation_en = "Tsinghua University"
    speakers[0].save()
    page = client.get(f"/e/{edition.slug}/speakers/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"中国工程院院士 {speakers[0].name_zh_hans}" in page
    assert "清华大学" in page
    assert f'href="/e/{edition.slug}/speakers/{speakers[1].slug}/"' in page
    assert speakers[0].email not in page
    english = client.get(f"/e/{edition.slug}/speakers/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Academician of the Chinese Academy of Engineering, {speakers[0].name_en}" in english
    assert "Tsinghua University" in english


@pytest.mark.django_db
def test_speaker_list_leaves_out_speakers_of_cancelled_sessions_and_other_editions(client) -> None:
    edition, (speaker,) = _edition_with_speakers(1)
    cancelled = SessionSpeakerFactory(session=SessionFactory(edition=edition, is_cancelled=True)).speaker
    elsewhere = SessionSpeakerFactory().speaker
    page = client.get(f"/e/{edition.slug}/speakers/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert speaker.name_en in page
    assert cancelled.name_en not in page
    assert elsewhere.name_en not in page
    assert client.get(f"/e/{edition.slug}/speakers/{cancelled.slug}/").status_code == 404
    assert client.get(f"/e/{edition.slug}/speakers/{elsewhere.slug}/").status_code == 404


@pytest.mark.django_db
def test_speaker_pages_of_a_draft_edition_are_404(client) -> None:
    edition, (speaker,) = _edition_with_speakers(1)
    edition.status = EditionStatus.DRAFT
    edition.save()
    assert client.get(f"/e/{edition.slug}/speakers/").status_code == 404
    assert client.get(f"/e/{edition.slug}/speakers/{speaker.slug}/").status_code == 404


@pytest.mark.django_db
def test_speaker_page_is_one_page_per_person_across_editions(client) -> None:
    forum = ForumFactory()
    earlier = EditionFactory(forum=forum, start=dt.datetime(2029, 7, 6, 1, 0, tzinfo=dt.UTC))
    later = EditionFactory(forum=forum, start=dt.datetime(2030, 7, 6, 1, 0, tzinfo=dt.UTC))
    hidden = EditionFactory(forum=forum, status=EditionStatus.DRAFT)
    speaker = SpeakerFactory(
        biography_zh_hans="长期从事量子信息研究。",
        biography_en="Works on quantum information.",
        position_en="Professor",
        position_zh_hans="教授",
        affiliation_en="Hefei University",
    )
    SessionSpeakerFactory(speaker=speaker, session=SessionFactory(edition=earlier, title_en="Qubits in 2029"))
    SessionSpeakerFactory(
        speaker=speaker, role="moderator", session=SessionFactory(edition=later, title_en="Round table 2030")
    )
    SessionSpeakerFactory(speaker=speaker, session=SessionFactory(edition=hidden, title_en="Secret draft"))
    pages = [
        client.get(f"/e/{e.slug}/speakers/{speaker.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        for e in (earlier, later)
    ]
    for page in pages:
        assert f"Academician of the Chinese Academy of Engineering, Professor, {speaker.name_en}" in page
        assert "Hefei University" in page
        assert "Works on quantum information." in page
        assert "Qubits in 2029" in page
        assert "Round table 2030" in page
        assert "Moderator" in page
        assert "Secret draft" not in page
        assert speaker.email not in page
        # Newest edition first, and one canonical address for the person.
        assert page.index("Round table 2030") < page.index("Qubits in 2029")
        assert f'rel="canonical" href="/e/{later.slug}/speakers/{speaker.slug}/"' in page
    chinese = client.get(f"/e/{later.slug}/speakers/{speaker.slug}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "长期从事量子信息研究。" in chinese.content.decode()
    assert "主持人" in chinese.content.decode()


@pytest.mark.django_db
def test_speaker_page_times_are_in_each_editions_zone(client) -> None:
    edition = EditionFactory(time_zone="Europe/Berlin", start=dt.datetime(2030, 7, 6, 7, 0, tzinfo=dt.UTC))
    part = SessionSpeakerFactory(session=SessionFactory(edition=edition))  # starts 08:00 UTC
    page = client.get(f"/e/{edition.slug}/speakers/{part.speaker.slug}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "2030-07-06 10:00" in page.content.decode()
    assert "Europe/Berlin" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 1000])
def test_speaker_list_query_count_is_constant(client, count, django_assert_num_queries) -> None:
    edition, _speakers = _edition_with_speakers(count)
    with django_assert_num_queries(2):  # the edition, the speakers
        response = client.get(f"/e/{edition.slug}/speakers/")
    assert response.content.decode().count('class="speaker-card"') == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 1000])
def test_speaker_page_query_count_is_constant(client, count, django_assert_num_queries) -> None:
    """Their sessions in this edition and an earlier one, each with a room and a sub-forum."""
    forum = ForumFactory()
    edition = EditionFactory(forum=forum)
    earlier = EditionFactory(forum=forum, start=edition.start - dt.timedelta(days=365))
    speaker = SpeakerFactory()
    sub_forums = [SubForumFactory(edition=edition), SubForumFactory(edition=earlier)]
    for i in range(count):
        sub_forum = sub_forums[i % 2]
        session = SessionFactory(edition=sub_forum.edition, sub_forum=sub_forum, room=sub_forum.room)
        SessionSpeakerFactory(session=session, speaker=speaker)
    with django_assert_num_queries(3):  # the edition, the speaker, their parts with sessions
        response = client.get(f"/e/{edition.slug}/speakers/{speaker.slug}/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert page.count("#session-") == count
    assert page.count(sub_forums[1].title_en) == len(range(1, count, 2))
