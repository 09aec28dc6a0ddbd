"""Registrations made by partners through the API, and the public registration types."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from attendees.exceptions import RegistrationError
from attendees.models import Registration, RegistrationType, SubForumChoice
from attendees.services import resolve_sub_forums
from config.api.null_characters import RefuseNullCharacters
from config.languages import LANGUAGE_CHOICES
from forums.selectors import public_editions


class RegistrationTypeSerializer(serializers.ModelSerializer):
    edition = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    seats_left = serializers.IntegerField(read_only=True, allow_null=True, help_text="Empty for no limit.")

    class Meta:
        model = RegistrationType
        fields = [
            "id",
            "slug",
            "edition",
            "name",
            "description",
            "capacity",
            "seats_left",
            "requires_approval",
            "waitlist_enabled",
            "sales_start",
            "sales_end",
        ]
        read_only_fields = fields


class ChoiceSerializer(serializers.ModelSerializer):
    sub_forum = serializers.IntegerField(source="sub_forum_id", read_only=True)
    title = serializers.CharField(source="sub_forum.title", read_only=True)

    class Meta:
        model = SubForumChoice
        fields = ["sub_forum", "title", "status"]
        read_only_fields = fields


class RegistrationSerializer(serializers.ModelSerializer):
    """Read side: what a partner sees of the registrations it made."""

    edition = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    registration_type = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sub_forums = ChoiceSerializer(source="choices", many=True, read_only=True)

    class Meta:
        model = Registration
        fields = [
            "code",
            "status",
            "edition",
            "registration_type",
            "name",
            "email",
            "phone",
            "organisation",
            "job_title",
            "country",
            "language",
            "sub_forums",
            "created_at",
            "expires_at",
            "confirmed_at",
            "waitlisted_at",
            "cancelled_at",
        ]
        read_only_fields = fields


class RegistrationCreateSerializer(RefuseNullCharacters, serializers.Serializer):
    """Write side: validates shapes and resolves slugs; the rules live in register_attendee."""

    edition = serializers.SlugField(max_length=80, help_text="Edition slug.")
    registration_type = serializers.SlugField(max_length=80, help_text="Registration type slug within the edition.")
    name = serializers.CharField(max_length=120)
    email = serializers.EmailField(max_length=254)
    sub_forums = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**62), required=False, max_length=100, default=list
    )
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    organisation = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    job_title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    country = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, required=False, default=settings.LANGUAGE_CODE)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        edition = public_editions().filter(slug=attrs["edition"]).first()
        if edition is None:
            raise serializers.ValidationError({"edition": [_("No such edition.")]})
        registration_type = RegistrationType.objects.filter(edition=edition, slug=attrs["registration_type"]).first()
        if registration_type is None:
            raise serializers.ValidationError({"registration_type": [_("No such registration type in this edition.")]})
        try:
            sub_forums = resolve_sub_forums(edition=edition, sub_forums=attrs.get("sub_forums") or [])
        except RegistrationError as error:
            raise serializers.ValidationError({"sub_forums": [str(error.message)]}) from error
        attrs.update(edition=edition, registration_type=registration_type, sub_forums=sub_forums)
        return attrs
