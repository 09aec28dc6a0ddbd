"""Deliveries go only where the address rule allows, to the very address it checked,
and follow no redirect; a refused delivery fails at once with the reason in its log."""

from __future__ import annotations

import pytest
from django.utils import timezone

from notifications import webhook_addresses, webhooks
from notifications.models import WebhookDelivery, WebhookSubscription
from tests.factories import EditionFactory, OrganisationFactory
from tests.notifications.conftest import INTRANET_HOST

pytestmark = pytest.mark.django_db


def queue_one(url: str) -> WebhookDelivery:
    """A delivery for a subscription saved before its name pointed where it points now."""
    edition = EditionFactory()
    WebhookSubscription.objects.create(
        organisation=OrganisationFactory(), url=url, events=["agenda.published"], secret="s"
    )
    webhooks.queue_event(event="agenda.published", edition=edition, event_id="e1", data={"n": 1})
    return WebhookDelivery.objects.get()


def deliver_all() -> int:
    WebhookDelivery.objects.filter(status="pending").update(next_attempt_at=timezone.now())
    return webhooks.deliver_due()


@pytest.mark.parametrize("host", ["evil.partner.example", "127.0.0.1"])
def test_delivery_to_a_loopback_address_is_refused_and_not_retried(dns, receiver, host) -> None:
    dns.answers["evil.partner.example"] = ["127.0.0.1"]
    delivery = queue_one(f"https://{host}:{receiver.port}/hook")

    assert deliver_all() == 0
    assert receiver.handler.received == []
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 1, None)
    error = delivery.attempt_log.get().error
    assert error.startswith("Refused, not sent:")
    assert "127.0.0.1, which is not a public address" in error
    assert deliver_all() == 0
    assert delivery.attempt_log.count() == 1


def test_allowed_private_host_is_delivered_to_the_address_resolved_once(dns, receiver, settings) -> None:
    settings.WEBHOOK_ALLOWED_PRIVATE_HOSTS = [INTRANET_HOST]
    dns.answers[INTRANET_HOST] = ["127.0.0.1"]
    delivery = queue_one(f"https://{INTRANET_HOST}:{receiver.port}/agora?site=1")

    assert deliver_all() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_status_code) == ("delivered", 200)
    ((headers, body),) = receiver.handler.received
    assert headers["Host"] == f"{INTRANET_HOST}:{receiver.port}"
    assert body == delivery.body.encode()
    assert dns.asked == [INTRANET_HOST]  # looked up once, to check it, and connected to that answer


def test_a_name_rebound_after_the_check_is_not_looked_up_again(dns, receiver, monkeypatch) -> None:
    # The check sees the first answer; a second lookup would get another address (127.0.0.2,
    # where nothing listens). Loopback stands in for a public address in this test.
    answers = iter([["127.0.0.1"], ["127.0.0.2"]])
    dns.answers[INTRANET_HOST] = lambda: next(answers)  # not an allowed host here: the rule applies
    monkeypatch.setattr(webhook_addresses, "is_public", lambda address: str(address) == "127.0.0.1")
    queue_one(f"https://{INTRANET_HOST}:{receiver.port}/hook")

    assert deliver_all() == 1
    assert len(receiver.handler.received) == 1
    assert dns.asked == [INTRANET_HOST]


def test_redirects_are_not_followed(dns, receiver, settings) -> None:
    settings.WEBHOOK_ALLOWED_PRIVATE_HOSTS = [INTRANET_HOST]
    dns.answers[INTRANET_HOST] = ["127.0.0.1"]
    receiver.handler.replies = [302]
    delivery = queue_one(f"https://{INTRANET_HOST}:{receiver.port}/hook")

    assert deliver_all() == 0
    assert len(receiver.handler.received) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_status_code) == ("pending", 302)
    assert delivery.last_error == "HTTP 302 (redirects are not followed)"


def test_plain_http_is_refused_even_for_an_allowed_host(dns, settings) -> None:
    settings.WEBHOOK_ALLOWED_PRIVATE_HOSTS = [INTRANET_HOST]
    dns.answers[INTRANET_HOST] = ["127.0.0.1"]
    delivery = queue_one(f"http://{INTRANET_HOST}:9/hook")
    deliver_all()
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert "must use https://" in delivery.last_error
    assert dns.asked == []
