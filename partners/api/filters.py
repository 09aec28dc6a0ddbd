from __future__ import annotations

from config.api.filters import StrictBooleanFilter, StrictFilterSet
from notifications.models import WebhookSubscription


class WebhookFilter(StrictFilterSet):
    is_active = StrictBooleanFilter()

    class Meta:
        model = WebhookSubscription
        fields = ["is_active"]
