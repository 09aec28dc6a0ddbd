"""State changes of the agenda: publishing a version."""

from __future__ import annotations

import logging

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from forums.models import Edition
from sessions.changelog import compute_changelog
from sessions.exports import render_exports
from sessions.models import AgendaVersion
from sessions.snapshot import build_agenda_snapshot

logger = logging.getLogger(__name__)

AGENDA_PUBLISHED = "agenda.published"


def publish_agenda(*, edition: Edition, user: AbstractBaseUser | None = None, note: str = "") -> AgendaVersion:
    """Publish the edition's current agenda as the next numbered, immutable version.

    Rules: versions of an edition are numbered 1, 2, … without gaps (concurrent
    publishes are serialised on the edition row); the version carries its
    changelog against the previous one and its exports, rendered once; the change
    notices to the attendees and speakers whose sessions changed (none for the
    first version: nothing changed for anyone) and the ``agenda.published``
    webhook events are written in the same transaction (transactional outbox)
    and only enqueued once it commits.
    """
    from notifications.agenda_changes import queue_change_notices
    from notifications.webhooks import queue_event

    with transaction.atomic():
        Edition.objects.select_for_update().filter(pk=edition.pk).values_list("pk", flat=True).get()
        previous = AgendaVersion.objects.filter(edition=edition).order_by("-number").first()
        snapshot = build_agenda_snapshot(edition)
        changelog = compute_changelog(previous.snapshot if previous else None, snapshot)
        version = AgendaVersion.objects.create(
            edition=edition,
            number=previous.number + 1 if previous else 1,
            published_by=user if user is not None and user.is_authenticated else None,
            note=note[:300],
            snapshot=snapshot,
            changelog=changelog,
        )
        render_exports(version)
        notices = queue_change_notices(version=version) if previous else 0
        queue_event(
            event=AGENDA_PUBLISHED,
            edition=edition,
            event_id=f"agenda.published:{edition.pk}:{version.number}",
            data={
                "edition": {"id": edition.pk, "slug": edition.slug},
                "version": version.number,
                "published_at": version.published_at.isoformat(),
                "note": version.note,
                "changelog": changelog,
            },
        )
        transaction.on_commit(lambda: _refresh_api_cache(edition.pk))
    logger.info("Published %s v%s: %s changes, %s notices", edition.slug, version.number, len(changelog), notices)
    return version


def _refresh_api_cache(edition_id: int) -> None:
    """Let the partner API serve the new version at once (it caches which version is latest)."""
    from partners.api.cache import invalidate_edition

    try:
        invalidate_edition(edition_id)
    except Exception:
        # The version is committed; a stale pointer expires on its own within minutes.
        logger.warning("Could not refresh the API cache for edition %s", edition_id, exc_info=True)
