"""Links placed in e-mails: the attendee's ticket and self-service pages, and
the public agenda. The signed tokens belong to attendees.tokens."""

from __future__ import annotations

from django.urls import reverse

from attendees import tokens
from attendees.models import Registration


def ticket_url(registration: Registration) -> str:
    token = tokens.make_token(registration.code, tokens.MANAGE)
    return tokens.absolute(reverse("attendees:ticket", kwargs={"token": token}))


def manage_url(registration: Registration) -> str:
    return tokens.absolute(tokens.manage_path(registration.code))


def agenda_url(edition_slug: str) -> str:
    return tokens.absolute(reverse("agenda:agenda", kwargs={"edition_slug": edition_slug}))
