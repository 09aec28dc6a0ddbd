"""The e-mails an attendee receives, in their preferred language, written to the
outbox in the same transaction as the change that causes them. The first one
(confirm your address / you are on the waiting list) is written by the sender
just before sending (``render_received``); the others are written at once."""

from __future__ import annotations

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import translation

from attendees import tokens
from attendees.models import Registration, SubForumChoice
from forums.models import edition_scope
from outbox.models import OutboxMessage
from outbox.services import message_id_for, new_message, queue_message

CHOICE_ORDER = ("sub_forum__start", "sub_forum__order")  # as the e-mails list a registration's sub-forums
KINDS = ("confirm", "waitlisted", "promoted", "choice_promoted", "approved", "rejected", "cancelled")
# The two kinds the sender writes (received_message).
RECEIVED_CONFIRM, RECEIVED_WAITLISTED = "confirm", "waitlisted"


def render(registration: Registration, kind: str, **extra: object) -> tuple[str, str]:
    """Subject and text of one of KINDS, in the attendee's language."""
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
    return " ".join(subject.split()), text


def _message(registration: Registration, kind: str, dedupe_key: str, **extra: object) -> OutboxMessage:
    subject, text = render(registration, kind, **extra)
    return new_message(
        kind=f"attendees.{kind}",
        to=registration.email,
        subject=subject,
        text=text,
        language=registration.language,
        dedupe_key=dedupe_key,
        related=registration,
        scope=edition_scope(registration.edition_id),
    )


def _queue(registration: Registration, kind: str, **extra: object) -> None:
    queue_message(_message(registration, kind, _key(registration, kind), **extra))


def _key(registration: Registration, kind: str) -> str:
    # The code, not the pk: a new registration's e-mail is rendered before its row exists.
    return f"registration:{registration.code}:{kind}"


def received_message(registration: Registration, *, waitlisted: bool | None = None) -> OutboxMessage:
    """Right after registering: confirm your address (and, if so, you are on the waiting list).

    Not yet saved, and written by the sender (``render_received``): the
    registration burst leaves the template work to the worker. ``send_received``
    queues it; on PostgreSQL the registration's own statement writes it
    (attendees.registration_sql, which asks for both kinds with ``waitlisted``).
    """
    if waitlisted is None:
        waitlisted = registration.status == "waitlisted"
    identity = received_message_identity(registration, waitlisted=waitlisted)
    return new_message(
        kind=identity["kind"],
        to=registration.email,
        language=registration.language,
        dedupe_key=identity["dedupe_key"],
        related=registration,
        scope=edition_scope(registration.edition_id),
        render_on_send=True,
    )


def received_message_identity(registration: Registration, *, waitlisted: bool) -> dict[str, str]:
    """The kind, ``dedupe_key`` and Message-ID of ``received_message``: all that differs between its two kinds."""
    kind = RECEIVED_WAITLISTED if waitlisted else RECEIVED_CONFIRM
    dedupe_key = _key(registration, kind)
    return {"kind": f"attendees.{kind}", "dedupe_key": dedupe_key, "message_id": message_id_for(dedupe_key)}


def render_received(messages: list[OutboxMessage]) -> dict[int, str]:
    """The ``outbox.renderers`` renderer of ``received_message`` rows."""
    ids = {int(m.related_id) for m in messages if m.related_id}
    choices = SubForumChoice.objects.select_related("sub_forum").order_by(*CHOICE_ORDER)
    registrations = (
        Registration.objects.select_related("edition", "registration_type")
        .prefetch_related(Prefetch("choices", queryset=choices))
        .in_bulk(ids)
    )
    failures: dict[int, str] = {}
    for message in messages:
        registration = registrations.get(int(message.related_id)) if message.related_id else None
        if registration is None:
            failures[message.pk] = "The registration this e-mail was about no longer exists."
            continue
        kind = message.kind.removeprefix("attendees.")
        message.subject, message.body_text = render(registration, kind, choices=list(registration.choices.all()))
    return failures


def send_received(registration: Registration) -> None:
    queue_message(received_message(registration))


def send_promoted(registration: Registration) -> None:
    """From the waiting list into a place; says which chosen sub-forums now have one too."""
    _queue(registration, "promoted", choices=_choices(registration))


def _choices(registration: Registration) -> list[SubForumChoice]:
    return list(registration.choices.select_related("sub_forum").order_by(*CHOICE_ORDER))


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
