"""The agenda endpoint's query parameters (validated) and the documentation of
its body, which ``sessions.agenda_render`` builds."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sessions.agenda_render import DEFAULT_PARAMS, EXPANDABLE
from sessions.enums import SessionKind, SessionLanguage

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
    room = serializers.IntegerField(
        required=False, min_value=1, max_value=2**62, help_text="Only sessions in this room (id)."
    )
    kind = serializers.ChoiceField(required=False, choices=SessionKind.choices)
    speaker = serializers.IntegerField(required=False, min_value=1, max_value=2**62, help_text="Speaker id.")
    language = serializers.ChoiceField(required=False, choices=SessionLanguage.choices)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs.setdefault("expand", EXPANDABLE)
        return attrs


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_POSITIVE = re.compile(r"[1-9][0-9]{0,18}")
_INT_LIMITS = {"version": 2_000_000_000, "sub_forum": 2**62, "room": 2**62, "speaker": 2**62}
_CHOICES = {"kind": set(SessionKind.values), "language": set(SessionLanguage.values)}


def parse_agenda_query(query: Any) -> dict[str, Any]:
    """The agenda's query parameters, validated as ``AgendaQuerySerializer`` documents them.

    Hand-written because it runs on every request, 304s included, where building a
    DRF serializer would cost more than the rest of the request.
    """
    params: dict[str, Any] = dict(DEFAULT_PARAMS)
    errors: dict[str, list[str]] = {}
    for name in ("expand", "version", "day", "sub_forum", "room", "kind", "speaker", "language"):
        raw = query.get(name)
        if raw is None:
            continue
        if name == "expand":
            if re.fullmatch(EXPAND_PATTERN, raw):
                params[name] = tuple(p for p in EXPANDABLE if p in raw.split(","))
            else:
                errors[name] = [str(EXPAND_ERROR)]
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


# --- Documentation of the body sessions.agenda_render builds (drf-spectacular reads these) ---------------


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
