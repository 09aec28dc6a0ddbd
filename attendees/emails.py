"""The e-mails an attendee receives, rendered in their preferred language and
written to the outbox in the same transaction as the change that causes them."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from attendees import tokens
from attendees.models import Registration, SubForumChoice
from notifications.models import OutboxMessage
from notifications.services import outbox_message, queue_message

KINDS = ("confirm", "waitlisted", "promoted", "choice_promoted", "approved", "rejected", "cancelled")


def _message(registration: Registration, kind: str, dedupe_key: str, **extra: object) -> OutboxMessage:
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
    return outbox_message(
        kind=f"attendees.{kind}",
        to=registration.email,
        subject=" ".join(subject.split()),
        text=text,
        language=registration.language,
        dedupe_key=dedupe_key,
        related=registration,
    )


def _queue(registration: Registration, kind: str, **extra: object) -> None:
    queue_message(_message(registration, kind, _key(registration, kind), **extra))


def _key(registration: Registration, kind: str) -> str:
    # The code, not the pk: a new registration's e-mail is rendered before its row exists.
    return f"registration:{registration.code}:{kind}"


def received_message(registration: Registration) -> OutboxMessage:
    """Right after registering: confirm your address (and, if so, you are on the waiting list).

    Not yet queued; ``send_received`` queues it, the PostgreSQL registration path
    writes it in the same statement as the registration (attendees.registration_sql).
    """
    kind = "waitlisted" if registration.status == "waitlisted" else "confirm"
    return _message(registration, kind, _key(registration, kind))


def send_received(registration: Registration) -> None:
    queue_message(received_message(registration))


def send_promoted(registration: Registration) -> None:
    _queue(registration, "promoted")


def send_choice_promoted(choice: SubForumChoice) -> None:
    registration = choice.registration
    message = _message(registration, "choice_promoted", f"choice:{choice.pk}:promoted", sub_forum=choice.sub_forum)
    queue_message(message)


def send_approved(registration: Registration) -> None:
    _queue(registration, "approved")


def send_rejected(registration: Registration) -> None:
    _queue(registration, "rejected")


def send_cancelled(registration: Registration) -> None:
    _queue(registration, "cancelled")
