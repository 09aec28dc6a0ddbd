"""Public speakers and sessions, in the active language. Never contact details."""

from __future__ import annotations

from rest_framework import serializers

from forums.models import Room, SubForum
from sessions.models import AgendaVersion, Session, SessionSpeaker, Speaker


class SpeakerSerializer(serializers.ModelSerializer):
    public_line = serializers.CharField(read_only=True, help_text="Titles then name, as a programme prints it.")
    photo = serializers.ImageField(read_only=True, allow_null=True, use_url=True)

    class Meta:
        model = Speaker
        # Deliberately listed: `email` is private and must never be added here.
        fields = [
            "id",
            "slug",
            "name",
            "honour",
            "honorific",
            "position",
            "affiliation",
            "biography",
            "public_line",
            "photo",
            "website",
            "links",
        ]


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
