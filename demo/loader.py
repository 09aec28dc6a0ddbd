"""Loading the demo forum (``demo.data``): idempotent, so loading it again changes
nothing. Rows are matched on their natural keys (slugs, room names, a GUID derived
from each session's key, e-mail per edition), written only where they differ, and
many-to-many sets and child rows are replaced, not appended to."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Model, Q
from django.utils import timezone, translation

from attendees.enums import HOLDING_STATUSES, ChoiceStatus, RegistrationStatus
from attendees.models import Registration, RegistrationType, SubForumChoice
from demo.data.attendees import REGISTRATIONS
from demo.data.programme import SESSIONS
from demo.data.speakers import SPEAKERS
from demo.data.structure import EDITIONS, FORUM, LETTER_TEMPLATE, ORGANISATIONS, VENUES
from demo.registration_dates import registration_moments
from documents.enums import DocumentKind
from documents.models import LetterTemplate
from forums.models import Edition, EditionOrganisation, Forum, Organisation, Room, SubForum, Venue
from notifications.services import publish_and_notify
from sessions.models import AgendaVersion, Session, SessionSpeaker, Speaker
from speakers.services import record_consents

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "agora-demo"  # noqa: S105 - the documented demo login, set only when the user is created
ModelT = TypeVar("ModelT", bound=Model)
SESSION_GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "demo.agora.example.org")


def session_guid(edition_slug: str, key: str) -> uuid.UUID:
    """A stable GUID per demo session, so exports and partner sites see the same ids on every load."""
    return uuid.uuid5(SESSION_GUID_NAMESPACE, f"{edition_slug}/{key}")


class DemoLoader:
    """Loads every part of the demo in one transaction; ``load`` returns what it holds."""

    def __init__(self) -> None:
        self.now = timezone.now().replace(second=0, microsecond=0)

    def load(self) -> str:
        # Lookups on translated fields go to the default language's column.
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            self.load_structure()
            self.load_programme()
            self.load_registrations()
            self.recount_places()
            self.publish_agendas()
        edition_count = Edition.objects.filter(slug__in=[e["slug"] for e in EDITIONS]).count()
        return (
            f"Demo loaded: {edition_count} editions, {SubForum.objects.count()} sub-forums, "
            f"{Session.objects.count()} sessions, {Speaker.objects.count()} speakers, "
            f"{Registration.objects.count()} registrations."
        )

    def publish_agendas(self) -> None:
        """Publish each demo agenda once, so the public pages and the API have a version to serve."""
        for edition in self.editions.values():
            if not AgendaVersion.objects.filter(edition=edition).exists():
                publish_and_notify(edition=edition, note="Demo programme")

    # --- forums ------------------------------------------------------------
    def load_structure(self) -> None:
        self.organisations = {}
        for data in ORGANISATIONS:
            fields = dict(data)
            self.organisations[data["slug"]] = upsert(Organisation, slug=fields.pop("slug"), defaults=fields)
        fields = dict(FORUM)
        fields["initiator"] = self.organisations[fields["initiator"]]
        self.forum = upsert(Forum, slug=fields.pop("slug"), defaults=fields)
        upsert(LetterTemplate, forum=self.forum, edition=None, kind=DocumentKind.INVITATION, defaults=LETTER_TEMPLATE)

        self.rooms: dict[tuple[str, str], Room] = {}
        self.venues = {}
        for data in VENUES:
            fields = dict(data)
            rooms = fields.pop("rooms")
            venue = upsert(Venue, slug=fields.pop("slug"), defaults=fields)
            self.venues[venue.slug] = venue
            for room_data in rooms:
                room_fields = dict(room_data)
                room = upsert(Room, venue=venue, name_en=room_fields.pop("name_en"), defaults=room_fields)
                self.rooms[venue.slug, room.name_en] = room

        self.editions: dict[str, Edition] = {}
        self.sub_forums: dict[tuple[str, str], SubForum] = {}
        self.registration_types: dict[tuple[str, str], RegistrationType] = {}
        for data in EDITIONS:
            self.editions[data["slug"]] = self.load_edition(dict(data))

    def load_edition(self, fields: dict[str, Any]) -> Edition:
        tz = zoneinfo.ZoneInfo(fields.get("time_zone", "Asia/Shanghai"))
        roles = fields.pop("organising_roles")
        sub_forums = fields.pop("sub_forums")
        registration_types = fields.pop("registration_types")
        venue_slug = fields.pop("venue")
        fields["venue"] = self.venues[venue_slug]
        for key in ("start", "end", "registration_opens", "registration_closes"):
            if key in fields:
                fields[key] = local_time(fields[key], tz)
        if fields.pop("registration_window_around_now", False):
            # The programme keeps its historical 2022 dates; registration is opened
            # around the day the demo is loaded so that sign-up can be tried.
            today = timezone.localdate(self.now, tz)
            fields["registration_opens"] = dt.datetime.combine(today - dt.timedelta(days=30), dt.time(9), tz)
            fields["registration_closes"] = dt.datetime.combine(today + dt.timedelta(days=90), dt.time(18), tz)
        edition = upsert(
            Edition, slug=fields.pop("slug"), defaults={**fields, "forum": self.forum, "time_zone": tz.key}
        )

        kept = []
        for order, (organisation_slug, role) in enumerate(roles):
            link = upsert(
                EditionOrganisation,
                edition=edition,
                organisation=self.organisations[organisation_slug],
                role=role,
                defaults={"order": order},
            )
            kept.append(link.pk)
        edition.organising_roles.exclude(pk__in=kept).delete()

        for data in sub_forums:
            sub_fields = dict(data)
            hosts = [self.organisations[slug] for slug in sub_fields.pop("hosts")]
            sub_fields["room"] = self.rooms[venue_slug, sub_fields["room"]]
            sub_fields["start"] = local_time(sub_fields["start"], tz)
            sub_fields["end"] = local_time(sub_fields["end"], tz)
            sub_forum = upsert(SubForum, edition=edition, slug=sub_fields.pop("slug"), defaults=sub_fields)
            sub_forum.hosts.set(hosts)
            self.sub_forums[edition.slug, sub_forum.slug] = sub_forum

        for data in registration_types:
            type_fields = dict(data)
            registration_type = upsert(
                RegistrationType, edition=edition, slug=type_fields.pop("slug"), defaults=type_fields
            )
            self.registration_types[edition.slug, registration_type.slug] = registration_type
        return edition

    # --- agenda -------------------------------------------------------------
    def load_programme(self) -> None:
        speakers = {}
        for data in SPEAKERS:
            fields = dict(data)
            speakers[data["slug"]] = upsert(Speaker, slug=fields.pop("slug"), defaults=fields)
            # The demo's fictional speakers agreed to show their biography (recorded once, with its wording).
            record_consents(
                speaker=speakers[data["slug"]], answers={"biography": True, "photo": True}, language="zh-hans"
            )
        for edition_slug, sessions in SESSIONS.items():
            edition = self.editions[edition_slug]
            for data in sessions:
                fields = dict(data)
                roles = fields.pop("speakers", [])
                sub_forum_slug = fields.pop("sub_forum", None)
                fields["sub_forum"] = self.sub_forums[edition_slug, sub_forum_slug] if sub_forum_slug else None
                fields["room"] = self.rooms[edition.venue.slug, fields["room"]]
                fields["start"] = local_time(fields["start"], edition.tz)
                fields["end"] = local_time(fields["end"], edition.tz)
                session = upsert(
                    Session, guid=session_guid(edition_slug, fields.pop("key")), defaults={**fields, "edition": edition}
                )
                kept = []
                for order, (speaker_slug, role) in enumerate(roles):
                    link = upsert(
                        SessionSpeaker,
                        session=session,
                        speaker=speakers[speaker_slug],
                        role=role,
                        defaults={"order": order},
                    )
                    kept.append(link.pk)
                session.speaker_roles.exclude(pk__in=kept).delete()

    # --- attendees ----------------------------------------------------------
    def load_registrations(self) -> None:
        for edition_slug, registrations in REGISTRATIONS.items():
            edition = self.editions[edition_slug]
            # Made over the weeks before the opening, in the order listed (demo.registration_dates).
            moments = registration_moments(edition, len(registrations))
            for data, moment in zip(registrations, moments, strict=True):
                fields = dict(data)
                choices = fields.pop("choices", [])
                waitlisted = fields.pop("waitlisted_choices", [])
                fields["registration_type"] = self.registration_types[edition_slug, fields["registration_type"]]
                fields.setdefault("language", "zh-hans")
                fields.setdefault("country", "中国")
                registration = upsert(
                    Registration,
                    edition=edition,
                    email=fields.pop("email"),
                    defaults=fields,
                    create_defaults={**fields, **status_times(fields["status"], moment, edition, now=self.now)},
                )
                wanted = dict.fromkeys(choices, ChoiceStatus.CONFIRMED)
                wanted |= dict.fromkeys(waitlisted, ChoiceStatus.WAITLISTED)
                kept = []
                for slug, status in wanted.items():
                    choice = upsert(
                        SubForumChoice,
                        registration=registration,
                        sub_forum=self.sub_forums[edition_slug, slug],
                        defaults={"status": status},
                        create_defaults={
                            "status": status,
                            "waitlisted_at": moment if status == ChoiceStatus.WAITLISTED else None,
                        },
                    )
                    kept.append(choice.pk)
                registration.choices.exclude(pk__in=kept).delete()
                # created_at is set on insert (auto_now_add): dated afterwards, and only when it differs.
                if registration.created_at != moment:
                    Registration.objects.filter(pk=registration.pk).update(created_at=moment)
                registration.choices.exclude(created_at=moment).update(created_at=moment)

    def recount_places(self) -> None:
        """Set every demo counter to the places its rows actually hold, the figure
        attendees.services keeps up to date from here on."""
        for edition in self.editions.values():
            for registration_type in RegistrationType.objects.filter(edition=edition).annotate(
                held=Count("registrations", filter=Q(registrations__status__in=HOLDING_STATUSES))
            ):
                RegistrationType.objects.filter(pk=registration_type.pk).update(seats_taken=registration_type.held)
            for sub_forum in SubForum.objects.filter(edition=edition).annotate(
                held=Count(
                    "choices",
                    filter=Q(choices__status=ChoiceStatus.CONFIRMED)
                    & Q(choices__registration__status__in=HOLDING_STATUSES),
                )
            ):
                SubForum.objects.filter(pk=sub_forum.pk).update(seats_taken=sub_forum.held)


def ensure_admin() -> str:
    """The demo superuser, created if no ``admin`` exists; says how to log in."""
    user_model = get_user_model()
    admin_url = f"{settings.SITE_URL}/admin/"
    if user_model.objects.filter(username=ADMIN_USERNAME).exists():
        # Never reset the password of an existing account: it may have been changed on purpose.
        return f"Admin: {admin_url}  login: {ADMIN_USERNAME} (existing user, password unchanged)"
    user_model.objects.create_superuser(ADMIN_USERNAME, f"{ADMIN_USERNAME}@example.org", ADMIN_PASSWORD)
    return f"Admin: {admin_url}  login: {ADMIN_USERNAME} / {ADMIN_PASSWORD} (created)"


def upsert(
    model: type[ModelT], *, defaults: dict[str, Any], create_defaults: dict[str, Any] | None = None, **lookup: Any
) -> ModelT:
    """``update_or_create`` that writes only what differs, so a second load saves
    nothing and every ``updated_at`` (which agenda versions and the API's
    “changed since” filter read) keeps its value."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **(defaults if create_defaults is None else create_defaults))
    changed = set()
    for name, value in defaults.items():
        field = model._meta.get_field(name)
        current = getattr(obj, field.attname)
        if (value.pk if field.is_relation and value is not None else value) != current:
            setattr(obj, name, value)
            changed.add(name)
            # A translation column also feeds the untranslated one (modeltranslation).
            original = getattr(field, "translated_field", None)
            if original is not None:
                changed.add(original.name)
    if changed:
        auto_now = {f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)}
        obj.save(update_fields=changed | auto_now)
    return obj


def local_time(text: str, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """“2022-07-06 08:30” as an aware time in ``tz``."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=tz)


def status_times(status: str, moment: dt.datetime, edition: Edition, *, now: dt.datetime) -> dict[str, dt.datetime]:
    """The timestamps a registration in ``status`` carries, set when it is first created.

    A pending registration holds its place for a whole hold from the moment the demo
    is loaded, so the demo stays as loaded: nothing expires (and nobody is promoted
    in its place) on the first tick of beat.
    """
    if status == RegistrationStatus.PENDING:
        return {"expires_at": max(moment, now) + dt.timedelta(hours=edition.confirmation_hold_hours)}
    if status == RegistrationStatus.CONFIRMED:
        return {"confirmed_at": moment}
    if status == RegistrationStatus.CHECKED_IN:
        checked_in = max(moment, edition.start - dt.timedelta(minutes=30))
        return {"confirmed_at": moment, "checked_in_at": checked_in}
    if status == RegistrationStatus.WAITLISTED:
        return {"waitlisted_at": moment}
    if status == RegistrationStatus.CANCELLED:
        return {"cancelled_at": moment}
    if status == RegistrationStatus.EXPIRED:
        # The hold lapsed unconfirmed, and before now whatever the moment.
        return {
            "expires_at": min(moment + dt.timedelta(hours=edition.confirmation_hold_hours), now - dt.timedelta(hours=1))
        }
    return {}
