"""Reads of the documents app: who gets a letter, which template, what was issued."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, Q, QuerySet

from documents.enums import DocumentKind
from documents.models import DocumentFile, IssuedDocument, LetterTemplate
from forums.models import Edition
from forums.permissions import ObjectScope
from sessions.models import SessionSpeaker, Speaker

# Where a speaker's part in a session lives, for forums.permissions (a host: its sub-forums' speakers).
ROLE_SCOPE = ObjectScope(forum="session__edition__forum", edition="session__edition", sub_forum="session__sub_forum")


def letter_roles() -> QuerySet[SessionSpeaker]:
    """Speakers' parts in sessions that earn an invitation letter: those of sessions still on the programme."""
    return SessionSpeaker.objects.filter(session__is_cancelled=False)


def speaker_roles(*, edition: Edition, speaker: Speaker) -> list[SessionSpeaker]:
    """The speaker's parts in the edition's sessions, in programme order (what the letter lists)."""
    return list(
        letter_roles()
        .filter(session__edition=edition, speaker=speaker)
        .select_related("session__room", "session__sub_forum")
        .order_by("session__start", "order")
    )


def is_letter_recipient(*, edition: Edition, speaker: Speaker) -> bool:
    return letter_roles().filter(session__edition=edition, speaker=speaker).exists()


def template_for(*, edition: Edition, kind: str) -> LetterTemplate | None:
    """The edition's own template of this kind, else the forum's, else None (the built-in text)."""
    candidates = LetterTemplate.objects.filter(Q(edition=edition) | Q(edition__isnull=True, forum_id=edition.forum_id))
    found = sorted(candidates.filter(kind=kind), key=lambda t: t.edition_id is None)
    return found[0] if found else None


def valid_documents(*, edition: Edition, speaker: Speaker, kind: str = DocumentKind.INVITATION) -> QuerySet:
    return IssuedDocument.objects.filter(edition=edition, speaker=speaker, kind=kind, revoked_at__isnull=True)


def document_for_verification(public_id: uuid.UUID) -> IssuedDocument | None:
    return (
        IssuedDocument.objects.select_related("edition__forum", "replaced_by")
        .prefetch_related(Prefetch("files", queryset=DocumentFile.objects.defer("content").order_by("language")))
        .filter(public_id=public_id)
        .first()
    )
