"""The rules a session's time and place keep, written once for every way of
changing them (the session's page, its sub-forum's programme, the speaker
inlines, the timetable grid):

- its sub-forum belongs to its edition;
- it ends after it starts, within its edition's dates and, in a sub-forum,
  within the sub-forum's time;
- its room is not booked by another live session of the edition at an
  overlapping time, nor is any of its speakers on the programme elsewhere in
  the edition then (``sessions.selectors``: touching is not overlapping, and
  cancelled sessions never clash).

Each refusal is a ValidationError naming the field it concerns and, for a clash,
the other session with its time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forums.models import Room
from forums.timespans import format_span
from sessions.models import Session, Speaker
from sessions.selectors import room_conflicts, speaker_conflicts


def describe(sessions: Iterable[Session]) -> str:
    """“Title” (2030-07-06 09:00-09:30); … — how a message names the other sessions."""
    return "; ".join(f"“{s}” ({format_span(s.start, s.end, s.edition.tz)})" for s in sessions)


def room_error(room: Room, clashes: list[Session]) -> ValidationError:
    return ValidationError(
        _("%(room)s is already booked at this time by %(sessions)s."),
        code="room_conflict",
        params={"room": room, "sessions": describe(clashes)},
    )


def speaker_error(speaker: Speaker, clashes: list[Session]) -> ValidationError:
    return ValidationError(
        _("%(speaker)s is already on the programme at this time in %(sessions)s."),
        code="speaker_conflict",
        params={"speaker": speaker, "sessions": describe(clashes)},
    )


def has_span(start: Any, end: Any) -> bool:
    return isinstance(start, dt.datetime) and isinstance(end, dt.datetime) and start < end


def is_live_slot(edition_id: int | None, start: Any, end: Any, is_cancelled: bool) -> bool:
    """Whether a session has what a clash check needs: an edition, a valid time span, not cancelled."""
    return bool(edition_id) and has_span(start, end) and not is_cancelled


def speaker_clashes(session: Session, speaker_ids: set[int]) -> dict[int, list[Session]]:
    """The other live sessions each speaker is booked in while ``session`` runs (one query)."""
    if not speaker_ids or not is_live_slot(session.edition_id, session.start, session.end, session.is_cancelled):
        return {}
    found: dict[int, list[Session]] = defaultdict(list)
    for role in speaker_conflicts(
        edition_id=session.edition_id,
        speaker_ids=speaker_ids,
        start=session.start,
        end=session.end,
        exclude_session_id=session.pk,
    ).select_related("session__edition"):
        if role.session not in found[role.speaker_id]:
            found[role.speaker_id].append(role.session)
    return found


def room_clashes(session: Session) -> list[Session]:
    """The other live sessions of the edition in the session's room while it runs (one query; none without a room)."""
    if session.room_id is None or not is_live_slot(
        session.edition_id, session.start, session.end, session.is_cancelled
    ):
        return []
    return list(
        room_conflicts(
            edition_id=session.edition_id,
            room_id=session.room_id,
            start=session.start,
            end=session.end,
            exclude_session_id=session.pk,
        ).select_related("edition")
    )


def span_errors(session: Session) -> dict[str, list[ValidationError]]:
    """Where the session's own place breaks a rule: its sub-forum's edition, its times against the
    edition's and the sub-forum's (``session.edition`` and ``session.sub_forum`` as they will be saved)."""
    errors: dict[str, list[ValidationError]] = defaultdict(list)
    sub_forum = session.sub_forum
    if sub_forum is not None and sub_forum.edition_id != session.edition_id:
        errors["sub_forum"].append(
            ValidationError(_("This sub-forum belongs to another edition."), code="sub_forum_edition")
        )
        sub_forum = None
    start, end = session.start, session.end
    if not session.edition_id or not isinstance(start, dt.datetime) or not isinstance(end, dt.datetime):
        return errors
    if end <= start:
        errors["end"].append(ValidationError(_("A session must end after it starts."), code="end_before_start"))
        return errors
    edition = session.edition
    if start < edition.start or end > edition.end:
        errors["start"].append(
            ValidationError(
                _("The edition runs %(span)s; its sessions must lie within it."),
                code="outside_edition",
                params={"span": format_span(edition.start, edition.end, edition.tz)},
            )
        )
    elif sub_forum is not None and (start < sub_forum.start or end > sub_forum.end):
        errors["start"].append(
            ValidationError(
                _("%(sub_forum)s runs %(span)s; its sessions must lie within it."),
                code="outside_sub_forum",
                params={"sub_forum": sub_forum, "span": format_span(sub_forum.start, sub_forum.end, edition.tz)},
            )
        )
    return errors


def slot_errors(session: Session, *, speaker_ids: set[int] | None = None) -> dict[str, list[ValidationError]]:
    """Every rule ``session`` breaks where it would be saved, by field (``"speakers"`` for
    people); ``speaker_ids`` are its speakers (None: not checked here)."""
    errors = span_errors(session)
    if errors:
        return errors  # no clash check on a place that is wrong anyway
    clashes = room_clashes(session)
    if clashes:
        errors["room"].append(room_error(session.room, clashes))
    if speaker_ids:
        by_speaker = speaker_clashes(session, speaker_ids)
        speakers = Speaker.objects.in_bulk(list(by_speaker)) if by_speaker else {}
        for speaker_id, sessions in sorted(by_speaker.items()):
            errors["speakers"].append(speaker_error(speakers[speaker_id], sessions))
    return errors


def check_slot(session: Session, *, speaker_ids: set[int] | None = None) -> None:
    """Raise a ValidationError by field when ``session`` breaks a rule where it would be saved."""
    errors = slot_errors(session, speaker_ids=speaker_ids)
    if errors:
        raise ValidationError(dict(errors))
