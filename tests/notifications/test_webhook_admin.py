"""Webhook subscriptions in the organiser admin: the signing secret is shown once, a URL without scheme means https."""

import pytest
from django.contrib.messages import get_messages

from notifications.models import WebhookSubscription
from tests.fixtures.api_scoped import _fresh_cache  # noqa: F401 - autouse: a cleared cache, as these tests always had

pytestmark = pytest.mark.django_db


def test_admin_webhook_secret_generated_and_shown_once(admin_client, partner) -> None:
    response = admin_client.post(
        "/admin/notifications/webhooksubscription/add/",
        {
            "organisation": partner.pk,
            "url": "https://p.example.org/h",
            "events": ["agenda.published"],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    secret = WebhookSubscription.objects.get().secret
    assert len(secret) >= 32
    assert secret in " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_admin_webhook_url_without_scheme_means_https(admin_client, partner) -> None:
    data = {"organisation": partner.pk, "url": "p.example.org/h", "events": ["agenda.published"], "is_active": "on"}
    assert admin_client.post("/admin/notifications/webhooksubscription/add/", data).status_code == 302
    assert WebhookSubscription.objects.get().url == "https://p.example.org/h"
