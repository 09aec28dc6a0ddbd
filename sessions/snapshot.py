"""The agenda of an edition as one plain dict: what publishing freezes into an
AgendaVersion, what the exports are rendered from and what the API serves.

Translated texts are kept in every language ({"zh-hans": …, "en": …}); readers
pick the visitor's language with ``pick()``. Built in a fixed handful of queries
whatever the size of the agenda.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Model, Prefetch, Q
from django.utils import translation

from config.languages import FIELD_SUFFIXES, LANGUAGE_CODES
from forums.models import ROOM_ORDERING, Edition, Room, SubForum
from sessions.models import Session, SessionSpeaker, Speaker
from sessions.speaker_profiles import PUBLIC_COLUMNS, public_profile

SNAPSHOT_FORMAT = 1


def _field_name(field: str, language: str) -> str:
    return f"{field}_{language.replace('-', '_')}"


def texts(obj: Model, field: str) -> dict[str, str]:
    """Every language's value of a translated field, as stored (no fallback)."""
    return {code: getattr(obj, _field_name(field, code)) or "" for code in LANGUAGE_CODES}


def pick(values: dict[str, str], language: str | None = None) -> str:
    """The value in ``language`` (default: the active one), falling back to the others."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if values.get(language):
        return values[language]
    return next((v for code in LANGUAGE_CODES if (v := values.get(code))), "")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def build_agenda_snapshot(edition: Edition) -> dict[str, Any]:
    """The whole public agenda of ``edition``: rooms, sub-forums, speakers, sessions."""
    edition = Edition.objects.select_related("forum", "venue").get(pk=edition.pk)
    sub_forums = list(
        SubForum.objects.filter(edition=edition).prefetch_related("hosts").order_by("start", "order", "pk")
    )
    sessions = list(
        Session.objects.filter(edition=edition)
        .prefetch_related(
            Prefetch(
                "speaker_roles",
                queryset=SessionSpeaker.objects.select_related("speaker")
                .only("session_id", "speaker_id", "role", "order", *(f"speaker__{c}" for c in PUBLIC_COLUMNS))
                .order_by("order", "pk"),
            )
        )
        .order_by("start", "pk")
    )
    room_ids = {s.room_id for s in sessions if s.room_id} | {f.room_id for f in sub_forums if f.room_id}
    rooms = list(Room.objects.filter(pk__in=room_ids).order_by(*ROOM_ORDERING))  # every reader keeps this order
    speakers = {role.speaker_id: role.speaker for session in sessions for role in session.speaker_roles.all()}

    venue = edition.venue
    return {
        "format": SNAPSHOT_FORMAT,
        "edition": {
            "id": edition.pk,
            "slug": edition.slug,
            "forum": {"id": edition.forum_id, "slug": edition.forum.slug, "name": texts(edition.forum, "name")},
            "number": edition.number,
            "year": edition.year,
            "title": texts(edition, "title"),
            "theme": texts(edition, "theme"),
            "host_city": texts(edition, "host_city"),
            "time_zone": edition.time_zone,
            "start": _iso(edition.start),
            "end": _iso(edition.end),
            "venue": ({"id": venue.pk, "name": texts(venue, "name"), "city": texts(venue, "city")} if venue else None),
        },
        "rooms": [{"id": r.pk, "name": texts(r, "name"), "capacity": r.capacity} for r in rooms],
        "sub_forums": [
            {
                "id": f.pk,
                "slug": f.slug,
                "title": texts(f, "title"),
                "theme": texts(f, "theme"),
                "description": texts(f, "description"),
                "room": f.room_id,
                "start": _iso(f.start),
                "end": _iso(f.end),
                "capacity": f.capacity,
                "hosts": [{"id": o.pk, "name": texts(o, "name")} for o in f.hosts.all()],
            }
            for f in sub_forums
        ],
        "speakers": [public_profile(speakers[pk]) for pk in sorted(speakers)],
        "sessions": [
            {
                "id": s.pk,
                "guid": str(s.guid),
                "title": texts(s, "title"),
                "kind": s.kind,
                "start": _iso(s.start),
                "end": _iso(s.end),
                "room": s.room_id,
                "sub_forum": s.sub_forum_id,
                "abstract": texts(s, "abstract"),
                "language": s.language,
                "cancelled": s.is_cancelled,
                "updated_at": _iso(s.updated_at),
                "speakers": [
                    {"speaker": r.speaker_id, "role": r.role, "order": r.order} for r in s.speaker_roles.all()
                ],
            }
            for s in sessions
        ],
    }


# The keys of a snapshot's session that the changelog compares and the organisers' grid draws.
OUTLINE_KEYS = ("id", "guid", "title", "kind", "start", "end", "room", "sub_forum", "cancelled", "speakers")


def _texts_of(row: dict[str, Any], field: str) -> dict[str, str]:
    return {code: row[f"{field}_{suffix}"] or "" for code, suffix in zip(LANGUAGE_CODES, FIELD_SUFFIXES, strict=True)}


def agenda_outline(edition: Edition) -> dict[str, Any]:
    """The live agenda cut to what ``compute_changelog`` compares and the timetable draws:
    ``rooms`` and ``speakers`` (id and name) and ``sessions`` (``OUTLINE_KEYS``), each value
    as ``build_agenda_snapshot`` gives it — read as plain rows in four queries, without the
    speakers' public profiles that make most of a snapshot's cost."""
    titles = [f"title_{suffix}" for suffix in FIELD_SUFFIXES]
    names = [f"name_{suffix}" for suffix in FIELD_SUFFIXES]
    sessions = list(
        Session.objects.filter(edition=edition)
        .order_by("start", "pk")
        .values("id", "guid", "kind", "start", "end", "room_id", "sub_forum_id", "is_cancelled", *titles)
    )
    roles: dict[int, list[dict[str, Any]]] = {s["id"]: [] for s in sessions}
    for session_id, speaker_id, role, order in (
        SessionSpeaker.objects.filter(session__edition=edition)
        .order_by("order", "pk")
        .values_list("session_id", "speaker_id", "role", "order")
    ):
        roles[session_id].append({"speaker": speaker_id, "role": role, "order": order})
    # Subqueries rather than lists of ids, which cost more to pass than to read at 5,000 sessions.
    rooms = Room.objects.filter(
        Q(pk__in=Session.objects.filter(edition=edition).values("room_id"))
        | Q(pk__in=SubForum.objects.filter(edition=edition).values("room_id"))
    ).order_by(*ROOM_ORDERING)
    speakers = Speaker.objects.filter(
        pk__in=SessionSpeaker.objects.filter(session__edition=edition).values("speaker_id")
    ).order_by("pk")
    return {
        "rooms": [{"id": r["id"], "name": _texts_of(r, "name")} for r in rooms.values("id", *names)],
        "speakers": [{"id": p["id"], "name": _texts_of(p, "name")} for p in speakers.values("id", *names)],
        "sessions": [
            {
                "id": s["id"],
                "guid": str(s["guid"]),
                "title": _texts_of(s, "title"),
                "kind": s["kind"],
                "start": _iso(s["start"]),
                "end": _iso(s["end"]),
                "room": s["room_id"],
                "sub_forum": s["sub_forum_id"],
                "cancelled": s["is_cancelled"],
                "speakers": roles[s["id"]],
            }
            for s in sessions
        ],
    }
