"""Read queries over the agenda: double-booked rooms and speakers.

Two sessions overlap when each starts before the other ends; sessions that only
touch (one ends at 10:00, the next starts at 10:00) do not. Cancelled sessions
never clash. Checks stay within one edition: that is the organiser's agenda, and
looking further would name other forums' sessions to people who may not see them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet

from forums.models import Room
from sessions.models import Session, SessionSpeaker, Speaker


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


def edition_conflicts(*, edition_id: int) -> list[Conflict]:
    """Every double booking of the edition, rooms first, in start order.

    A fixed number of queries whatever the size of the agenda: one self-join per
    kind finds the pairs (all conditions in one ``filter()`` so they apply to the
    same joined row; ``pk < other.pk`` reports each pair once), then the sessions,
    rooms and speakers involved are loaded in bulk.
    """
    room_pairs = list(
        Session.objects.filter(
            edition_id=edition_id,
            is_cancelled=False,
            room__isnull=False,
            room__sessions__edition_id=edition_id,
            room__sessions__is_cancelled=False,
            room__sessions__start__lt=F("end"),
            room__sessions__end__gt=F("start"),
            room__sessions__pk__gt=F("pk"),
        )
        .order_by()
        .values_list("room_id", "pk", "room__sessions__pk")
    )
    speaker_pairs = list(
        SessionSpeaker.objects.filter(
            session__edition_id=edition_id,
            session__is_cancelled=False,
            speaker__roles__session__edition_id=edition_id,
            speaker__roles__session__is_cancelled=False,
            speaker__roles__session__start__lt=F("session__end"),
            speaker__roles__session__end__gt=F("session__start"),
            speaker__roles__session_id__gt=F("session_id"),
        )
        .order_by()
        .values_list("speaker_id", "session_id", "speaker__roles__session_id")
        .distinct()
    )
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


def with_conflict_flag(qs: QuerySet[Session]) -> QuerySet[Session]:
    """Annotate ``has_conflict``: whether a live session clashes with another of its edition."""
    overlapping = {
        "edition_id": OuterRef("edition_id"),
        "is_cancelled": False,
        "start__lt": OuterRef("end"),
        "end__gt": OuterRef("start"),
    }
    room_clash = Session.objects.filter(room_id=OuterRef("room_id"), **overlapping).exclude(pk=OuterRef("pk"))
    speaker_clash = SessionSpeaker.objects.filter(
        speaker__roles__session_id=OuterRef("pk"),
        **{f"session__{key}": value for key, value in overlapping.items()},
    ).exclude(session_id=OuterRef("pk"))
    return qs.annotate(
        has_conflict=ExpressionWrapper(
            Q(is_cancelled=False) & (Exists(room_clash) | Exists(speaker_clash)), output_field=BooleanField()
        ),
    )
