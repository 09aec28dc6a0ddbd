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


def publish_agenda(*, edition: Edition, user: AbstractBaseUser | None = None, note: str = "") -> AgendaVersion:
    """Freeze the edition's current agenda as the next numbered, immutable version.

    Rules: versions of an edition are numbered 1, 2, … without gaps (concurrent
    publishes are serialised on the edition row); the version carries its
    snapshot, its changelog against the previous version and its exports,
    rendered once. Who is told, and the caches, are the caller's:
    ``notifications.services.publish_and_notify`` is what the admin, the demo
    and every other publisher call.
    """
    with transaction.atomic():
        Edition.objects.select_for_update().filter(pk=edition.pk).values_list("pk", flat=True).get()
        previous = AgendaVersion.objects.filter(edition=edition).order_by("-number").first()
        snapshot = build_agenda_snapshot(edition)
        version = AgendaVersion.objects.create(
            edition=edition,
            number=previous.number + 1 if previous else 1,
            published_by=user if user is not None and user.is_authenticated else None,
            note=note[:300],
            snapshot=snapshot,
            changelog=compute_changelog(previous.snapshot if previous else None, snapshot),
        )
        render_exports(version)
    logger.info("Published %s v%s: %s changes", edition.slug, version.number, len(version.changelog))
    return version
