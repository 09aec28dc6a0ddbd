"""The e-mails an attendee receives, rendered in their preferred language and
written to the outbox in the same transaction as the change that causes them."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from attendees import tokens
from attendees.models import Registration, SubForumChoice
from notifications.services import queue_email

KINDS = ("confirm", "waitlisted", "promoted", "choice_promoted", "approved", "rejected", "cancelled")


def _queue(registration: Registration, kind: str, dedupe_key: str, **extra: object) -> None:
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "edition": registration.edition,
            "registration_type": registration.registration_type,
            "confirm_url": tokens.absolute(tokens.confirm_path(registration.code)),
            "manage_url": tokens.absolute(tokens.manage_path(registration.code)),
            **extra,
        }
        subject = render_to_string(f"attendees/emails/{kind}_subject.txt", context)
        text = render_to_string(f"attendees/emails/{kind}.txt", context)
    queue_email(
        kind=f"attendees.{kind}",
        to=registration.email,
        subject=" ".join(subject.split()),
        text=text,
        language=registration.language,
        dedupe_key=dedupe_key,
        related=registration,
    )


def send_received(registration: Registration) -> None:
    """Right after registering: confirm your address (and, if so, you are on the waiting list)."""
    kind = "waitlisted" if registration.status == "waitlisted" else "confirm"
    _queue(registration, kind, f"registration:{registration.pk}:{kind}")


def send_promoted(registration: Registration) -> None:
    _queue(registration, "promoted", f"registration:{registration.pk}:promoted")


def send_choice_promoted(choice: SubForumChoice) -> None:
    _queue(
        choice.registration,
        "choice_promoted",
        f"choice:{choice.pk}:promoted",
        sub_forum=choice.sub_forum,
    )


def send_approved(registration: Registration) -> None:
    _queue(registration, "approved", f"registration:{registration.pk}:approved")


def send_rejected(registration: Registration) -> None:
    _queue(registration, "rejected", f"registration:{registration.pk}:rejected")


def send_cancelled(registration: Registration) -> None:
    _queue(registration, "cancelled", f"registration:{registration.pk}:cancelled")
