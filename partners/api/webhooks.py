"""Partners manage their own webhook subscriptions; another partner's answer 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.base import ApiViewMixin
from notifications.models import WebhookSubscription
from notifications.webhooks import create_webhook_subscription
from partners.api.filters import WebhookFilter
from partners.api.webhook_serializers import WebhookSubscriptionCreatedSerializer, WebhookSubscriptionSerializer
from partners.models import ApiKey
from partners.services import key_allows_edition


@extend_schema_view(
    list=extend_schema(
        summary="This partner's webhook subscriptions",
        description="The subscriptions of the key's partner (never their signing secrets).",
        tags=["webhooks"],
    ),
    retrieve=extend_schema(
        summary="A webhook subscription",
        description="One of this partner's subscriptions; another partner's answers 404.",
        tags=["webhooks"],
    ),
    create=extend_schema(
        summary="Subscribe a URL to events",
        description="Events are POSTed as signed JSON (`X-Agora-Signature`, HMAC-SHA256 with the secret returned "
        "here, once). `agenda.published` for every edition the subscription covers; `registration.created` and "
        "`registration.updated` (each status change) for the registrations this partner made, their `data` being "
        "the registration as `GET /api/v1/registrations/{code}/` shows it.",
        tags=["webhooks"],
        responses={201: WebhookSubscriptionCreatedSerializer},
    ),
    update=extend_schema(summary="Replace a subscription", description="Its secret stays the same.", tags=["webhooks"]),
    partial_update=extend_schema(
        summary="Change a subscription",
        description="Only the fields sent change; its secret stays the same.",
        tags=["webhooks"],
    ),
    destroy=extend_schema(
        summary="Delete a subscription",
        description="Pending deliveries to it are dropped.",
        tags=["webhooks"],
    ),
)
class WebhookSubscriptionViewSet(ApiViewMixin, viewsets.ModelViewSet):
    serializer_class = WebhookSubscriptionSerializer
    scopes = {"*": "webhooks:manage"}
    filterset_class = WebhookFilter
    search_fields = ["url"]
    ordering_fields = ["created_at", "url"]

    def get_queryset(self) -> QuerySet[WebhookSubscription]:
        if not isinstance(self.request.auth, ApiKey):  # schema generation
            return WebhookSubscription.objects.none()
        return (
            WebhookSubscription.objects.filter(organisation=self.request.auth.organisation)
            .prefetch_related("editions")
            .order_by("created_at", "pk")
        )

    def _check_editions(self, serializer: WebhookSubscriptionSerializer) -> None:
        editions = serializer.validated_data.get("editions", [])
        refused = [e.slug for e in editions if not key_allows_edition(self.request.auth, e)]
        if refused:
            message = _("This API key is limited to other editions: %(slugs)s.") % {"slugs": ", ".join(refused)}
            raise ValidationError({"editions": [message]})

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self._check_editions(serializer)
        subscription = create_webhook_subscription(
            organisation=request.auth.organisation,
            url=serializer.validated_data["url"],
            events=serializer.validated_data["events"],
            editions=serializer.validated_data.get("editions", []),
        )
        return Response(WebhookSubscriptionCreatedSerializer(subscription).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer: WebhookSubscriptionSerializer) -> None:
        self._check_editions(serializer)
        serializer.save()
