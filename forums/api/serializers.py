"""Public representations of forums, editions, sub-forums and rooms, in the
active language (modeltranslation falls back to the other one)."""

from __future__ import annotations

from rest_framework import serializers

from forums.models import Edition, Forum, Organisation, Room, SubForum, Venue


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "slug", "name", "short_name", "kind", "website"]


class ForumSerializer(serializers.ModelSerializer):
    initiator = OrganisationSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Forum
        fields = ["id", "slug", "name", "description", "first_held_year", "initiator", "website"]


class VenueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Venue
        fields = ["id", "slug", "name", "city", "address"]


class RoomSerializer(serializers.ModelSerializer):
    venue = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Room
        fields = ["id", "name", "capacity", "floor", "venue"]


class EditionSerializer(serializers.ModelSerializer):
    forum = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    venue = VenueSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Edition
        fields = [
            "id",
            "slug",
            "forum",
            "number",
            "year",
            "title",
            "theme",
            "description",
            "host_city",
            "venue",
            "start",
            "end",
            "time_zone",
            "status",
            "registration_opens",
            "registration_closes",
            "min_subforum_choices",
            "max_subforum_choices",
            "updated_at",
        ]


class SubForumSerializer(serializers.ModelSerializer):
    edition = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    hosts = OrganisationSerializer(many=True, read_only=True)
    room = RoomSerializer(read_only=True, allow_null=True)
    seats_left = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = SubForum
        fields = [
            "id",
            "slug",
            "edition",
            "title",
            "theme",
            "description",
            "hosts",
            "room",
            "start",
            "end",
            "capacity",
            "seats_left",
            "requires_registration",
            "order",
        ]
