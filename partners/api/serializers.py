from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from forums.api.queries import public_editions
from partners.enums import WebhookEvent
from partners.models import WebhookSubscription


class WebhookSubscriptionSerializer(serializers.ModelSerializer):
    url = serializers.URLField(max_length=500, help_text="https:// URL receiving signed POSTs.")
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices), allow_empty=False, max_length=20
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

    def validate_url(self, value: str) -> str:
        if not value.lower().startswith("https://"):
            raise serializers.ValidationError(_("Webhook URLs must use https://."))
        return value

    def validate_events(self, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


class WebhookSubscriptionCreatedSerializer(WebhookSubscriptionSerializer):
    secret = serializers.CharField(
        read_only=True, help_text="Signing secret (HMAC-SHA256 of the body). Shown only in this response."
    )

    class Meta(WebhookSubscriptionSerializer.Meta):
        fields = [*WebhookSubscriptionSerializer.Meta.fields, "secret"]
