"""What a letter says, in one language: its template's text with the recipient's details filled in.

``letter_context`` is everything ``documents/pdf/letter.html`` prints. Without a
template of their own, forums get the built-in texts below (translated like the
rest of the site), with no letterhead picture or seal.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from documents.enums import DocumentKind
from documents.models import IssuedDocument, LetterTemplate, VisaRequest
from documents.pdf.assets import image_data_uri, qr_data_uri
from documents.placeholders import fill
from documents.verification import verify_url
from sessions.enums import Honour
from sessions.models import SessionSpeaker, Speaker

DEFAULT_TITLES = {
    DocumentKind.INVITATION: gettext_lazy("Letter of Invitation"),
    DocumentKind.VISA: gettext_lazy("Letter of Invitation"),
}
DEFAULT_BODIES = {
    DocumentKind.INVITATION: gettext_lazy(
        "Dear {salutation},\n\n"
        "{edition} will be held in {city} on {dates}. On behalf of the organising committee, it is our honour "
        "to invite you to attend and to take part in the following sessions:\n\n"
        "{sessions}\n\n"
        "The organising committee will contact you about your travel and accommodation. "
        "We look forward to welcoming you."
    ),
    DocumentKind.VISA: gettext_lazy(
        "To the visa office of the Embassy or Consulate of the People's Republic of China:\n\n"
        "The organising committee of {edition} invites {passport_name} (nationality: {nationality}; "
        "date of birth: {birth_date}; passport number: {passport_number}) to come to China to speak at the "
        "forum, held in {city} on {dates}. {passport_name} will stay in China from {arrival} to {departure}; "
        "the organising committee will arrange the programme of the visit.\n\n"
        "We would be grateful if you could grant the visa needed."
    ),
}
DEFAULT_SIGNATORY = gettext_lazy("The organising committee of {edition}")


def format_day(day: dt.date) -> str:
    """A day as letters print it in the active language (“2026年11月30日”, “30 November 2026”)."""
    # Translators: a date format (Django's letters); Chinese letters print “Y年n月j日”.
    return formats.date_format(day, pgettext("letter date", "j F Y"))


def format_days(start: dt.date, end: dt.date) -> str:
    """The days an edition runs: one day, or the first and last joined as the language does."""
    if start == end:
        return format_day(start)
    return _("%(first)s to %(last)s") % {"first": format_day(start), "last": format_day(end)}


def salutation(speaker: Speaker) -> str:
    """How the letter addresses the speaker: “王某院士”, or the name with “先生/女士”; in English the name alone."""
    if speaker.honour == Honour.ACADEMICIAN:
        return pgettext("letter salutation", "Academician %(name)s") % {"name": speaker.name}
    # Translators: the Chinese letter adds “先生/女士” after the name.
    return pgettext("letter salutation", "%(name)s") % {"name": speaker.name}


def session_line(role: SessionSpeaker, tz: Any) -> str:
    session = role.session
    start, end = timezone.localtime(session.start, tz), timezone.localtime(session.end, tz)
    return _("“%(title)s” (%(role)s, %(day)s %(start)s–%(end)s)") % {  # noqa: RUF001 - an en dash between times
        "title": session.title,
        "role": role.get_role_display(),
        "day": format_day(start.date()),
        "start": f"{start:%H:%M}",
        "end": f"{end:%H:%M}",
    }


def placeholder_values(
    *,
    document: IssuedDocument,
    roles: list[SessionSpeaker],
    visa_request: VisaRequest | None,
) -> dict[str, str]:
    """Every placeholder's value in the active language."""
    edition, speaker = document.edition, document.speaker
    tz = edition.tz
    values = {
        "salutation": salutation(speaker),
        "name": speaker.name,
        "honorific": speaker.honorific,
        "position": speaker.position,
        "affiliation": speaker.affiliation,
        "forum": edition.forum.name,
        "edition": edition.title,
        "theme": edition.theme,
        "dates": format_days(timezone.localtime(edition.start, tz).date(), timezone.localtime(edition.end, tz).date()),
        "city": edition.host_city,
        "venue": edition.venue.name if edition.venue else "",
        "sessions": "\n".join(session_line(role, tz) for role in roles),
        "number": document.number,
        "issued_on": format_day(timezone.localtime(document.issued_at, tz).date()),
    }
    if visa_request is not None:
        values |= {
            "passport_name": visa_request.passport_name,
            "passport_number": visa_request.passport_number,
            "nationality": visa_request.nationality,
            "birth_date": format_day(visa_request.birth_date),
            "arrival": format_day(visa_request.arrival),
            "departure": format_day(visa_request.departure),
        }
    return values


def letter_context(
    *,
    document: IssuedDocument,
    template: LetterTemplate | None,
    roles: list[SessionSpeaker],
    language: str,
) -> dict[str, Any]:
    """What the letter prints in ``language``."""
    with translation.override(language):
        values = placeholder_values(document=document, roles=roles, visa_request=document.visa_request)
        title = template.title if template else str(DEFAULT_TITLES[document.kind])
        body = template.body if template else str(DEFAULT_BODIES[document.kind])
        signatory = template.signatory if template else str(DEFAULT_SIGNATORY)
        url = verify_url(document.public_id)
        return {
            "title": title,
            "paragraphs": fill(body, values),
            "signatory": " ".join(line for paragraph in fill(signatory, values) for line in paragraph),
            "issued_on": values["issued_on"],
            "number": document.number,
            "forum": values["forum"],
            "letterhead": image_data_uri(template.letterhead) if template else "",
            "seal": image_data_uri(template.seal) if template else "",
            "qr": qr_data_uri(url),
            "verify_url": url,
        }
