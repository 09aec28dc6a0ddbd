"""Read queries over the agenda: the published versions, and double-booked rooms and speakers.

Two sessions overlap when each starts before the other ends; sessions that only
touch (one ends at 10:00, the next starts at 10:00) do not. Cancelled sessions
never clash. Checks stay within one edition: that is the organiser's agenda, and
looking further would name other forums' sessions to people who may not see them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from forums.models import Edition, Room
from forums.selectors import PUBLIC_STATUSES
from sessions.changelog import compute_changelog
from sessions.models import AgendaVersion, Session, SessionSpeaker, Speaker
from sessions.snapshot import agenda_outline, build_agenda_snapshot
from sessions.speaker_profiles import public_speakers


def latest_version(edition: Edition) -> AgendaVersion | None:
    """The edition's latest published version, or None before the first publication.

    Attendees are shown this, never the draft being edited. Its snapshot (megabytes
    for a large agenda) is not loaded: read it with ``attendee_snapshot``.
    """
    return AgendaVersion.objects.filter(edition=edition).defer("snapshot").order_by("-number").first()


def attendee_snapshot(edition: Edition) -> dict[str, Any]:
    """The agenda attendees are shown (tickets, reminders): the latest published
    version, or the live agenda until the first publication."""
    published = (
        AgendaVersion.objects.filter(edition=edition).order_by("-number").values_list("snapshot", flat=True).first()
    )
    return published if published is not None else build_agenda_snapshot(edition)


def _speaking_in(edition: Edition) -> QuerySet[SessionSpeaker]:
    return SessionSpeaker.objects.filter(session__edition=edition, session__is_cancelled=False).values("speaker_id")


def edition_speakers(edition: Edition) -> list[Speaker]:
    """The people with a part in a session of ``edition`` that is not cancelled,
    by name, public columns only (one query)."""
    return list(public_speakers().filter(pk__in=_speaking_in(edition)).order_by("name", "pk"))


def edition_speaker(edition: Edition, slug: str) -> Speaker | None:
    """The speaker ``slug`` if they have a part in a session of ``edition`` that is not cancelled (one query)."""
    return public_speakers().filter(slug=slug, pk__in=_speaking_in(edition)).first()


def speaker_appearances(speaker: Speaker) -> list[SessionSpeaker]:
    """Every part ``speaker`` has in sessions of public editions (not cancelled),
    newest edition first, each edition in programme order; with the session's
    edition, forum, room and sub-forum loaded (one query).

    One person keeps one record across editions, so this is their whole history.
    """
    return list(
        SessionSpeaker.objects.filter(
            speaker=speaker, session__is_cancelled=False, session__edition__status__in=PUBLIC_STATUSES
        )
        .select_related("session__edition__forum", "session__room", "session__sub_forum")
        .order_by("-session__edition__start", "session__edition_id", "session__start", "session_id", "order")
    )


def unpublished_changes(edition: Edition) -> tuple[AgendaVersion | None, dict[str, Any], list[dict[str, Any]]]:
    """(the latest published version, the live agenda's snapshot, the changelog from one to the other):
    what publishing now would record; every session is "added" before the first publication."""
    published = latest_version(edition)
    snapshot = build_agenda_snapshot(edition)
    return published, snapshot, compute_changelog(published.snapshot if published else None, snapshot)


def outlined_changes(edition: Edition) -> tuple[AgendaVersion | None, dict[str, Any], list[dict[str, Any]]]:
    """What ``unpublished_changes`` tells, for pages that show the changes but publish nothing:
    the same changelog, compared against the live agenda's outline (``snapshot.agenda_outline``,
    every value the changelog reads) instead of a full snapshot."""
    published = latest_version(edition)
    outline = agenda_outline(edition)
    return published, outline, compute_changelog(published.snapshot if published else None, outline)


def room_conflicts(
    *,
    edition_id: int,
    room_id: int,
    start: dt.datetime,
    end: dt.datetime,
    exclude_session_id: int | None = None,
) -> QuerySet[Session]:
    """Live sessions of the edition in ``room_id`` overlapping [start, end)."""
    qs = Session.objects.filter(
        edition_id=edition_id, room_id=room_id, is_cancelled=False, start__lt=end, end__gt=start
    ).select_related("room__venue")
    if exclude_session_id is not None:
        qs = qs.exclude(pk=exclude_session_id)
    return qs.order_by("start", "pk")


def speaker_conflicts(
    *,
    edition_id: int,
    speaker_ids: Iterable[int],
    start: dt.datetime,
    end: dt.datetime,
    exclude_session_id: int | None = None,
) -> QuerySet[SessionSpeaker]:
    """Roles of ``speaker_ids`` in live sessions of the edition overlapping [start, end)."""
    qs = SessionSpeaker.objects.filter(
        speaker_id__in=list(speaker_ids),
        session__edition_id=edition_id,
        session__is_cancelled=False,
        session__start__lt=end,
        session__end__gt=start,
    ).select_related("session", "speaker")
    if exclude_session_id is not None:
        qs = qs.exclude(session_id=exclude_session_id)
    return qs.order_by("session__start", "session_id", "speaker_id")


@dataclass(frozen=True)
class Conflict:
    """Two live sessions of one edition that need the same room or the same person at once."""

    kind: str  # "room" or "speaker"
    resource: Room | Speaker
    first: Session
    second: Session


Pair = tuple[int, int, int]  # (room or speaker id, earlier session id, later session id)


def _overlaps(slots: Iterable[tuple[int, dt.datetime, dt.datetime, int]]) -> list[Pair]:
    """Sweep each resource's slots in start order, pairing every slot with those still running.

    O(n log n) plus the pairs found: a self-join in SQL compares every two
    sessions of a room (hundreds of thousands of rows for a large agenda).
    """
    pairs: list[Pair] = []
    running: list[tuple[dt.datetime, int]] = []
    current = None
    for key, start, end, session_id in sorted(slots, key=lambda slot: (slot[0], slot[1], slot[3])):
        if key != current:
            current, running = key, []
        running = [(other_end, other) for other_end, other in running if other_end > start]
        pairs.extend((key, other, session_id) for _end, other in running if other != session_id)
        running.append((end, session_id))
    return pairs


def _live_slots(edition_ids: Iterable[int] | QuerySet) -> tuple[list[Pair], list[Pair]]:
    """Room and speaker double bookings among the live sessions of ``edition_ids``, in two queries."""
    live = Session.objects.filter(edition_id__in=edition_ids, is_cancelled=False)
    rows = list(live.order_by().values_list("pk", "room_id", "start", "end"))
    if not rows:
        return [], []
    times = {pk: (start, end) for pk, _room_id, start, end in rows}
    room_slots = [(room_id, start, end, pk) for pk, room_id, start, end in rows if room_id is not None]
    roles = (
        SessionSpeaker.objects.filter(session__in=live.values("pk"))
        .order_by()
        .values_list("speaker_id", "session_id")
        .distinct()
    )
    speaker_slots = [(speaker_id, *times[pk], pk) for speaker_id, pk in roles]
    return _overlaps(room_slots), _overlaps(speaker_slots)


def edition_conflicts(*, edition_id: int) -> list[Conflict]:
    """Every double booking of the edition, rooms first, in start order.

    A fixed number of queries whatever the size of the agenda: the live
    sessions' times, rooms and speakers are read once and swept in memory; then
    only the sessions, rooms and speakers involved are loaded, in bulk.
    """
    room_pairs, speaker_pairs = _live_slots([edition_id])
    if not room_pairs and not speaker_pairs:
        return []
    session_ids = {pk for pairs in (room_pairs, speaker_pairs) for _r, a, b in pairs for pk in (a, b)}
    sessions = Session.objects.select_related("room__venue").in_bulk(session_ids)
    speakers = Speaker.objects.in_bulk({speaker_id for speaker_id, _a, _b in speaker_pairs})
    conflicts = [
        Conflict(kind="room", resource=sessions[a].room, first=sessions[a], second=sessions[b])
        for _room_id, a, b in room_pairs
    ] + [
        Conflict(kind="speaker", resource=speakers[speaker_id], first=sessions[a], second=sessions[b])
        for speaker_id, a, b in speaker_pairs
    ]
    conflicts.sort(key=lambda c: (c.kind != "room", c.first.start, c.second.start, c.first.pk, c.second.pk))
    return conflicts


def conflicting_session_ids(*, edition_ids: Iterable[int] | QuerySet) -> set[int]:
    """Ids of the live sessions of these editions that clash with another (two queries)."""
    room_pairs, speaker_pairs = _live_slots(edition_ids)
    return {pk for pairs in (room_pairs, speaker_pairs) for _key, a, b in pairs for pk in (a, b)}
