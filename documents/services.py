"""Issuing, regenerating and revoking documents. Each is one transaction.

A letter goes only to a speaker on the edition's programme
(``selectors.is_letter_recipient``); its number is taken in the transaction that
stores its PDFs (``numbering.next_number``), so a failed printing leaves no
number behind. A document is never changed after it is issued, only revoked;
regenerating issues a new number and revokes the old one, naming the new.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from audit.enums import Verb
from config.languages import LANGUAGE_CODES
from documents.enums import DocumentKind
from documents.letters import letter_context
from documents.models import DocumentFile, IssuedDocument, VisaRequest
from documents.numbering import next_number
from documents.pdf.render import render_pdf
from documents.selectors import is_letter_recipient, speaker_roles, template_for, valid_documents
from forums.models import Edition
from sessions.models import Speaker

LETTER_TEMPLATE = "documents/pdf/letter.html"
LETTER_STYLES = ("letter.css",)


def check_recipient(*, edition: Edition, speaker: Speaker) -> None:
    """A letter is issued only to a speaker with a part in a session of the edition still on the programme."""
    if not is_letter_recipient(edition=edition, speaker=speaker):
        raise ValidationError(
            _("%(speaker)s has no session in %(edition)s, so no letter can be issued."),
            code="not_a_speaker",
            params={"speaker": speaker, "edition": edition},
        )


def _names(speaker: Speaker) -> dict[str, str]:
    return {code: getattr(speaker, f"name_{code.replace('-', '_')}", "") or speaker.name for code in LANGUAGE_CODES}


def _print(document: IssuedDocument) -> None:
    template = template_for(edition=document.edition, kind=document.kind)
    roles = speaker_roles(edition=document.edition, speaker=document.speaker)
    for language in LANGUAGE_CODES:
        context = letter_context(document=document, template=template, roles=roles, language=language)
        pdf = render_pdf(LETTER_TEMPLATE, context, language=language, stylesheets=LETTER_STYLES)
        DocumentFile.objects.create(
            document=document, language=language, content=pdf, sha256=hashlib.sha256(pdf).hexdigest()
        )


@transaction.atomic
def issue_document(
    *,
    edition: Edition,
    speaker: Speaker,
    kind: str,
    issued_by: Any = None,
    visa_request: VisaRequest | None = None,
    replaces: IssuedDocument | None = None,
) -> IssuedDocument:
    """A new numbered document with its PDF in every language of the site."""
    check_recipient(edition=edition, speaker=speaker)
    if kind == DocumentKind.VISA and visa_request is None:
        raise ValidationError(_("A visa letter needs the speaker's visa request."), code="no_visa_request")
    now = timezone.now()
    document = IssuedDocument.objects.create(
        number=next_number(edition=edition, year=timezone.localtime(now, edition.tz).year),
        kind=kind,
        edition=edition,
        speaker=speaker,
        visa_request=visa_request,
        recipient_names=_names(speaker),
        issued_by=issued_by if getattr(issued_by, "pk", None) else None,
        replaces=replaces,
    )
    _print(document)
    audit.record(
        actor=issued_by,
        verb=Verb.ISSUED,
        obj=document,
        detail={"number": document.number, "kind": kind, "replaces": replaces.number if replaces else None},
    )
    return document


def issue_invitation_letters(
    *, edition: Edition, speakers: list[Speaker], issued_by: Any = None
) -> tuple[list[IssuedDocument], list[Speaker]]:
    """An invitation letter for each speaker who has no valid one for the edition yet: (issued, already had one)."""
    issued, skipped = [], []
    for speaker in dict.fromkeys(speakers):
        if valid_documents(edition=edition, speaker=speaker).exists():
            skipped.append(speaker)
            continue
        issued.append(
            issue_document(edition=edition, speaker=speaker, kind=DocumentKind.INVITATION, issued_by=issued_by)
        )
    return issued, skipped


def issue_visa_letter(*, visa_request: VisaRequest, issued_by: Any = None) -> IssuedDocument:
    """A visa invitation letter for the request; an earlier valid one for the same request is revoked as replaced."""
    with transaction.atomic():
        earlier = (
            IssuedDocument.objects.select_for_update()
            .filter(visa_request=visa_request, revoked_at__isnull=True)
            .first()
        )
        if earlier is not None:
            return regenerate_document(document=earlier, issued_by=issued_by)
        return issue_document(
            edition=visa_request.edition,
            speaker=visa_request.speaker,
            kind=DocumentKind.VISA,
            issued_by=issued_by,
            visa_request=visa_request,
        )


@transaction.atomic
def revoke_document(*, document: IssuedDocument, revoked_by: Any = None, reason: str = "") -> IssuedDocument:
    """Mark the document revoked (once: a revoked document keeps its first revocation)."""
    document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if document.revoked_at is None:
        document.revoked_at = timezone.now()
        document.revoked_by = revoked_by if getattr(revoked_by, "pk", None) else None
        document.revoke_reason = reason[:300]
        document.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        audit.record(
            actor=revoked_by,
            verb=Verb.REVOKED,
            obj=document,
            changes={"revoked_at": (None, document.revoked_at)},
            detail={"number": document.number, "reason": document.revoke_reason},
        )
    return document


@transaction.atomic
def regenerate_document(*, document: IssuedDocument, issued_by: Any = None) -> IssuedDocument:
    """A new document, new number, from today's template and profile; the old one is revoked and names it."""
    document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if document.revoked_at is not None:
        raise ValidationError(
            _("%(number)s is revoked; issue a new letter instead."), code="revoked", params={"number": document.number}
        )
    new = issue_document(
        edition=document.edition,
        speaker=document.speaker,
        kind=document.kind,
        issued_by=issued_by,
        visa_request=document.visa_request,
        replaces=document,
    )
    reason = _("Replaced by %(number)s") % {"number": new.number}
    revoke_document(document=document, revoked_by=issued_by, reason=reason)
    return new
