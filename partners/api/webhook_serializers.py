from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from config.api.null_characters import RefuseNullCharacters
from forums.selectors import public_editions
from notifications.enums import WebhookEvent
from notifications.models import WebhookSubscription
from notifications.webhook_addresses import RefusedDestinationError, check_subscription_url


class StrictBooleanField(serializers.BooleanField):
    """JSON true or false only (DRF's BooleanField also takes 0, "yes", "on"…)."""

    def to_internal_value(self, data: object) -> bool:
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)
        return False  # unreachable: fail() raises


class WebhookSubscriptionSerializer(RefuseNullCharacters, serializers.ModelSerializer):
    is_active = StrictBooleanField(required=False, default=True)
    url = serializers.URLField(
        max_length=500,
        help_text="https:// URL receiving signed POSTs. Its host must resolve to public addresses only "
        "(not loopback, private, link-local, multicast or reserved ones); it is checked again before every "
        "delivery, which connects to the address checked and follows no redirect.",
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices), min_length=1, max_length=20
    )
    editions = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        required=False,
        queryset=public_editions(),
        help_text="Only events of these editions (slugs); empty for all.",
    )

    class Meta:
        model = WebhookSubscription
        fields = ["id", "url", "events", "editions", "is_active", "created_at"]
        read_only_fields = ["id", "created_at"]

    def to_internal_value(self, data: object) -> dict:
        # DRF would take {} (any iterable) for a list of slugs; the schema says array.
        if isinstance(data, dict) and "editions" in data and not isinstance(data["editions"], list):
            raise serializers.ValidationError({"editions": [_("Expected a list of edition slugs.")]})
        return super().to_internal_value(data)

    def validate_url(self, value: str) -> str:
        try:
            check_subscription_url(value)
        except RefusedDestinationError as exc:
            raise serializers.ValidationError(str(exc)) from exc
        return value

    def validate_events(self, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


class WebhookSubscriptionCreatedSerializer(WebhookSubscriptionSerializer):
    secret = serializers.CharField(
        read_only=True, help_text="Signing secret (HMAC-SHA256 of the body). Shown only in this response."
    )

    class Meta(WebhookSubscriptionSerializer.Meta):
        fields = [*WebhookSubscriptionSerializer.Meta.fields, "secret"]
