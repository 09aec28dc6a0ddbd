"""Reads of the documents app: who gets a letter, which template, what was issued."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, Q, QuerySet

from documents.enums import DocumentKind
from documents.models import DocumentFile, IssuedDocument, LetterTemplate
from forums.models import Edition
from forums.permissions import ObjectScope
from sessions.models import SessionSpeaker, Speaker
from speakers.selectors import accepted_speakers, is_accepted

# Where a speaker's part in a session lives, for forums.permissions (a host: its sub-forums' speakers).
ROLE_SCOPE = ObjectScope(forum="session__edition__forum", edition="session__edition", sub_forum="session__sub_forum")


def letter_roles() -> QuerySet[SessionSpeaker]:
    """Speakers' parts in sessions that earn an invitation letter, across editions (the admin's list).

    The same rule as ``speakers.selectors.accepted_speakers`` (an accepted invitation is a
    part in a session; a cancelled session gives none), read per part instead of per person.
    """
    return SessionSpeaker.objects.filter(session__is_cancelled=False)


def speaker_roles(*, edition: Edition, speaker: Speaker) -> list[SessionSpeaker]:
    """The accepted speaker's parts in the edition's sessions, in programme order (what the letter lists)."""
    found = accepted_speakers(edition).filter(pk=speaker.pk).first()
    return found.edition_roles if found is not None else []


def is_letter_recipient(*, edition: Edition, speaker: Speaker) -> bool:
    """Letters go to the edition's accepted speakers (``speakers.selectors``)."""
    return is_accepted(speaker=speaker, edition=edition)


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
