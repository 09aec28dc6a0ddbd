"""Reminder e-mails: which rules are due, who gets what, rendered in each
attendee's language with an .ics of their own sessions.

The beat task runs ``dispatch_due_reminders`` every minute. It finds due work in
the database (no countdown is parked in the broker), streams the recipients in
chunks and writes one outbox row per attendee and rule, keyed
``reminder:<rule>:<registration>`` so nobody gets the same reminder twice
however often the dispatcher runs.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Exists, Min, OuterRef, Prefetch, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.template import Context, Template, engines
from django.utils import dateformat, timezone, translation

from attendees.enums import ADMITTED_STATUSES, ChoiceStatus, RegistrationStatus
from attendees.models import Registration, SubForumChoice
from config.languages import LANGUAGE_CODES
from forums.models import SubForum, edition_scope
from notifications import links
from notifications.enums import KIND_REMINDER, ReminderAnchor, ReminderAudience
from notifications.models import ReminderRule, ReminderTemplate
from outbox.models import OutboxMessage
from outbox.services import MessageSpec, attachment, queue_messages
from sessions.exports.ical import CalendarWriter
from sessions.selectors import attendee_snapshot
from sessions.snapshot import pick, texts

logger = logging.getLogger(__name__)

DATETIME_FORMATS = {"zh-hans": "Y年n月j日 H:i", "en": "j F Y, H:i"}


@dataclass(frozen=True)
class _Compiled:
    subject: Template
    text: Template
    html: Template | None


def _compile(template: ReminderTemplate) -> _Compiled:
    engine = engines["django"]
    # Subject and text are plain text: no HTML escaping of names like "O'Brien & Co".
    plain = "{% autoescape off %}{}{% endautoescape %}"
    return _Compiled(
        subject=engine.from_string(plain.replace("{}", template.subject)).template,
        text=engine.from_string(plain.replace("{}", template.body_text)).template,
        html=engine.from_string(template.body_html).template if template.body_html.strip() else None,
    )


def dedupe_key(rule: ReminderRule, registration_pk: int) -> str:
    return f"reminder:{rule.pk}:{registration_pk}"


class ReminderRenderer:
    """Renders one rule for many registrations, compiling templates and building
    each distinct .ics once."""

    def __init__(self, rule: ReminderRule) -> None:
        self.rule = rule
        self.edition = rule.edition
        self.tz = self.edition.tz
        self.templates: dict[tuple[str, str], _Compiled] = {
            (t.audience, t.language): _compile(t) for t in rule.templates.all()
        }
        self.sub_forums = {f.pk: f for f in SubForum.objects.filter(edition=self.edition).select_related("room")}
        # Attendees see the published agenda, never the draft being edited.
        self.snapshot = attendee_snapshot(self.edition)
        self._ics: dict[tuple[frozenset[int], str], dict] = {}
        self._writers: dict[str, CalendarWriter] = {}
        self._shared_cache: dict[tuple[int | None, dt.datetime, str], dict[str, Any]] = {}
        self._titles: dict[tuple[int, str], str] = {}
        self._content_type_id = ContentType.objects.get_for_model(Registration).pk
        self._agenda_url = links.agenda_url(self.edition.slug)

    def has_audience(self, audience: str) -> bool:
        return any(key[0] == audience for key in self.templates)

    def audience_for(self, registration: Registration) -> str | None:
        if registration.status == RegistrationStatus.WAITLISTED:
            return ReminderAudience.WAITLISTED
        if registration.status not in ADMITTED_STATUSES:
            return None
        if self.rule.sub_forum_id:
            choice = next((c for c in registration.reminder_choices if c.sub_forum_id == self.rule.sub_forum_id), None)
            if choice is None:
                return None
            if choice.status == ChoiceStatus.WAITLISTED:
                return ReminderAudience.WAITLISTED
        return ReminderAudience.CONFIRMED

    def template_for(self, audience: str, language: str) -> tuple[str, _Compiled] | None:
        for code in (language, *LANGUAGE_CODES):
            if (audience, code) in self.templates:
                return code, self.templates[(audience, code)]
        return None

    def _focus(self, registration: Registration) -> tuple[SubForum | None, dt.datetime]:
        """The sub-forum the reminder is about and the moment it counts down to."""
        chosen = sorted(
            (
                self.sub_forums[c.sub_forum_id]
                for c in registration.reminder_choices
                if c.sub_forum_id in self.sub_forums
            ),
            key=lambda f: f.start,
        )
        if self.rule.sub_forum_id:
            sub_forum = self.sub_forums.get(self.rule.sub_forum_id)
        else:
            sub_forum = chosen[0] if chosen else None
        if self.rule.anchor == ReminderAnchor.SUB_FORUM_START and sub_forum:
            return sub_forum, sub_forum.start
        if self.rule.anchor == ReminderAnchor.ATTENDEE_FIRST and chosen:
            return sub_forum, chosen[0].start
        return sub_forum, self.edition.start

    def _shared(self, sub_forum: SubForum | None, start: dt.datetime, language: str) -> dict[str, Any]:
        """The part of the context that attendees with the same focus share (computed once each)."""
        key = (sub_forum.pk if sub_forum else None, start, language)
        cached = self._shared_cache.get(key)
        if cached is None:
            local = start.astimezone(self.tz)
            with translation.override(language):
                start_time = dateformat.format(local, DATETIME_FORMATS.get(language, DATETIME_FORMATS["en"]))
            venue = self.edition.venue
            cached = {
                "edition": pick(texts(self.edition, "title"), language),
                "edition_theme": pick(texts(self.edition, "theme"), language),
                "sub_forum": pick(texts(sub_forum, "title"), language) if sub_forum else "",
                "start": local,
                "start_time": f"{start_time} ({self.edition.time_zone})",
                "time_zone": self.edition.time_zone,
                "room": pick(texts(sub_forum.room, "name"), language) if sub_forum and sub_forum.room else "",
                "venue": pick(texts(venue, "name"), language) if venue else "",
                "agenda_url": self._agenda_url,
            }
            self._shared_cache[key] = cached
        return cached

    def _title(self, sub_forum_id: int, language: str) -> str:
        key = (sub_forum_id, language)
        if key not in self._titles:
            self._titles[key] = pick(texts(self.sub_forums[sub_forum_id], "title"), language)
        return self._titles[key]

    def context(self, registration: Registration, language: str) -> dict[str, Any]:
        sub_forum, start = self._focus(registration)
        return {
            **self._shared(sub_forum, start, language),
            "attendee_name": registration.name,
            "registration_code": registration.code,
            "sub_forums": [
                self._title(c.sub_forum_id, language)
                for c in registration.reminder_choices
                if c.sub_forum_id in self.sub_forums
            ],
            "ticket_url": links.ticket_url(registration),
            "manage_url": links.manage_url(registration),
        }

    def attachment(self, registration: Registration, language: str) -> dict:
        confirmed = frozenset(
            c.sub_forum_id for c in registration.reminder_choices if c.status == ChoiceStatus.CONFIRMED
        )
        key = (confirmed, language)
        if key not in self._ics:
            if language not in self._writers:
                self._writers[language] = CalendarWriter(self.snapshot, language=language)
            body = self._writers[language].personal_calendar(confirmed).encode()
            self._ics[key] = attachment(f"{self.edition.slug}.ics", body, "text/calendar")
        return self._ics[key]

    def render(self, registration: Registration, *, audience: str | None = None) -> MessageSpec | None:
        audience = audience or self.audience_for(registration)
        if audience is None:
            return None
        found = self.template_for(audience, registration.language)
        if found is None:
            return None  # e.g. no waitlist text: waitlisted attendees get nothing from this rule
        language, compiled = found
        with translation.override(language), timezone.override(self.tz):
            context = Context(self.context(registration, language))
            subject = " ".join(compiled.subject.render(context).split())
            text = compiled.text.render(context)
            html = compiled.html.render(context) if compiled.html else ""
        return MessageSpec(
            kind=KIND_REMINDER,
            to=registration.email,
            subject=subject,
            text=text,
            html=html,
            language=language,
            optional=True,  # stops when the attendee unsubscribes from reminders
            dedupe_key=dedupe_key(self.rule, registration.pk),
            related_type_id=self._content_type_id,
            related_id=str(registration.pk),
            scope=edition_scope(self.edition.pk),
            attachments=[self.attachment(registration, language)],
        )


def _with_choices(queryset: QuerySet[Registration]) -> QuerySet[Registration]:
    return queryset.prefetch_related(
        Prefetch(
            "choices",
            queryset=SubForumChoice.objects.only("pk", "registration_id", "sub_forum_id", "status"),
            to_attr="reminder_choices",
        )
    )


def due_recipients(rule: ReminderRule, *, now: dt.datetime, renderer: ReminderRenderer) -> QuerySet[Registration]:
    """Registrations this rule is due for now and that have not had it yet."""
    statuses = list(ADMITTED_STATUSES)
    if renderer.has_audience(ReminderAudience.WAITLISTED):
        statuses.append(RegistrationStatus.WAITLISTED)
    recipients = Registration.objects.filter(edition_id=rule.edition_id, status__in=statuses)
    if rule.sub_forum_id:
        recipients = recipients.filter(choices__sub_forum_id=rule.sub_forum_id)
    if rule.anchor == ReminderAnchor.ATTENDEE_FIRST:
        recipients = recipients.annotate(
            first_start=Coalesce(Min("choices__sub_forum__start"), Value(rule.edition.start))
        ).filter(first_start__lte=now + rule.offset, first_start__gt=now)
    already = OutboxMessage.objects.filter(
        dedupe_key=Concat(Value(f"reminder:{rule.pk}:"), Cast(OuterRef("pk"), CharField()))
    )
    return _with_choices(recipients.filter(~Exists(already)).order_by("pk"))


def _fixed_anchor(rule: ReminderRule) -> dt.datetime | None:
    if rule.anchor == ReminderAnchor.EDITION_START:
        return rule.edition.start
    if rule.anchor == ReminderAnchor.SUB_FORUM_START:
        return rule.sub_forum.start
    return None


def is_due(rule: ReminderRule, *, now: dt.datetime) -> bool:
    """Fixed anchors: due from ``anchor - offset`` until the anchor itself (a
    reminder after the start is no reminder). Per-attendee anchors are checked per attendee."""
    anchor = _fixed_anchor(rule)
    return anchor is None or anchor - rule.offset <= now < anchor


def dispatch_rule(*, rule: ReminderRule, now: dt.datetime | None = None, chunk_size: int = 500) -> int:
    """Write this rule's due reminders to the outbox; returns how many.

    Each chunk of recipients is committed (and handed to the senders) on its own,
    so sending starts while the rest is still being rendered. Safe to interrupt:
    the next run skips everyone whose ``reminder:<rule>:<registration>`` row exists.
    """
    now = now or timezone.now()
    if not rule.is_active or not is_due(rule, now=now):
        return 0
    renderer = ReminderRenderer(rule)
    if not renderer.templates:
        return 0
    count = 0
    chunk: list[MessageSpec] = []
    for registration in due_recipients(rule, now=now, renderer=renderer).iterator(chunk_size=chunk_size):
        spec = renderer.render(registration)
        if spec is not None:
            chunk.append(spec)
        if len(chunk) >= chunk_size:
            with transaction.atomic():
                count += queue_messages(chunk, chunk_size=chunk_size)
            chunk = []
    if chunk:
        with transaction.atomic():
            count += queue_messages(chunk, chunk_size=chunk_size)
    if count:
        logger.info("Reminder rule %s: %s messages queued", rule.pk, count)
    return count


def dispatch_due_reminders(*, now: dt.datetime | None = None) -> int:
    """Every active rule of an edition not yet over: queue what is due. Safe to run any number of times."""
    now = now or timezone.now()
    rules = (
        ReminderRule.objects.filter(is_active=True, edition__end__gt=now)
        .select_related("edition__venue", "sub_forum")
        .prefetch_related("templates")
    )
    return sum(dispatch_rule(rule=rule, now=now) for rule in rules)


def preview(*, rule: ReminderRule, registration: Registration, audience: str | None = None) -> dict[str, Any] | None:
    """The reminder as ``registration`` would get it (for the admin preview), or None if they would not."""
    registration = _with_choices(Registration.objects.filter(pk=registration.pk)).get()
    spec = ReminderRenderer(rule).render(registration, audience=audience)
    if spec is None:
        return None
    return {
        "subject": spec.subject,
        "text": spec.text,
        "html": spec.html,
        "language": spec.language,
        "attachments": [a["filename"] for a in spec.attachments],
    }
