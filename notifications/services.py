"""Publishing the agenda and telling everyone concerned: the one service every
publisher calls (the admin's preview page and add-version page, the demo
loader), and the preview of what it will do."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from audit import services as audit
from audit.enums import Verb
from forums.models import Edition
from notifications.agenda_changes import NoticeCount, count_change_notices, queue_change_notices
from notifications.enums import WebhookEvent
from notifications.models import WebhookSubscription
from notifications.webhooks import queue_event, subscriptions_for
from screens import reader as screens
from sessions.agenda_reader import refresh_edition
from sessions.models import AgendaVersion
from sessions.selectors import unpublished_changes
from sessions.services import publish_agenda

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Publication:
    version: AgendaVersion
    notices: int  # change notices queued for attendees and speakers
    webhooks: int  # webhook deliveries queued


def _tells_people(version_number: int) -> bool:
    """The first version changes nothing for anyone: no notices; later ones tell who is concerned."""
    return version_number > 1


@dataclass(frozen=True)
class PublicationPreview:
    """What publishing the edition now would record and set off."""

    previous: AgendaVersion | None
    number: int  # of the version it would publish
    changelog: list[dict[str, Any]]
    notices: NoticeCount
    webhooks: list[WebhookSubscription]
    draft: AgendaVersion  # unsaved: the version as it would be recorded (for describing its changes)


def preview_publication(*, edition: Edition) -> PublicationPreview:
    """The changelog ``publish_and_notify`` would record now, who would get a notice and which
    subscriptions would receive the ``agenda.published`` event — computed by the same rules, saving nothing."""
    previous, snapshot, changelog = unpublished_changes(edition)
    number = previous.number + 1 if previous else 1
    draft = AgendaVersion(edition=edition, number=number, snapshot=snapshot, changelog=changelog)
    notices = count_change_notices(version=draft) if _tells_people(number) else NoticeCount(attendees=0, speakers=0)
    webhooks = subscriptions_for(event=WebhookEvent.AGENDA_PUBLISHED, edition=edition)
    return PublicationPreview(
        previous=previous, number=number, changelog=changelog, notices=notices, webhooks=webhooks, draft=draft
    )


def publish_and_notify(*, edition: Edition, user: AbstractBaseUser | None = None, note: str = "") -> Publication:
    """Publish the edition's agenda and, in the same transaction, tell everyone concerned.

    Rules: the version is frozen by ``sessions.services.publish_agenda``; one
    change notice goes to each attendee and speaker whose sessions changed (none
    for the first version: nothing changed for anyone), in their language; the
    ``agenda.published`` webhook event goes to every matching subscription. All
    of it is written in one transaction (the transactional outbox) and sent only
    once it commits; then the published agenda's cache is refreshed, so the API
    and the public pages serve the new version at once. The publication is
    recorded in the audit trail as ``user``'s (the system's without one).
    """
    with transaction.atomic():
        version = publish_agenda(edition=edition, user=user, note=note)
        notices = queue_change_notices(version=version) if _tells_people(version.number) else 0
        webhooks = queue_event(
            event=WebhookEvent.AGENDA_PUBLISHED,
            edition=edition,
            event_id=f"agenda.published:{edition.pk}:{version.number}",
            data={
                "edition": {"id": edition.pk, "slug": edition.slug},
                "version": version.number,
                "published_at": version.published_at.isoformat(),
                "note": version.note,
                "changelog": version.changelog,
            },
        )
        audit.record(
            actor=user,
            verb=Verb.PUBLISHED,
            obj=edition,
            detail={"version": version.number, "notices": notices},
        )
        transaction.on_commit(lambda: _refresh_cache(edition.pk))
    logger.info("Published %s v%s: %s notices, %s webhooks", edition.slug, version.number, notices, webhooks)
    return Publication(version=version, notices=notices, webhooks=webhooks)


def _refresh_cache(edition_id: int) -> None:
    try:
        refresh_edition(edition_id)
        screens.warm(edition_id)  # the venue screens' programme of the new version
    except Exception:
        # The version is committed; a stale pointer expires on its own within minutes.
        logger.warning("Could not refresh the agenda cache of edition %s", edition_id, exc_info=True)
