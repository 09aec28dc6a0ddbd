"""Mail an organiser writes to an audience: who gets it, how it reads, when it goes.

The audience is every registration of the edition matching all the filters set
on the ``TargetedMail`` (an AND of them); each address gets the message once
(``dedupe_key`` ``mail:<mail>:<address>``), in its registration's language. It
goes through the outbox like reminders — throttled, recorded, suppression list
respected (it is an optional message: an unsubscribed address is skipped) — and
all of it is queued in one transaction, in bulk (``outbox.services.queue_messages``),
so a mail is queued whole or not at all. “Send now” and “Send at this time” both
schedule it; the beat task (and, for now, a task started on commit) queues what is due.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from celery import current_app
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Lower
from django.template import Context, engines
from django.urls import reverse
from django.utils import dateformat, timezone, translation

from attendees import tokens
from attendees.enums import ADMITTED_STATUSES, ChoiceStatus
from attendees.models import Registration, SubForumChoice
from audit import services as audit
from audit.enums import Verb
from config.languages import LANGUAGE_CODES
from forums.models import edition_scope
from notifications import links, template_parts
from notifications.models import TargetedMail
from outbox.enums import Channel
from outbox.models import Suppression
from outbox.services import MessageSpec, normalise_address, queue_messages
from sessions.snapshot import pick, texts

logger = logging.getLogger(__name__)

KIND_TARGETED = "targeted_mail"
QUEUE_TASK = "notifications.queue_due_mails"
DATETIME_FORMATS = {"zh-hans": "Y年n月j日 H:i", "en": "j F Y, H:i"}
_TOKEN = "0TOKEN0"  # noqa: S105 - stands for a signed token in a link reversed once
_PLAIN = "{% autoescape off %}{}{% endautoescape %}"


def audience(mail: TargetedMail) -> QuerySet[Registration]:
    """The registrations matching every filter of ``mail``."""
    registrations = Registration.objects.filter(edition_id=mail.edition_id)
    if mail.sub_forum_id:
        registrations = registrations.filter(
            Exists(
                SubForumChoice.objects.filter(
                    registration_id=OuterRef("pk"), sub_forum_id=mail.sub_forum_id, status=ChoiceStatus.CONFIRMED
                )
            )
        )
    if mail.registration_type_id:
        registrations = registrations.filter(registration_type_id=mail.registration_type_id)
    if mail.status == TargetedMail.ADMITTED:
        registrations = registrations.filter(status__in=ADMITTED_STATUSES)
    elif mail.status:
        registrations = registrations.filter(status=mail.status)
    if mail.checked_in == TargetedMail.CheckedIn.YES:
        registrations = registrations.filter(checked_in_at__isnull=False)
    elif mail.checked_in == TargetedMail.CheckedIn.NO:
        registrations = registrations.filter(checked_in_at__isnull=True)
    if mail.language:
        registrations = registrations.filter(language=mail.language)
    if mail.organisation_contains.strip():
        registrations = registrations.filter(organisation__icontains=mail.organisation_contains.strip())
    return registrations


@dataclass(frozen=True)
class Count:
    recipients: int  # distinct addresses
    suppressed: int  # of which on the suppression list (they will not get it)


def count(mail: TargetedMail) -> Count:
    """How many addresses the mail goes to (each once), and how many of them are suppressed. Two queries."""
    addresses = audience(mail).annotate(address=Lower("email")).values("address").distinct()
    suppressed = Suppression.objects.filter(channel=Channel.EMAIL, address__in=addresses).count()
    return Count(recipients=addresses.count(), suppressed=suppressed)


def dedupe_key(mail_id: int, email: str) -> str:
    digest = hashlib.sha256(normalise_address(email).encode()).hexdigest()[:32]
    return f"mail:{mail_id}:{digest}"


# What differs from one recipient to the next; the rest of a message is the same for all.
RECIPIENT_VALUES = ("attendee_name", "registration_code", "ticket_url", "manage_url")
_LINKS = ("ticket_url", "manage_url")


class _Text:
    """One text (a subject or a body) in one language: cut into parts once
    (``template_parts``), else rendered whole for each recipient."""

    def __init__(self, source: str, *, language: str, tz: dt.tzinfo, shared: dict[str, Any]) -> None:
        self.template = engines["django"].from_string(_PLAIN.replace("{}", source)).template
        self.language, self.tz, self.shared = language, tz, shared
        self.parts = template_parts.cut(source, RECIPIENT_VALUES, self._render)

    def _render(self, values: dict[str, str]) -> str:
        with translation.override(self.language), timezone.override(self.tz):
            return self.template.render(Context({**self.shared, **values}))

    def names(self) -> Collection[str]:
        """The recipient's values this text needs."""
        return RECIPIENT_VALUES if self.parts is None else self.parts.names

    def render(self, values: dict[str, str]) -> str:
        return self._render(values) if self.parts is None else self.parts.fill(values)


class MailRenderer:
    """Renders one mail for many recipients: each language's text rendered once, each
    recipient's own values joined in (``template_parts``). The preview, the test mail and
    the real send all read a message from ``render``."""

    def __init__(self, mail: TargetedMail) -> None:
        self.mail = mail
        self.edition = mail.edition
        self.tz = self.edition.tz
        self.sources = {text.language: (text.subject, text.body_text) for text in mail.texts.all()}
        self._texts: dict[str, tuple[_Text, _Text, bool]] = {}
        self._agenda_url = links.agenda_url(self.edition.slug)
        # Reversed once: each recipient's links differ only by their signed token (one, for both).
        self._ticket = tokens.absolute(reverse("attendees:ticket", kwargs={"token": _TOKEN}))
        self._manage = tokens.absolute(reverse("attendees:manage", kwargs={"token": _TOKEN}))
        self.content_type_id = ContentType.objects.get_for_model(Registration).pk

    def language_for(self, language: str) -> str | None:
        for code in (language, *LANGUAGE_CODES):
            if code in self.sources:
                return code
        return None

    def shared(self, language: str) -> dict[str, Any]:
        """The values every recipient's message in ``language`` shares."""
        sub_forum, venue = self.mail.sub_forum, self.edition.venue
        start = sub_forum.start if sub_forum else self.edition.start
        with translation.override(language):
            when = dateformat.format(start.astimezone(self.tz), DATETIME_FORMATS.get(language, "j F Y, H:i"))
        return {
            "edition": pick(texts(self.edition, "title"), language),
            "sub_forum": pick(texts(sub_forum, "title"), language) if sub_forum else "",
            "room": pick(texts(sub_forum.room, "name"), language) if sub_forum and sub_forum.room else "",
            "venue": pick(texts(venue, "name"), language) if venue else "",
            "start_time": f"{when} ({self.edition.time_zone})",
            "time_zone": self.edition.time_zone,
            "agenda_url": self._agenda_url,
        }

    def recipient_values(self, *, name: str, code: str, with_links: bool = True) -> dict[str, str]:
        """What the message of the attendee ``name`` with the registration ``code`` says of its own
        (their links only ``with_links``: signing their token is most of a message's cost)."""
        values = {"attendee_name": name, "registration_code": code}
        if with_links:
            token = tokens.make_token(code, tokens.MANAGE)
            values["ticket_url"] = self._ticket.replace(_TOKEN, token)
            values["manage_url"] = self._manage.replace(_TOKEN, token)
        return values

    def _language(self, code: str) -> tuple[_Text, _Text, bool]:
        if code not in self._texts:
            shared = self.shared(code)
            subject, body = (_Text(source, language=code, tz=self.tz, shared=shared) for source in self.sources[code])
            needs_links = any(name in _LINKS for text in (subject, body) for name in text.names())
            self._texts[code] = (subject, body, needs_links)
        return self._texts[code]

    def render_for(self, *, name: str, code: str, language: str) -> tuple[str, str, str] | None:
        """(language, subject, text) for the attendee ``name`` with registration ``code``, in
        ``language`` (else a language the mail is written in), or None without a text."""
        chosen = self.language_for(language)
        if chosen is None:
            return None
        subject, body, needs_links = self._language(chosen)
        values = self.recipient_values(name=name, code=code, with_links=needs_links)
        return chosen, " ".join(subject.render(values).split()), body.render(values)

    def render(self, registration: Registration, *, language: str | None = None) -> tuple[str, str, str] | None:
        """(language, subject, text) for ``registration`` (in ``language`` if given), or None without a text."""
        return self.render_for(
            name=registration.name, code=registration.code, language=language or registration.language
        )


def _load(mail_id: int) -> TargetedMail:
    return TargetedMail.objects.select_related("edition__venue", "sub_forum__room").get(pk=mail_id)


def preview(mail: TargetedMail) -> list[dict[str, str]]:
    """The mail as the first recipient (or, with nobody matching yet, a sample one) reads it, in every language."""
    mail = _load(mail.pk)
    renderer = MailRenderer(mail)
    sample = audience(mail).order_by("pk").first() or Registration(
        edition=mail.edition, name="王芳 / Wang Fang", code="SAMPLE0000", email="sample@example.org"
    )
    shown = []
    for text in mail.texts.all():
        rendered = renderer.render(sample, language=text.language)
        if rendered is not None:
            shown.append({"language": rendered[0], "subject": rendered[1], "text": rendered[2]})
    return shown


def send_test(*, mail: TargetedMail, actor: Any) -> int:
    """The mail, in every language it is written in, to ``actor`` alone. Returns how many were queued."""
    address = getattr(actor, "email", "")
    if not address:
        return 0
    specs = [
        MessageSpec(
            kind=KIND_TARGETED,
            to=address,
            subject=f"[TEST] {shown['subject']}",
            text=shown["text"],
            language=shown["language"],
            dedupe_key=f"mail-test:{mail.pk}:{uuid.uuid4().hex}",
            scope=edition_scope(mail.edition_id),
        )
        for shown in preview(mail)
    ]
    with transaction.atomic():
        queued = queue_messages(specs)
        audit.record(actor=actor, verb=Verb.MAIL_TESTED, obj=mail, detail={"recipients": [address]})
    return queued


def schedule(*, mail: TargetedMail, actor: Any, send_at: dt.datetime | None = None) -> TargetedMail:
    """Send ``mail`` at ``send_at`` (now when None): queued by the beat task, or on commit when due now."""
    now = timezone.now()
    with transaction.atomic():
        locked = TargetedMail.objects.select_for_update().get(pk=mail.pk)
        if locked.state == TargetedMail.State.QUEUED:
            return locked
        locked.state = TargetedMail.State.SCHEDULED
        locked.send_at = send_at or now
        locked.sent_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.save(update_fields=["state", "send_at", "sent_by"])
        if locked.send_at <= now:
            transaction.on_commit(_start_queueing)
    return locked


def _start_queueing() -> None:
    # Looked up by name: the tasks module imports this one.
    try:
        current_app.tasks[QUEUE_TASK].delay()
    except Exception:
        # The beat task finds the mail within a minute.
        logger.warning("Could not start %s; the beat task will queue the mail", QUEUE_TASK, exc_info=True)


def _specs(mail: TargetedMail, renderer: MailRenderer) -> Iterator[MessageSpec]:
    seen: set[str] = set()
    scope = edition_scope(mail.edition_id)
    recipients = audience(mail).order_by("pk").values_list("pk", "name", "email", "code", "language")
    for pk, name, email, code, language in recipients.iterator(chunk_size=2000):
        key = dedupe_key(mail.pk, email)
        if key in seen:
            continue
        seen.add(key)
        rendered = renderer.render_for(name=name, code=code, language=language)
        if rendered is None:
            continue
        language, subject, text = rendered
        yield MessageSpec(
            kind=KIND_TARGETED,
            to=email,
            subject=subject,
            text=text,
            language=language,
            optional=True,
            dedupe_key=key,
            related_type_id=renderer.content_type_id,
            related_id=str(pk),
            scope=scope,
        )


def queue_mail(*, mail: TargetedMail, chunk_size: int = 2000) -> int:
    """Write every recipient's message to the outbox, in one transaction; returns how many.

    Rule: once only — a mail already queued is not queued again (its row is
    locked while this runs), and each address gets one message. Recorded in the
    audit trail as sent by whoever scheduled it.
    """
    with transaction.atomic():
        locked = TargetedMail.objects.select_for_update().filter(pk=mail.pk).first()
        if locked is None or locked.state == TargetedMail.State.QUEUED:
            return 0
        locked = _load(mail.pk)
        queued = queue_messages(_specs(locked, MailRenderer(locked)), chunk_size=chunk_size)
        TargetedMail.objects.filter(pk=mail.pk).update(
            state=TargetedMail.State.QUEUED, recipients=queued, queued_at=timezone.now()
        )
        audit.record(
            actor=locked.sent_by,
            verb=Verb.MAIL_SENT,
            obj=locked,
            detail={"recipients": queued, "subject": [t.subject for t in locked.texts.all()]},
        )
    logger.info("Targeted mail %s: %s messages queued", mail.pk, queued)
    return queued


def queue_due_mails(*, now: dt.datetime | None = None) -> int:
    """Queue every scheduled mail whose time has come. Safe to run any number of times."""
    now = now or timezone.now()
    due = TargetedMail.objects.filter(state=TargetedMail.State.SCHEDULED, send_at__lte=now).values_list("pk", flat=True)
    return sum(queue_mail(mail=TargetedMail(pk=pk)) for pk in list(due))
