# ruff: noqa: RUF001 - Chinese texts use full-width punctuation
"""Publishing through the preview page: it shows what will be recorded and who will be told,
publishes on confirmation with the note, and waits when the agenda changed meanwhile."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from notifications.enums import WebhookEvent
from notifications.services import publish_and_notify
from notifications.webhooks import create_webhook_subscription
from outbox.models import OutboxMessage
from sessions.models import AgendaVersion, Session
from tests.factories import (
    EditionFactory,
    OrganisationFactory,
    RegistrationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SubForumChoiceFactory,
    SubForumFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    edition = EditionFactory(title_en="19th Forum")
    sub_forum = SubForumFactory(edition=edition)
    SessionFactory(edition=edition, sub_forum=sub_forum, start=sub_forum.start, title_en="Robots")
    SubForumChoiceFactory(registration=RegistrationFactory(edition=edition), sub_forum=sub_forum)
    publish_and_notify(edition=edition)
    return edition


def _url(edition) -> str:
    return reverse("admin:forums_edition_publish", args=[edition.pk])


def _move_robots(edition) -> None:
    session = Session.objects.get(edition=edition, title_en="Robots")
    Session.objects.filter(pk=session.pk).update(
        start=session.start + dt.timedelta(minutes=30), end=session.end + dt.timedelta(minutes=30)
    )


def test_preview_shows_the_changelog_the_notices_and_the_webhooks(admin_client, edition) -> None:
    _move_robots(edition)
    organisation = OrganisationFactory(name_en="Partner Society")
    create_webhook_subscription(
        organisation=organisation, url="https://partner.example/hook", events=[WebhookEvent.AGENDA_PUBLISHED]
    )
    response = admin_client.get(_url(edition), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "This publishes version 2; the last published version is 1." in html
    assert "1 change to be recorded" in html
    assert '<tr class="change-time"><td>new time</td><td>Robots</td>' in html
    assert "1 attendee will get a notice of the changes to their sessions." in html
    assert "0 speakers will get a notice." in html
    assert "Partner Society — <code>https://partner.example/hook</code>" in html
    assert AgendaVersion.objects.filter(edition=edition).count() == 1  # looking publishes nothing
    assert OutboxMessage.objects.count() == 0


def test_confirming_publishes_with_the_note_and_says_what_was_sent(admin_client, superuser, edition) -> None:
    _move_robots(edition)
    seen = admin_client.get(_url(edition)).context["form"]["seen"].value()
    response = admin_client.post(_url(edition), {"seen": seen, "note": "Robots at 14:30"}, follow=True)
    version = AgendaVersion.objects.get(edition=edition, number=2)
    assert (version.note, version.published_by, len(version.changelog)) == ("Robots at 14:30", superuser, 1)
    # The organiser admin speaks Chinese by default.
    assert [str(m) for m in response.context["messages"]] == [
        "已发布第 2 版，共 1 处变更：已为参会者和演讲嘉宾排入 1 条通知，0 次 webhook 推送。"
    ]
    assert OutboxMessage.objects.count() == 1


def test_a_change_made_while_the_preview_was_open_is_shown_before_publishing(admin_client, edition) -> None:
    seen = admin_client.get(_url(edition)).context["form"]["seen"].value()
    _move_robots(edition)  # someone moves a session meanwhile
    response = admin_client.post(_url(edition), {"seen": seen, "note": "kept"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "The agenda changed while you were reading this page." in response.content.decode()
    assert response.context["form"]["note"].value() == "kept"
    assert AgendaVersion.objects.filter(edition=edition).count() == 1


def test_a_note_too_long_is_a_field_error(admin_client, edition) -> None:
    seen = admin_client.get(_url(edition)).context["form"]["seen"].value()
    response = admin_client.post(_url(edition), {"seen": seen, "note": "x" * 301}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors["note"] == ["Ensure this value has at most 300 characters (it has 301)."]
    assert AgendaVersion.objects.filter(edition=edition).count() == 1


def test_the_list_action_over_several_editions_links_each_preview(admin_client, edition) -> None:
    other = EditionFactory()
    response = admin_client.post(
        reverse("admin:forums_edition_changelist"),
        {"action": "publish_agenda_action", "_selected_action": [edition.pk, other.pk]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Each edition is published from its own preview:")
    assert f'href="{_url(edition)}"' in message
    assert f'href="{_url(other)}"' in message
    assert AgendaVersion.objects.count() == 1


def test_the_edition_page_counts_unpublished_changes_and_links_the_timetable_and_preview(admin_client, edition) -> None:
    url = reverse("admin:forums_edition_change", args=[edition.pk])
    html = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No unpublished changes: version 1 is live." in html
    _move_robots(edition)
    html = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 unpublished change since version 1." in html
    assert f'href="{_url(edition)}"' in html
    assert f'href="{reverse("admin:forums_edition_timetable", args=[edition.pk])}"' in html


def _agenda_status(admin_client, edition) -> str:
    html = admin_client.get(reverse("admin:forums_edition_change", args=[edition.pk]), HTTP_ACCEPT_LANGUAGE="en").text
    return html.split('<span class="unpublished-changes">', 1)[1].split("</span>", 1)[0]


def _publish_through_the_preview(admin_client, edition) -> None:
    seen = admin_client.get(_url(edition)).context["form"]["seen"].value()
    assert admin_client.post(_url(edition), {"seen": seen, "note": ""}).status_code == 302


def test_the_edition_pages_count_follows_each_change_and_each_publication(admin_client) -> None:
    edition = EditionFactory()
    SessionFactory(edition=edition, title_en="Robots")
    other = SessionFactory(edition=edition)
    assert _agenda_status(admin_client, edition) == "Not published yet: 2 unpublished changes."
    _publish_through_the_preview(admin_client, edition)
    assert _agenda_status(admin_client, edition) == "No unpublished changes: version 1 is live."

    _move_robots(edition)
    assert _agenda_status(admin_client, edition) == "1 unpublished change since version 1."
    Session.objects.filter(pk=other.pk).update(title_en="Renamed")
    SessionSpeakerFactory(session=other)
    # The same count the preview would record.
    assert _agenda_status(admin_client, edition) == "3 unpublished changes since version 1."
    assert "3 changes to be recorded" in admin_client.get(_url(edition), HTTP_ACCEPT_LANGUAGE="en").text
    _publish_through_the_preview(admin_client, edition)
    assert _agenda_status(admin_client, edition) == "No unpublished changes: version 2 is live."


# The session, the user; the edition and what its form lists (organisations, sub-forums and their
# hosts, forums, venues, rooms); the latest version; the live agenda's outline (sessions, speaker
# roles, rooms, speakers); the published snapshot it is compared with. A full snapshot of the live
# agenda would take two more.
EDITION_PAGE_QUERIES = 15


@pytest.mark.parametrize("sessions", [1, 30])
def test_the_edition_pages_count_takes_the_same_queries_at_any_size(
    admin_client, django_assert_num_queries, sessions
) -> None:
    edition = EditionFactory()
    for _ in range(sessions):
        SessionSpeakerFactory(session=SessionFactory(edition=edition, sub_forum=SubForumFactory(edition=edition)))
    publish_and_notify(edition=edition)
    Session.objects.filter(edition=edition).update(title_en="Renamed")
    url = reverse("admin:forums_edition_change", args=[edition.pk])
    admin_client.get(url)
    with django_assert_num_queries(EDITION_PAGE_QUERIES):
        response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    expected = "1 unpublished change" if sessions == 1 else f"{sessions} unpublished changes"
    assert f"{expected} since version 1." in response.text
