"""Where documents live, for the audit trail (``audit.places``): a letter where its speaker
speaks in its edition (so a sub-forum host sees its own speakers' letters), a template at
its forum or edition."""

from __future__ import annotations

from collections.abc import Iterable

from audit import places
from audit.places import Place
from documents.models import IssuedDocument, LetterTemplate, VisaRequest
from sessions.models import SessionSpeaker


def _speaker_in_edition(*, forum_id: int, edition_id: int, speaker_id: int) -> Iterable[Place]:
    sub_forums = SessionSpeaker.objects.filter(speaker_id=speaker_id, session__edition_id=edition_id).values_list(
        "session__sub_forum_id", flat=True
    )
    found = [Place(forum_id=forum_id, edition_id=edition_id, sub_forum_id=sub_forum) for sub_forum in sub_forums]
    return found or [Place(forum_id=forum_id, edition_id=edition_id)]


def _of_recipient(row: IssuedDocument | VisaRequest) -> Iterable[Place]:
    return _speaker_in_edition(forum_id=row.edition.forum_id, edition_id=row.edition_id, speaker_id=row.speaker_id)


def register() -> None:
    places.register(IssuedDocument, _of_recipient)
    places.register(VisaRequest, _of_recipient)
    places.register(
        LetterTemplate, lambda template: [Place(forum_id=template.forum_id, edition_id=template.edition_id)]
    )
