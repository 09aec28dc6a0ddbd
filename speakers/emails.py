"""The e-mails speakers (and organisers, about speakers) receive: both languages in one
message, the recipient's own first, written to the outbox in the transaction of the change.

Each is one template rendered once per language (``speakers/email/<name>.txt`` and
``<name>_subject.txt``); the two renderings are joined, so a speaker whose language
we guessed wrong can still read it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import dateformat, translation

from config.languages import LANGUAGE_CODES, normalise_language
from forums.models import Edition, edition_scope
from outbox.models import OutboxMessage
from outbox.services import new_message, queue_message
from sessions.models import Session

DATETIME_FORMATS = {"zh-hans": "Y年n月j日 H:i", "en": "j F Y, H:i"}
SEPARATOR = "\n\n----------------------------------------\n\n"


def languages_for(language: str | None) -> list[str]:
    """The recipient's language first, then the others."""
    first = normalise_language(language) or settings.LANGUAGE_CODE
    return [first, *(code for code in LANGUAGE_CODES if code != first)]


def when(value: Any, edition: Edition, language: str) -> str:
    """A time in the edition's zone, written as that language writes it."""
    local = value.astimezone(edition.tz)
    return dateformat.format(local, DATETIME_FORMATS.get(language, DATETIME_FORMATS["en"]))


def session_facts(session: Session, language: str) -> dict[str, str]:
    """Title, edition, time and room of a session in ``language`` (call inside translation.override)."""
    edition = session.edition
    return {
        "session": session.title,
        "edition": edition.title,
        "when": when(session.start, edition, language),
        "until": dateformat.format(session.end.astimezone(edition.tz), "H:i"),
        "room": session.room.name if session.room_id else "",
        "sub_forum": session.sub_forum.title if session.sub_forum_id else "",
    }


def render_bilingual(
    name: str, language: str | None, context_for: Callable[[str], dict[str, Any]], *, folder: str = "speakers/email"
) -> tuple[str, str, str]:
    """(subject, text, first language) of ``<folder>/<name>``, every language in one message."""
    subjects, texts = [], []
    languages = languages_for(language)
    for code in languages:
        with translation.override(code):
            context = context_for(code)
            subjects.append(" ".join(render_to_string(f"{folder}/{name}_subject.txt", context).split()))
            texts.append(render_to_string(f"{folder}/{name}.txt", context).strip())
    return " / ".join(subjects)[:300], SEPARATOR.join(texts) + "\n", languages[0]


def queue(
    *,
    name: str,
    kind: str,
    to: str,
    language: str | None,
    context_for: Callable[[str], dict[str, Any]],
    dedupe_key: str,
    related: Model,
    edition_id: int,
    optional: bool = False,
    folder: str = "speakers/email",
    attachments: Iterable[dict] = (),
) -> OutboxMessage:
    """Render and queue one bilingual message (sent once the transaction commits; a key queued before is kept).

    ``folder`` holds the templates (another app's e-mails to speakers keep their own);
    ``attachments`` are ``outbox.services.attachment`` entries.
    """
    subject, text, first = render_bilingual(name, language, context_for, folder=folder)
    return queue_message(
        new_message(
            kind=kind,
            to=to,
            subject=subject,
            text=text,
            language=first,
            dedupe_key=dedupe_key,
            related=related,
            scope=edition_scope(edition_id),
            optional=optional,
            attachments=attachments,
        )
    )
