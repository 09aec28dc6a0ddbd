"""The preview of a publication says what publish_and_notify then does: the same changelog,
as many notices and the same webhook subscriptions."""

from __future__ import annotations

import datetime as dt

import pytest

from notifications.enums import WebhookEvent
from notifications.services import preview_publication, publish_and_notify
from notifications.webhooks import create_webhook_subscription
from outbox.models import OutboxMessage
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


def test_preview_before_the_first_publication_counts_every_session_as_added_and_tells_nobody() -> None:
    edition = EditionFactory()
    SessionFactory.create_batch(3, edition=edition)
    RegistrationFactory(edition=edition)
    preview = preview_publication(edition=edition)
    assert (preview.previous, preview.number, len(preview.changelog)) == (None, 1, 3)
    assert (preview.notices.attendees, preview.notices.speakers) == (0, 0)


def test_preview_matches_what_publishing_then_records_and_sends(django_capture_on_commit_callbacks) -> None:
    edition = EditionFactory()
    changed, quiet = SubForumFactory(edition=edition), SubForumFactory(edition=edition)
    talk = SessionFactory(edition=edition, sub_forum=changed, start=changed.start)
    SessionSpeakerFactory(session=talk)
    SessionSpeakerFactory(session=talk, speaker__email="")  # no address: no notice
    SessionFactory(edition=edition, sub_forum=quiet, start=quiet.start)
    for sub_forum in (changed, changed, quiet):
        SubForumChoiceFactory(registration=RegistrationFactory(edition=edition), sub_forum=sub_forum)
    subscription = create_webhook_subscription(
        organisation=OrganisationFactory(), url="https://partner.example/hook", events=[WebhookEvent.AGENDA_PUBLISHED]
    )
    publish_and_notify(edition=edition)
    talk.start += dt.timedelta(minutes=30)
    talk.end += dt.timedelta(minutes=30)
    talk.save()

    preview = preview_publication(edition=edition)
    assert (preview.previous.number, preview.number) == (1, 2)
    assert [entry["type"] for entry in preview.changelog] == ["time"]
    assert (preview.notices.attendees, preview.notices.speakers) == (2, 1)
    assert preview.webhooks == [subscription]

    with django_capture_on_commit_callbacks(execute=False):
        publication = publish_and_notify(edition=edition)
    assert publication.version.changelog == preview.changelog
    assert publication.notices == OutboxMessage.objects.count() == 3
    assert publication.webhooks == 1
