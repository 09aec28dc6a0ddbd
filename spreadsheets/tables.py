"""The tables an organiser exports, each read with a fixed number of queries however many rows.

A table is a header and a stream of rows (``Table.rows``), or several sheets of
the same header (door lists: one per sub-forum). Labels (types, statuses,
sub-forums, languages) are read once into dicts in the language active when
the table is written; times are written in each edition's own zone. Rows are
read with ``iterator()`` (a server-side cursor on PostgreSQL), so memory does
not grow with the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import CharField, F, Func, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from attendees.enums import ChoiceStatus, RegistrationStatus
from attendees.models import Registration, RegistrationType, SubForumChoice
from attendees.selectors import door_choices
from forums.models import Edition, Organisation, SubForum
from forums.permissions import Access, Can, ObjectScope
from sessions.enums import Honour, SpeakerRole
from sessions.models import SessionSpeaker

CHUNK = 2000
TIME_FORMAT = "%Y-%m-%d %H:%M"
# A registration's choices, reached the way forums.permissions reaches them.
CHOICE_SCOPE = ObjectScope(forum="registration__edition__forum", edition="registration__edition", sub_forum="sub_forum")

Row = tuple[Any, ...]


@dataclass
class Sheet:
    name: str
    rows: Iterable[Row]


@dataclass
class Table:
    """What an export writes: a header, and its rows as one sheet or several."""

    stem: str  # the file name without its extension
    header: list[str]
    sheets: Callable[[], Iterator[Sheet]]
    widths: list[int] = field(default_factory=list)

    def rows(self) -> Iterator[Row]:
        """Every sheet's rows, one after the other (a CSV file has one sheet)."""
        for sheet in self.sheets():
            yield from sheet.rows


class _Groups:
    """The rows of one query ordered by their first column, handed out a group at a time.

    Each ``group(key)`` reads the shared cursor only when it is itself read, so a writer
    may take every sheet first and read them afterwards, in the order of their keys.
    """

    def __init__(self, rows: Iterator[Row]) -> None:
        self.rows = rows
        self.head: Row | None = next(rows, None)

    def group(self, key: Any) -> Iterator[Row]:
        while self.head is not None and self.head[0] < key:  # a group nobody read
            self.head = next(self.rows, None)
        while self.head is not None and self.head[0] == key:
            row, self.head = self.head, next(self.rows, None)
            yield row


class LocalMinute(Func):
    """A moment as ``YYYY-MM-DD HH:MM`` in the zone another column names, written by PostgreSQL
    (cheaper than reading a timestamp into Python and formatting it, on every row)."""

    arg_joiner = " AT TIME ZONE "
    template = "to_char((%(expressions)s), 'YYYY-MM-DD HH24:MI')"
    output_field = CharField()


def _moments(*fields: str, zone: str) -> list[Any]:
    """Expressions for ``values_list``: the moments as local text on PostgreSQL; elsewhere as
    they are (``_local`` formats them in Python)."""
    if connection.vendor == "postgresql":
        return [LocalMinute(name, zone) for name in fields]
    return [F(name) for name in fields]


def _local(moment: dt.datetime | str | None, tz: dt.tzinfo) -> str:
    if isinstance(moment, dt.datetime):
        return moment.astimezone(tz).strftime(TIME_FORMAT)
    return moment or ""


def _labels(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


# --- registrations -----------------------------------------------------------------------
REGISTRATION_HEADER = [
    _("code"),
    _("edition"),
    pgettext_lazy("attendee", "name"),
    _("e-mail"),
    _("phone"),
    _("organisation"),
    _("job title"),
    _("country or region"),
    _("preferred language"),
    _("registration type"),
    _("status"),
    _("registered by partner"),
    _("registered at"),
    _("confirmed at"),
    _("checked in at"),
    _("sub-forums"),
]
REGISTRATION_FIELDS = (
    "pk",
    "code",
    "edition_id",
    "name",
    "email",
    "phone",
    "organisation",
    "job_title",
    "country",
    "language",
    "registration_type_id",
    "status",
    "partner_id",
)
REGISTRATION_MOMENTS = ("created_at", "confirmed_at", "checked_in_at")


def registration_table(registrations: QuerySet[Registration], *, access: Access) -> Table:
    """Registrations with their sub-forum choices (those ``access`` may export), in registration order.

    Seven queries: the editions, their types and sub-forums, the partners, the
    registrations and the choices — the last two streamed side by side in the
    same order and merged.
    """
    ids = registrations.order_by().values("pk")

    def sheets() -> Iterator[Sheet]:
        edition_ids = set(registrations.order_by().values_list("edition_id", flat=True).distinct())
        editions = {e.pk: e for e in Edition.objects.filter(pk__in=edition_ids)}
        zones = {pk: edition.tz for pk, edition in editions.items()}
        titles = {pk: str(edition) for pk, edition in editions.items()}
        types = {t.pk: str(t) for t in RegistrationType.objects.filter(edition_id__in=edition_ids)}
        sub_forums = {s.pk: str(s) for s in SubForum.objects.filter(edition_id__in=edition_ids)}
        partners = {
            o.pk: str(o) for o in Organisation.objects.filter(pk__in=registrations.order_by().values("partner_id"))
        }
        statuses = _labels(RegistrationStatus.choices)
        choice_statuses = _labels(ChoiceStatus.choices)
        languages = dict(settings.LANGUAGES)
        choices = (
            access.filter(SubForumChoice.objects.filter(registration__in=ids), Can.EXPORT, CHOICE_SCOPE)
            .order_by("registration_id", "sub_forum__start", "sub_forum_id")
            .values_list("registration_id", "sub_forum_id", "status")
            .iterator(chunk_size=CHUNK * 2)
        )
        pending = next(choices, None)

        def rows() -> Iterator[Row]:
            nonlocal pending
            moments = _moments(*REGISTRATION_MOMENTS, zone="edition__time_zone")
            selected = registrations.order_by("pk").values_list(*REGISTRATION_FIELDS, *moments)
            for r in selected.iterator(chunk_size=CHUNK):
                pk, code, edition_id, *person, language, type_id, status, partner_id, created, confirmed, checked = r
                tz = zones[edition_id]
                chosen = []
                while pending is not None and pending[0] <= pk:
                    if pending[0] == pk:
                        chosen.append(f"{sub_forums[pending[1]]} ({choice_statuses[pending[2]]})")
                    pending = next(choices, None)
                yield (
                    code,
                    titles[edition_id],
                    *person,
                    languages.get(language, language),
                    types[type_id],
                    statuses.get(status, status),
                    partners.get(partner_id, ""),
                    _local(created, tz),
                    _local(confirmed, tz),
                    _local(checked, tz),
                    "; ".join(chosen),
                )

        yield Sheet(str(_("Registrations")), rows())

    return Table(
        stem="registrations",
        header=[str(h) for h in REGISTRATION_HEADER],
        sheets=sheets,
        widths=[12, 24, 14, 28, 16, 28, 16, 12, 10, 14, 14, 16, 17, 17, 17, 60],
    )


# --- door lists --------------------------------------------------------------------------
DOOR_HEADER = [
    _("sub-forum"),
    _("code"),
    pgettext_lazy("attendee", "name"),
    _("organisation"),
    _("registration type"),
    _("checked in at"),
]


def door_list_table(sub_forums: Iterable[SubForum]) -> Table:
    """Who may enter each sub-forum (``attendees.selectors.door_choices``), by name; a sheet per door.

    Three queries: the types of the editions, the sub-forums' editions and the
    choices with their registrations.
    """
    sub_forums = list(sub_forums)

    def sheets() -> Iterator[Sheet]:
        by_id = {s.pk: s for s in sub_forums}
        edition_ids = {s.edition_id for s in sub_forums}
        zones = {e.pk: e.tz for e in Edition.objects.filter(pk__in=edition_ids)}
        types = {t.pk: str(t) for t in RegistrationType.objects.filter(edition_id__in=edition_ids)}
        rows = (
            door_choices(list(by_id))
            .values_list(
                "sub_forum_id",
                "registration__code",
                "registration__name",
                "registration__organisation",
                "registration__registration_type_id",
                *_moments("checked_in_at", zone="sub_forum__edition__time_zone"),
            )
            .iterator(chunk_size=CHUNK)
        )
        doors = _Groups(rows)
        # Every door gets its sheet, an empty one too (in the order of the rows: by sub-forum id).
        for sub_forum_id in sorted(by_id):
            sub_forum = by_id[sub_forum_id]
            title, tz = str(sub_forum), zones[sub_forum.edition_id]
            yield Sheet(
                title,
                (
                    (title, code, name, organisation, types[type_id], _local(checked, tz))
                    for _sf, code, name, organisation, type_id, checked in doors.group(sub_forum_id)
                ),
            )

    return Table(
        stem="door-lists", header=[str(h) for h in DOOR_HEADER], sheets=sheets, widths=[30, 12, 16, 30, 14, 17]
    )


# --- speakers ----------------------------------------------------------------------------
SPEAKER_HEADER = [
    _("speaker"),
    _("honour"),
    _("honorific title"),
    _("position"),
    _("affiliation"),
    _("contact e-mail (private)"),
    _("role"),
    pgettext_lazy("agenda", "session"),
    _("edition"),
    _("sub-forum"),
    _("starts at"),
    _("ends at"),
    _("room"),
]


def speaker_table(roles: QuerySet[SessionSpeaker]) -> Table:
    """Speakers with each part they play (speaker, host, panelist …), by name then time; one query."""

    def sheets() -> Iterator[Sheet]:
        honours, parts = _labels(Honour.choices), _labels(SpeakerRole.choices)
        selected = roles.select_related("speaker", "session__edition", "session__sub_forum", "session__room")

        def rows() -> Iterator[Row]:
            for role in selected.order_by("speaker__name", "speaker_id", "session__start", "pk").iterator(CHUNK):
                speaker, session = role.speaker, role.session
                tz = session.edition.tz
                yield (
                    str(speaker),
                    honours.get(speaker.honour, ""),
                    speaker.honorific,
                    speaker.position,
                    speaker.affiliation,
                    speaker.email,
                    parts.get(role.role, role.role),
                    str(session),
                    str(session.edition),
                    str(session.sub_forum or ""),
                    _local(session.start, tz),
                    _local(session.end, tz),
                    session.room.name if session.room else "",
                )

        yield Sheet(str(_("Speakers")), rows())

    return Table(
        stem="speakers",
        header=[str(h) for h in SPEAKER_HEADER],
        sheets=sheets,
        widths=[16, 12, 30, 30, 30, 28, 12, 40, 24, 24, 17, 17, 16],
    )
