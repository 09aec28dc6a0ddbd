"""The agenda of an edition as a partner site renders it, built from a snapshot
(the latest published ``AgendaVersion``, or the live agenda before the first
publication) in the requested language.

Sessions come with their speakers, room and sub-forum inlined; ``expand``
chooses which of these are inlined (the ids are always there), and the
top-level ``rooms``/``sub_forums``/``speakers`` tables let a client resolve
the ids of what it did not expand.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sessions.enums import SessionKind, SessionLanguage
from sessions.snapshot import LANGUAGE_CODES

EXPANDABLE = ("speakers", "room", "sub_forum")


_NAME = "(speakers|room|sub_forum)"
EXPAND_PATTERN = f"^(none|{_NAME}(,{_NAME})*)$"
EXPAND_ERROR = _("Use a comma-separated subset of speakers, room, sub_forum (no spaces), or none.")


@extend_schema_field({"type": "string", "pattern": EXPAND_PATTERN, "example": "speakers,room,sub_forum"})
class ExpandField(serializers.CharField):
    def to_internal_value(self, data: Any) -> tuple[str, ...]:
        value = super().to_internal_value(data)
        if not re.fullmatch(EXPAND_PATTERN, value):
            raise serializers.ValidationError(EXPAND_ERROR)
        parts = set(value.split(","))
        return tuple(p for p in EXPANDABLE if p in parts)


class AgendaQuerySerializer(serializers.Serializer):
    """Query parameters of the agenda endpoint (all optional)."""

    expand = ExpandField(
        required=False,
        help_text="Related objects to inline in each session: comma-separated subset of `speakers`, `room`, "
        "`sub_forum`, or `none` (ids only). Default: all three.",
    )
    version = serializers.IntegerField(
        required=False, min_value=1, max_value=2_000_000_000, help_text="A published version (default: the latest)."
    )
    day = serializers.DateField(required=False, help_text="Only sessions on this day (edition time zone).")
    sub_forum = serializers.IntegerField(
        required=False, min_value=1, max_value=2**62, help_text="Only this sub-forum's sessions (id)."
    )
    kind = serializers.ChoiceField(required=False, choices=SessionKind.choices)
    speaker = serializers.IntegerField(required=False, min_value=1, max_value=2**62, help_text="Speaker id.")
    language = serializers.ChoiceField(required=False, choices=SessionLanguage.choices)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs.setdefault("expand", EXPANDABLE)
        return attrs


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_POSITIVE = re.compile(r"[1-9][0-9]{0,18}")
_INT_LIMITS = {"version": 2_000_000_000, "sub_forum": 2**62, "speaker": 2**62}
_CHOICES = {"kind": set(SessionKind.values), "language": set(SessionLanguage.values)}


def parse_agenda_query(query: Any) -> dict[str, Any]:
    """The agenda's query parameters, validated as ``AgendaQuerySerializer`` documents them.

    Hand-written because it runs on every request, 304s included, where building a
    DRF serializer would cost more than the rest of the request.
    """
    params: dict[str, Any] = {"expand": EXPANDABLE}
    errors: dict[str, list[str]] = {}
    for name in ("expand", "version", "day", "sub_forum", "kind", "speaker", "language"):
        raw = query.get(name)
        if raw is None:
            continue
        if name == "expand":
            if re.fullmatch(EXPAND_PATTERN, raw):
                params[name] = tuple(p for p in EXPANDABLE if p in raw.split(","))
            else:
                errors[name] = [
                    str(_("Use a comma-separated subset of speakers, room, sub_forum (no spaces), or none."))
                ]
        elif name in _INT_LIMITS:
            if _POSITIVE.fullmatch(raw) and int(raw) <= _INT_LIMITS[name]:
                params[name] = int(raw)
            else:
                errors[name] = [str(_("A whole number from 1 to %(max)d.") % {"max": _INT_LIMITS[name]})]
        elif name == "day":
            try:
                if not _DATE.fullmatch(raw):
                    raise ValueError(raw)
                params[name] = dt.date.fromisoformat(raw)
            except ValueError:
                errors[name] = [str(_("A date as YYYY-MM-DD."))]
        elif raw in _CHOICES[name]:
            params[name] = raw
        else:
            errors[name] = [str(_("“%(value)s” is not a valid choice.") % {"value": raw[:40]})]
    if errors:
        raise serializers.ValidationError(errors)
    return params


def query_fingerprint(params: dict[str, Any]) -> str:
    """The validated parameters in a fixed order: part of the ETag and cache key."""
    return "&".join(f"{k}={','.join(v) if isinstance(v, tuple) else v}" for k, v in sorted(params.items()))


DEFAULT_FINGERPRINT = query_fingerprint({"expand": EXPANDABLE})


def _absolute(url: str | None) -> str | None:
    if url and url.startswith("/"):
        return f"{settings.SITE_URL}{url}"
    return url


def render_agenda(
    snapshot: dict[str, Any], *, version: int, published_at: str | None, language: str, params: dict[str, Any]
) -> dict[str, Any]:
    expand = set(params.get("expand", EXPANDABLE))
    others = [code for code in LANGUAGE_CODES if code != language]

    def pick(values: dict[str, str], _language: str) -> str:
        # sessions.snapshot.pick, specialised for this render: it runs ~200,000 times for 1,000 sessions.
        value = values.get(language)
        if value:
            return value
        for code in others:
            value = values.get(code)
            if value:
                return value
        return ""

    edition = snapshot["edition"]
    tz = zoneinfo.ZoneInfo(edition["time_zone"])
    forum = edition["forum"]
    venue = edition["venue"]
    rooms = {
        r["id"]: {"id": r["id"], "name": pick(r["name"], language), "capacity": r["capacity"]}
        for r in snapshot["rooms"]
    }
    sub_forums = {
        f["id"]: {
            "id": f["id"],
            "slug": f["slug"],
            "title": pick(f["title"], language),
            "theme": pick(f["theme"], language),
            "description": pick(f["description"], language),
            "room_id": f["room"],
            "start": f["start"],
            "end": f["end"],
            "capacity": f["capacity"],
            "hosts": [{"id": h["id"], "name": pick(h["name"], language)} for h in f["hosts"]],
        }
        for f in snapshot["sub_forums"]
    }
    # Inlined in each session: what a programme line shows; the full record is in `sub_forums`.
    sub_forum_refs = {
        f["id"]: {"id": f["id"], "slug": f["slug"], "title": f["title"], "room_id": f["room_id"]}
        for f in sub_forums.values()
    }
    speakers = {
        s["id"]: {
            "id": s["id"],
            "slug": s["slug"],
            "name": pick(s["name"], language),
            "honour": s["honour"],
            "honorific": pick(s["honorific"], language),
            "position": pick(s["position"], language),
            "affiliation": pick(s["affiliation"], language),
            "biography": pick(s["biography"], language),
            "public_line": pick(s["public_line"], language),
            "photo": _absolute(s["photo"]),
            "website": s["website"],
        }
        for s in snapshot["speakers"]
    }

    day = params.get("day")
    day = day.isoformat() if isinstance(day, dt.date) else None
    wanted_sub_forum, wanted_kind = params.get("sub_forum"), params.get("kind")
    wanted_speaker, wanted_language = params.get("speaker"), params.get("language")
    days: set[str] = set()
    sessions = []
    for s in snapshot["sessions"]:
        session_day = dt.datetime.fromisoformat(s["start"]).astimezone(tz).date().isoformat()
        days.add(session_day)
        if (
            (day and session_day != day)
            or (wanted_sub_forum and s["sub_forum"] != wanted_sub_forum)
            or (wanted_kind and s["kind"] != wanted_kind)
            or (wanted_language and s["language"] != wanted_language)
            or (wanted_speaker and all(r["speaker"] != wanted_speaker for r in s["speakers"]))
        ):
            continue
        roles = []
        for r in s["speakers"]:
            role = {"speaker_id": r["speaker"], "role": r["role"], "order": r["order"]}
            if "speakers" in expand:
                role["speaker"] = speakers.get(r["speaker"])
            roles.append(role)
        item = {
            "id": s["id"],
            "guid": s["guid"],
            "title": pick(s["title"], language),
            "kind": s["kind"],
            "day": session_day,
            "start": s["start"],
            "end": s["end"],
            "room_id": s["room"],
            "sub_forum_id": s["sub_forum"],
            "abstract": pick(s["abstract"], language),
            "language": s["language"],
            "cancelled": s["cancelled"],
            "updated_at": s["updated_at"],
            "speakers": roles,
        }
        if "room" in expand:
            item["room"] = rooms.get(s["room"]) if s["room"] else None
        if "sub_forum" in expand:
            item["sub_forum"] = sub_forum_refs.get(s["sub_forum"]) if s["sub_forum"] else None
        sessions.append(item)

    body: dict[str, Any] = {
        "version": version,
        "published_at": published_at,
        "language": language,
        "expand": [e for e in EXPANDABLE if e in expand],
        "edition": {
            "id": edition["id"],
            "slug": edition["slug"],
            "forum": {"id": forum["id"], "slug": forum["slug"], "name": pick(forum["name"], language)},
            "number": edition["number"],
            "year": edition["year"],
            "title": pick(edition["title"], language),
            "theme": pick(edition["theme"], language),
            "host_city": pick(edition["host_city"], language),
            "time_zone": edition["time_zone"],
            "start": edition["start"],
            "end": edition["end"],
            "venue": (
                {"id": venue["id"], "name": pick(venue["name"], language), "city": pick(venue["city"], language)}
                if venue
                else None
            ),
        },
        "days": sorted(days),
        "rooms": list(rooms.values()),
        "sub_forums": list(sub_forums.values()),
        "sessions": sessions,
    }
    if "speakers" not in expand:
        body["speakers"] = list(speakers.values())
    return body


# --- Documentation of the body above (drf-spectacular reads these) ---------------


class _ForumRef(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class _VenueRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    city = serializers.CharField()


class AgendaEditionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    forum = _ForumRef()
    number = serializers.IntegerField()
    year = serializers.IntegerField()
    title = serializers.CharField()
    theme = serializers.CharField()
    host_city = serializers.CharField()
    time_zone = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    venue = _VenueRef(allow_null=True)


class AgendaRoomSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    capacity = serializers.IntegerField()


class _HostRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AgendaSubForumSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    theme = serializers.CharField()
    description = serializers.CharField()
    room_id = serializers.IntegerField(allow_null=True)
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    capacity = serializers.IntegerField(allow_null=True)
    hosts = _HostRef(many=True)


class AgendaSubForumRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    room_id = serializers.IntegerField(allow_null=True)


class AgendaSpeakerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    honour = serializers.CharField()
    honorific = serializers.CharField()
    position = serializers.CharField()
    affiliation = serializers.CharField()
    biography = serializers.CharField()
    public_line = serializers.CharField()
    photo = serializers.URLField(allow_null=True)
    website = serializers.CharField()


class AgendaRoleSerializer(serializers.Serializer):
    speaker_id = serializers.IntegerField()
    role = serializers.CharField()
    order = serializers.IntegerField()
    speaker = AgendaSpeakerSerializer(required=False, allow_null=True, help_text="With expand=speakers.")


class AgendaSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    guid = serializers.UUIDField()
    title = serializers.CharField()
    kind = serializers.CharField()
    day = serializers.DateField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    room_id = serializers.IntegerField(allow_null=True)
    sub_forum_id = serializers.IntegerField(allow_null=True)
    abstract = serializers.CharField()
    language = serializers.CharField()
    cancelled = serializers.BooleanField()
    updated_at = serializers.DateTimeField()
    speakers = AgendaRoleSerializer(many=True)
    room = AgendaRoomSerializer(required=False, allow_null=True, help_text="With expand=room.")
    sub_forum = AgendaSubForumRefSerializer(
        required=False, allow_null=True, help_text="With expand=sub_forum (the full record is in `sub_forums`)."
    )


class AgendaSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="Published version number; 0 for the live, unpublished agenda.")
    published_at = serializers.DateTimeField(allow_null=True)
    language = serializers.CharField()
    expand = serializers.ListField(child=serializers.CharField())
    edition = AgendaEditionSerializer()
    days = serializers.ListField(child=serializers.DateField())
    rooms = AgendaRoomSerializer(many=True)
    sub_forums = AgendaSubForumSerializer(many=True)
    speakers = AgendaSpeakerSerializer(many=True, required=False, help_text="Present unless expand has speakers.")
    sessions = AgendaSessionSerializer(many=True)
