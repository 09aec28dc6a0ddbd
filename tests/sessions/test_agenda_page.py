# ruff: noqa: RUF001 - the page prints time ranges with an en dash
import datetime as dt
import zoneinfo

import pytest

from sessions.services import publish_agenda
from tests.factories import EditionFactory, SessionFactory, SessionSpeakerFactory, SubForumFactory


@pytest.mark.django_db
def test_agenda_page_is_404_before_the_first_publish(client) -> None:
    edition = SessionFactory().edition
    assert client.get(f"/e/{edition.slug}/agenda/").status_code == 404
    assert client.get("/e/no-such-edition/agenda/").status_code == 404


@pytest.mark.django_db
def test_agenda_page_serves_the_latest_published_version_not_the_draft(client) -> None:
    session = SessionFactory(title_zh_hans="主旨报告甲", title_en="Keynote A")
    publish_agenda(edition=session.edition)
    session.title_zh_hans = "草稿标题"
    session.save()
    page = client.get(f"/e/{session.edition.slug}/agenda/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "主旨报告甲" in page
    assert "草稿标题" not in page
    publish_agenda(edition=session.edition)
    page = client.get(f"/e/{session.edition.slug}/agenda/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "草稿标题" in page
    assert "议程第 2 版" in page


@pytest.mark.django_db
def test_agenda_page_in_english_with_times_in_the_editions_zone(client) -> None:
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    edition = EditionFactory(time_zone="Europe/Berlin", start=dt.datetime(2030, 7, 6, 9, 0, tzinfo=berlin))
    session = SessionFactory(edition=edition, title_en="Keynote B", title_zh_hans="报告乙")
    SessionSpeakerFactory(session=session)
    publish_agenda(edition=edition)
    response = client.get(f"/e/{edition.slug}/agenda/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Keynote B" in page
    assert "报告乙" not in page
    assert "10:00–10:30" in page  # 10:00 in Berlin, whatever the server's zone
    assert "Europe/Berlin" in page
    assert "Academician of the Chinese Academy of Engineering" in page


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 25])
def test_agenda_page_query_count_is_constant(client, count, django_assert_num_queries) -> None:
    edition = EditionFactory()
    sub_forum = SubForumFactory(edition=edition)
    for _ in range(count):
        SessionSpeakerFactory(session=SessionFactory(edition=edition, sub_forum=sub_forum))
    publish_agenda(edition=edition)
    with django_assert_num_queries(2):
        response = client.get(f"/e/{edition.slug}/agenda/")
    assert response.status_code == 200
    assert response.content.decode().count('id="session-') == count
