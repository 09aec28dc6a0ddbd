"""State changes of the agenda: moving a session, publishing a version."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from forums.models import Edition, Room
from sessions.changelog import compute_changelog
from sessions.conflicts import check_slot
from sessions.exports import render_exports
from sessions.models import AgendaVersion, Session
from sessions.snapshot import build_agenda_snapshot

logger = logging.getLogger(__name__)


def move_session(*, session: Session, start: dt.datetime, end: dt.datetime, room: Room | None) -> Session:
    """Give a session another time, length or room (the timetable's drag, resize and keys).

    Rules: those of ``sessions.conflicts``, the same as the session's own page —
    within the edition and its sub-forum, its room and speakers not booked
    elsewhere then; a refusal is a ValidationError by field naming the other
    session, and nothing is saved. Moves within an edition are serialised on the
    edition row (as publishing is), so two organisers cannot put two sessions in
    one free slot at once.
    """
    with transaction.atomic():
        Edition.objects.select_for_update().filter(pk=session.edition_id).values_list("pk", flat=True).get()
        moved = Session.objects.select_related("edition", "sub_forum").get(pk=session.pk)
        moved.start, moved.end, moved.room = start, end, room
        speaker_ids = set(moved.speaker_roles.values_list("speaker_id", flat=True))
        check_slot(moved, speaker_ids=speaker_ids)
        moved.save(update_fields=["start", "end", "room", "updated_at"])
    logger.info("Moved session %s to %s-%s in room %s", moved.pk, start, end, room.pk if room else None)
    return moved


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
