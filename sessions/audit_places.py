"""Where the agenda's rows live, for the audit trail (``audit.places``).

A speaker belongs to no forum (one record across editions): an entry about them
is placed where they speak.
"""

from __future__ import annotations

from collections.abc import Iterable

from audit import places
from audit.places import Place
from sessions.models import AgendaVersion, Session, SessionSpeaker, Speaker


def _session(session: Session) -> Iterable[Place]:
    return [Place(forum_id=session.edition.forum_id, edition_id=session.edition_id, sub_forum_id=session.sub_forum_id)]


def _speaker(speaker: Speaker) -> Iterable[Place]:
    rows = SessionSpeaker.objects.filter(speaker_id=speaker.pk).values_list(
        "session__edition__forum_id", "session__edition_id", "session__sub_forum_id"
    )
    return [Place(forum_id=forum, edition_id=edition, sub_forum_id=sub_forum) for forum, edition, sub_forum in rows]


def register() -> None:
    places.register(Session, _session)
    places.register(SessionSpeaker, lambda role: _session(role.session))
    places.register(Speaker, _speaker)
    places.register(
        AgendaVersion, lambda version: [Place(forum_id=version.edition.forum_id, edition_id=version.edition_id)]
    )
