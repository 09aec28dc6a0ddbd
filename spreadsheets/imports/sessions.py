"""Sessions from a file: matched by GUID, else by title and start; saved through the session
form (room double-bookings refused) and given their speakers under the speaker rule
(``sessions.admin.forms.speaker_clashes``)."""

from __future__ import annotations

from typing import Any

from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from forums.models import Room
from forums.permissions import Can, ObjectScope
from sessions.admin.forms import SessionAdminForm, speaker_clashes, speaker_error
from sessions.enums import SessionKind, SessionLanguage, SpeakerRole
from sessions.models import Session, SessionSpeaker, Speaker
from spreadsheets.imports.base import (
    CHANGED,
    NEW,
    UNCHANGED,
    Importer,
    RowError,
    choice_lookup,
    form_error,
    names_in_every_language,
)
from spreadsheets.imports.reading import Column

COLUMNS = [
    Column("title_zh_hans", _("title (Chinese)")),
    Column("title_en", _("title (English)")),
    Column("start", _("starts at"), required=True),
    Column("end", _("ends at"), required=True),
    Column("sub_forum", _("sub-forum")),
    Column("room", _("room")),
    Column("kind", _("kind")),
    Column("language", _("language")),
    Column("speakers", _("speakers")),
    Column("abstract_zh_hans", _("abstract (Chinese)")),
    Column("abstract_en", _("abstract (English)")),
    Column("guid", _("GUID")),
]
FORM_FIELDS = [
    "edition",
    "sub_forum",
    "title_zh_hans",
    "title_en",
    "kind",
    "language",
    "start",
    "end",
    "room",
    "abstract_zh_hans",
    "abstract_en",
]
SessionForm = modelform_factory(Session, form=SessionAdminForm, fields=FORM_FIELDS)
SESSION_SCOPE = ObjectScope(forum="edition__forum", edition="edition", sub_forum="sub_forum")
SEPARATORS = (";", "\uff1b", "\u3001", "\n")  # ";", and the Chinese full-width semicolon and enumeration comma


def split_names(value: str) -> list[str]:
    for separator in SEPARATORS[1:]:
        value = value.replace(separator, SEPARATORS[0])
    return [name.strip() for name in value.split(SEPARATORS[0]) if name.strip()]


class SessionImporter(Importer):
    """An edition's agenda; a sub-forum host, only sessions of its sub-forums."""

    columns = COLUMNS
    capability = Can.EDIT

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        edition = self.edition
        self.sub_forums = names_in_every_language(edition.sub_forums.all(), "slug", "title")
        self.rooms = names_in_every_language(Room.objects.filter(venue_id=edition.venue_id), "name")
        self.speakers = names_in_every_language(Speaker.objects.all(), "slug", "name")
        sessions = list(Session.objects.filter(edition=edition))
        self.by_guid = {str(s.guid): s for s in sessions}
        self.by_title = {}
        for session in sessions:
            for title in (session.title_zh_hans, session.title_en):
                if title:
                    self.by_title.setdefault((title.strip(), session.start), session)
        self.roles: dict[int, list[int]] = {}
        for session_id, speaker_id in (
            SessionSpeaker.objects.filter(session__edition=edition, role=SpeakerRole.SPEAKER)
            .order_by("session_id", "order", "pk")
            .values_list("session_id", "speaker_id")
        ):
            self.roles.setdefault(session_id, []).append(speaker_id)
        self.kinds = choice_lookup(SessionKind.choices)
        self.languages = choice_lookup(SessionLanguage.choices)

    def describe(self, row: dict[str, Any]) -> str:
        return self.text(row, "title_zh_hans") or self.text(row, "title_en")

    def _lookup(self, table: dict[str, Any], row: dict[str, Any], key: str, label: Any) -> Any:
        value = self.text(row, key)
        if not value:
            return None
        if value.lower() not in table:
            raise RowError(_("%(column)s: “%(value)s” is not known here.") % {"column": label, "value": value})
        return table[value.lower()]

    def _choice(self, table: dict[str, str], row: dict[str, Any], key: str, label: Any, default: str) -> str:
        value = self.text(row, key)
        if not value:
            return default
        if value.lower() not in table:
            raise RowError(_("%(column)s: “%(value)s” is not one of the choices.") % {"column": label, "value": value})
        return table[value.lower()]

    def apply(self, row: dict[str, Any]) -> str:
        title = self.text(row, "title_zh_hans") or self.text(row, "title_en")
        if not title:
            raise RowError(_("A session needs a title (Chinese or English)."))
        start, end = self.moment(row, "start", _("starts at")), self.moment(row, "end", _("ends at"))
        sub_forum = self._lookup(self.sub_forums, row, "sub_forum", _("sub-forum"))
        room = self._lookup(self.rooms, row, "room", _("room"))
        speakers = [
            self._lookup(self.speakers, {"name": name}, "name", _("speakers"))
            for name in split_names(self.text(row, "speakers"))
        ]
        session = self.by_guid.get(self.text(row, "guid")) or self.by_title.get((title, start))
        candidate = Session(edition=self.edition, sub_forum=sub_forum)
        if not self.access.allows(Can.EDIT, candidate, SESSION_SCOPE) or (
            session is not None and not self.access.allows(Can.EDIT, session, SESSION_SCOPE)
        ):
            raise RowError(_("You may not change the agenda of this sub-forum."))
        current = session.kind if session else SessionKind.TALK
        data = {
            "edition": self.edition.pk,
            "sub_forum": sub_forum.pk if sub_forum else "",
            "title_zh_hans": self.text(row, "title_zh_hans"),
            "title_en": self.text(row, "title_en"),
            "kind": self._choice(self.kinds, row, "kind", _("kind"), current),
            "language": self._choice(
                self.languages, row, "language", _("language"), session.language if session else "zh-hans"
            ),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "room": room.pk if room else "",
            "abstract_zh_hans": self.text(row, "abstract_zh_hans"),
            "abstract_en": self.text(row, "abstract_en"),
        }
        if session is not None:
            for key in ("abstract_zh_hans", "abstract_en", "title_en", "title_zh_hans"):
                if key not in row:  # a column the file does not have keeps what is saved
                    data[key] = getattr(session, key) or ""
        form = SessionForm(data=data, instance=session)
        if not form.is_valid():
            raise form_error(form)
        speaker_ids = list(dict.fromkeys(s.pk for s in speakers))
        same_speakers = "speakers" not in row or (session is not None and self.roles.get(session.pk, []) == speaker_ids)
        if session is not None and not form.has_changed() and same_speakers:
            return UNCHANGED
        saved = form.save()
        if not same_speakers:
            self._set_speakers(saved, speakers)
        self.by_title[(title, saved.start)] = saved
        return CHANGED if session is not None else NEW

    def _set_speakers(self, session: Session, speakers: list[Speaker]) -> None:
        """The session's speakers, in the file's order, none of them booked elsewhere at the time."""
        wanted = list({s.pk: s for s in speakers}.values())
        clashes = speaker_clashes(session, {s.pk for s in wanted})
        for speaker in wanted:
            if speaker.pk in clashes:
                raise speaker_error(speaker, clashes[speaker.pk])
        # Only the speakers' own parts: moderators and hosts set in the admin stay.
        session.speaker_roles.filter(role=SpeakerRole.SPEAKER).exclude(speaker_id__in=[s.pk for s in wanted]).delete()
        for order, speaker in enumerate(wanted):
            SessionSpeaker.objects.update_or_create(
                session=session, speaker=speaker, role=SpeakerRole.SPEAKER, defaults={"order": order}
            )
        self.roles[session.pk] = [s.pk for s in wanted]
