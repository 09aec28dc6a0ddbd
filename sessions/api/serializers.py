"""Public speakers and sessions, in the active language. Never contact details."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forums.models import Room, SubForum
from sessions.enums import Honour, SessionKind, SpeakerRole
from sessions.models import AgendaVersion, Session, SessionSpeaker, Speaker
from sessions.selectors import speaker_appearances
from sessions.snapshot import pick
from sessions.speaker_profiles import public_links, public_profile


class _LinkSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.URLField()


class SpeakerSerializer(serializers.Serializer):
    """A speaker's public profile in the active language: what ``public_profile`` lets out, nothing else."""

    id = serializers.IntegerField(read_only=True)
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    honour = serializers.ChoiceField(choices=Honour.choices, read_only=True, allow_blank=True)
    honorific = serializers.CharField(read_only=True)
    position = serializers.CharField(read_only=True)
    affiliation = serializers.CharField(read_only=True)
    biography = serializers.CharField(read_only=True)
    public_line = serializers.CharField(read_only=True, help_text="Titles then name, as a programme prints it.")
    photo = serializers.URLField(read_only=True, allow_null=True)
    website = serializers.URLField(read_only=True, allow_blank=True)
    links = _LinkSerializer(many=True, read_only=True)

    def to_representation(self, instance: Speaker) -> dict[str, Any]:
        language = translation.get_language()
        profile = public_profile(instance)
        data = {key: pick(value, language) if isinstance(value, dict) else value for key, value in profile.items()}
        request = self.context.get("request")
        if data["photo"] and request is not None:
            data["photo"] = request.build_absolute_uri(data["photo"])
        data["links"] = public_links(instance)
        return data


class SpeakerAppearanceSerializer(serializers.Serializer):
    """A part the speaker had in a session of a public edition."""

    edition = serializers.SlugField(source="session.edition.slug", help_text="Edition slug.")
    edition_title = serializers.CharField(source="session.edition.title")
    session = serializers.IntegerField(source="session.id", help_text="Session id.")
    title = serializers.CharField(source="session.title")
    kind = serializers.ChoiceField(source="session.kind", choices=SessionKind.choices)
    role = serializers.ChoiceField(choices=SpeakerRole.choices)
    start = serializers.DateTimeField(source="session.start")
    end = serializers.DateTimeField(source="session.end")
    sub_forum = serializers.IntegerField(source="session.sub_forum_id", allow_null=True, help_text="Sub-forum id.")
    room = serializers.IntegerField(source="session.room_id", allow_null=True, help_text="Room id.")


class SpeakerDetailSerializer(SpeakerSerializer):
    sessions = serializers.SerializerMethodField(
        help_text="Their sessions in every public edition (not cancelled), newest edition first."
    )

    @extend_schema_field(SpeakerAppearanceSerializer(many=True))
    def get_sessions(self, instance: Speaker) -> list[dict[str, Any]]:
        return SpeakerAppearanceSerializer(speaker_appearances(instance), many=True).data

    def to_representation(self, instance: Speaker) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["sessions"] = self.get_sessions(instance)
        return data


class SessionSpeakerSerializer(serializers.ModelSerializer):
    speaker = SpeakerSerializer(read_only=True)

    class Meta:
        model = SessionSpeaker
        fields = ["role", "order", "speaker"]


class RoomRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Room
        fields = ["id", "name"]


class SubForumRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubForum
        fields = ["id", "slug", "title"]


class SessionSerializer(serializers.ModelSerializer):
    edition = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    speakers = SessionSpeakerSerializer(source="speaker_roles", many=True, read_only=True)
    room = RoomRefSerializer(read_only=True, allow_null=True)
    sub_forum = SubForumRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "guid",
            "edition",
            "sub_forum",
            "title",
            "kind",
            "start",
            "end",
            "room",
            "abstract",
            "language",
            "is_cancelled",
            "speakers",
            "updated_at",
        ]


class AgendaVersionSerializer(serializers.ModelSerializer):
    changes = serializers.SerializerMethodField(help_text="Number of entries in the changelog.")

    class Meta:
        model = AgendaVersion
        fields = ["number", "published_at", "note", "changes"]

    def get_changes(self, obj: AgendaVersion) -> int:
        return len(obj.changelog or [])


class AgendaVersionDetailSerializer(serializers.ModelSerializer):
    changelog = serializers.JSONField(read_only=True, help_text="What changed since the previous version.")

    class Meta:
        model = AgendaVersion
        fields = ["number", "published_at", "note", "changelog"]
