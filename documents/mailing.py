"""E-mailing letters to their speakers: the PDF attached, in the speaker's language, through
the outbox, recorded in the audit trail.

Rules, each here once:

- only a valid (not revoked) letter is sent, and only to a speaker with an e-mail address;
- the PDF is the one issued in the speaker's language (their profile's, else that of their
  invitation — to this edition first — else the site's),
  and the e-mail is in both languages, theirs first (``speakers.emails``);
- sending a letter again sends it again (an organiser's explicit resend): each sending has
  its own key, so a retry of the same sending never delivers twice;
- for a whole edition (or a host's part of it), each accepted speaker's valid invitation
  letter that was never e-mailed goes once; speakers without a letter or an address are
  named, not skipped silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.enums import Verb
from config.languages import normalise_language
from documents.enums import KIND_LETTER, DocumentKind
from documents.models import DocumentFile, IssuedDocument
from documents.verification import verify_url
from forums.models import Edition
from outbox.services import attachment
from sessions.models import Session, Speaker
from speakers import emails
from speakers.selectors import accepted_speakers, invitation_language, speaker_languages


def _language(speaker: Speaker, edition: Edition) -> str:
    chosen = speaker_languages([speaker.pk]).get(speaker.pk)
    if not chosen:
        chosen = invitation_language(speaker_id=speaker.pk, edition_id=edition.pk)
    return normalise_language(chosen) or settings.LANGUAGE_CODE


def _pdf(document: IssuedDocument, language: str) -> DocumentFile:
    """The PDF in ``language``; a letter issued before that language existed is sent in the site's."""
    files = {f.language: f for f in DocumentFile.objects.filter(document=document)}
    found = files.get(language) or files.get(settings.LANGUAGE_CODE) or next(iter(files.values()), None)
    if found is None:
        raise ValidationError(_("%(number)s has no PDF to send."), code="no_pdf", params={"number": document.number})
    return found


def check_mailable(document: IssuedDocument) -> None:
    """Why this letter cannot be e-mailed (a ValidationError), or nothing."""
    if document.revoked_at is not None:
        raise ValidationError(
            _("%(number)s is revoked, so it is not sent."), code="revoked", params={"number": document.number}
        )
    if not document.speaker.email:
        raise ValidationError(
            _("%(speaker)s has no e-mail address, so %(number)s is not sent."),
            code="no_email",
            params={"speaker": document.speaker, "number": document.number},
        )


def mail_letter(*, document: IssuedDocument, actor: Any = None) -> IssuedDocument:
    """Queue the letter's PDF to its speaker in their language; one transaction, one audit entry."""
    with transaction.atomic():
        document = (
            IssuedDocument.objects.select_for_update(of=("self",))
            .select_related("edition", "speaker")
            .get(pk=document.pk)
        )
        check_mailable(document)
        speaker, edition = document.speaker, document.edition
        language = _language(speaker, edition)
        pdf = _pdf(document, language)
        filename = f"{document.number}-{pdf.language}.pdf"
        names = document.recipient_names or {}

        def context_for(code: str) -> dict[str, Any]:
            return {
                "name": names.get(code) or speaker.name,
                "edition": edition.title,
                "number": document.number,
                "filename": filename,
                "verify_url": verify_url(document.public_id),
            }

        document.mail_count += 1
        document.mailed_at = timezone.now()
        emails.queue(
            name="letter",
            folder="documents/email",
            kind=KIND_LETTER,
            to=speaker.email,
            language=language,
            context_for=context_for,
            dedupe_key=f"document:{document.public_id.hex}:mail:{document.mail_count}",
            related=document,
            edition_id=edition.pk,
            attachments=[attachment(filename, bytes(pdf.content), "application/pdf")],
        )
        document.save(update_fields=["mail_count", "mailed_at"])
        audit.record(
            actor=actor,
            verb=Verb.MAIL_SENT,
            obj=document,
            detail={"number": document.number, "to": speaker.email, "language": pdf.language, "file": filename},
        )
    return document


@dataclass
class EditionMailing:
    """Who gets their invitation letter by e-mail in an edition (or a host's part of it), and who cannot."""

    to_send: list[IssuedDocument] = field(default_factory=list)
    already_sent: list[IssuedDocument] = field(default_factory=list)
    without_letter: list[Speaker] = field(default_factory=list)
    without_email: list[Speaker] = field(default_factory=list)


def plan_edition_mailing(*, edition: Edition, sessions: QuerySet[Session] | None = None) -> EditionMailing:
    """The edition's accepted speakers (those of ``sessions`` only, for a host) sorted by what sending would do.

    Three queries whatever the number of speakers.
    """
    speakers = accepted_speakers(edition)
    if sessions is not None:
        speakers = speakers.filter(roles__session__in=sessions)
    people = list(speakers)
    letters: dict[int, IssuedDocument] = {}
    for document in (
        IssuedDocument.objects.filter(
            edition=edition,
            kind=DocumentKind.INVITATION,
            revoked_at__isnull=True,
            speaker_id__in=[s.pk for s in people],
        )
        .select_related("speaker", "edition")
        .order_by("issued_at", "pk")
    ):
        letters[document.speaker_id] = document  # the latest valid letter
    plan = EditionMailing()
    for speaker in people:
        letter = letters.get(speaker.pk)
        if letter is None:
            plan.without_letter.append(speaker)
        elif not speaker.email:
            plan.without_email.append(speaker)
        elif letter.mail_count:
            plan.already_sent.append(letter)
        else:
            plan.to_send.append(letter)
    return plan


def mail_letters(*, documents: Iterable[IssuedDocument], actor: Any = None) -> tuple[list, list]:
    """E-mail each letter (one transaction each): (sent, [(letter, why not)])."""
    sent, refused = [], []
    for document in documents:
        try:
            sent.append(mail_letter(document=document, actor=actor))
        except ValidationError as error:
            refused.append((document, " ".join(error.messages)))
    return sent, refused
