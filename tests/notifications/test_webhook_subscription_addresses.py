"""Saving a webhook subscription (the partner API and the admin) applies the address rule."""

from __future__ import annotations

import pytest

from notifications.models import WebhookSubscription
from tests.fixtures.api import ALL_SCOPES
from tests.notifications.conftest import INTRANET_HOST

pytestmark = pytest.mark.django_db

WEBHOOKS = "/api/v1/webhooks/"
PRIVATE_URLS = [
    "https://127.0.0.1:8443/hook",
    "https://169.254.169.254/latest/meta-data/",
    "https://[::1]:6379/",
    "https://[::ffff:192.168.0.1]/",
    "https://intranet.partner.example/hook",  # resolves to 10.0.0.8
]


@pytest.fixture
def partner_dns(dns):
    dns.answers["intranet.partner.example"] = ["10.0.0.8"]
    dns.answers["hooks.partner.example"] = ["93.184.215.14"]
    return dns


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_api_refuses_private_destinations(partner_dns, key_client, url) -> None:
    response = key_client(ALL_SCOPES).post(
        WEBHOOKS,
        {"url": url, "events": ["agenda.published"]},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["url"]
    assert "not a public address" in response.json()["errors"]["url"][0]
    assert not WebhookSubscription.objects.exists()


def test_api_refuses_changing_a_subscription_to_a_private_destination(partner_dns, key_client) -> None:
    client = key_client(ALL_SCOPES)
    created = client.post(
        WEBHOOKS,
        {"url": "https://hooks.partner.example/h", "events": ["agenda.published"]},
        content_type="application/json",
    )
    assert created.status_code == 201
    url = f"{WEBHOOKS}{created.json()['id']}/"
    response = client.patch(url, {"url": "https://169.254.169.254/"}, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["url"]
    assert WebhookSubscription.objects.get().url == "https://hooks.partner.example/h"


def test_api_accepts_an_allowed_private_host(dns, key_client, settings) -> None:
    settings.WEBHOOK_ALLOWED_PRIVATE_HOSTS = [INTRANET_HOST]
    dns.answers[INTRANET_HOST] = ["10.0.0.8"]
    response = key_client(ALL_SCOPES).post(
        WEBHOOKS, {"url": f"https://{INTRANET_HOST}/h", "events": ["agenda.published"]}, content_type="application/json"
    )
    assert response.status_code == 201


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_admin_refuses_private_destinations(partner_dns, admin_client, partner, url) -> None:
    data = {"organisation": partner.pk, "url": url, "events": ["agenda.published"], "is_active": "on"}
    response = admin_client.post("/admin/notifications/webhooksubscription/add/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "not a public address" in response.content.decode()
    assert not WebhookSubscription.objects.exists()
