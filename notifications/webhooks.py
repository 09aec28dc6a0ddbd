"""Signed webhook events for partner sites, delivered from the database.

Each event is frozen into a WebhookDelivery row per subscription in the
transaction that causes it, and delivered after commit (and by the periodic
task): ``X-Agora-Signature: sha256=<HMAC-SHA256(secret, "<timestamp>.<body>")>``
with ``X-Agora-Timestamp`` (Unix seconds) so receivers can refuse replays.
Failures are retried with exponential backoff for WEBHOOK_RETRY_HOURS; every
attempt is recorded as a WebhookAttempt. A URL the address rule refuses
(``webhook_addresses``: https only, public addresses only) fails at once, the
reason in the attempt log, and is not retried; deliveries go to the checked
address (``webhook_http``) and follow no redirect.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from forums.models import Edition, Organisation
from notifications import webhook_addresses, webhook_http
from notifications.enums import WebhookStatus
from notifications.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from outbox.retry import backoff

logger = logging.getLogger(__name__)
CLAIM_LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(minutes=1)
DELIVER_TASK = "notifications.deliver_webhooks"


def sign(secret: str, timestamp: int, body: str) -> str:
    """The signature header value a receiver recomputes to trust the body."""
    digest = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def create_webhook_subscription(
    *, organisation: Organisation, url: str, events: Iterable[str], editions: Iterable[Edition] = ()
) -> WebhookSubscription:
    """Subscribe a partner URL; the signing secret is generated here and shown once."""
    subscription = WebhookSubscription.objects.create(
        organisation=organisation, url=url, events=list(dict.fromkeys(events)), secret=new_webhook_secret()
    )
    subscription.editions.set(editions)
    return subscription


def subscriptions_for(*, event: str, edition: Edition, organisation_id: int | None = None) -> list[WebhookSubscription]:
    """Active subscriptions to ``event`` that cover ``edition`` (no editions: all); only one
    organisation's when ``organisation_id`` is given."""
    # Filtered in Python: JSON "contains" is not portable to SQLite, and a site has few subscriptions.
    subscriptions = WebhookSubscription.objects.filter(is_active=True).prefetch_related("editions")
    if organisation_id is not None:
        subscriptions = subscriptions.filter(organisation_id=organisation_id)
    return [
        s
        for s in subscriptions
        if event in (s.events or []) and (not s.editions.all() or any(e.pk == edition.pk for e in s.editions.all()))
    ]


@dataclass(frozen=True)
class Event:
    """One event for :func:`queue_events`; ``data`` may be a function, called only when someone subscribed."""

    event: str
    edition: Edition
    event_id: str
    data: dict[str, Any] | Callable[[], dict[str, Any]]
    organisation_id: int | None = None


def queue_event(
    *,
    event: str,
    edition: Edition,
    event_id: str,
    data: dict[str, Any] | Callable[[], dict[str, Any]],
    organisation_id: int | None = None,
) -> int:
    """Write one delivery per matching subscription (``subscriptions_for``); deliver after commit.

    Idempotent on ``event_id``. ``data`` may be a function, called only when someone subscribed.
    """
    return queue_events([Event(event, edition, event_id, data, organisation_id)])


def queue_events(events: Iterable[Event]) -> int:
    """:func:`queue_event` for many events: the subscriptions looked up once per event, edition and
    organisation, the deliveries written in one INSERT. Returns how many deliveries were written."""
    found: dict[tuple[str, int, int | None], list[WebhookSubscription]] = {}
    deliveries = []
    for item in events:
        key = (item.event, item.edition.pk, item.organisation_id)
        if key not in found:
            found[key] = subscriptions_for(event=item.event, edition=item.edition, organisation_id=item.organisation_id)
        subscriptions = found[key]
        if not subscriptions:
            continue
        data = item.data() if callable(item.data) else item.data
        body = json.dumps(
            {"id": item.event_id, "event": item.event, "created_at": timezone.now().isoformat(), "data": data},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        deliveries += [
            WebhookDelivery(subscription=s, event=item.event, event_id=item.event_id, body=body) for s in subscriptions
        ]
    if not deliveries:
        return 0
    WebhookDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    transaction.on_commit(start_delivery)
    return len(deliveries)


def start_delivery() -> None:
    """Start a delivery task now (on the commit that queued events); the periodic one covers a lost start.

    Looked up by name: the tasks module imports this one.
    """
    try:
        current_app.tasks[DELIVER_TASK].delay()
    except Exception:
        logger.warning("Could not start webhook delivery; the periodic task will pick it up", exc_info=True)


def deliver(delivery: WebhookDelivery) -> bool:
    """POST one delivery, record the attempt, schedule a retry or give up after the window."""
    subscription = delivery.subscription
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Agora-Webhooks/1",
        "X-Agora-Event": delivery.event,
        "X-Agora-Delivery": delivery.event_id,
        "X-Agora-Timestamp": str(timestamp),
        "X-Agora-Signature": sign(subscription.secret, timestamp, delivery.body),
    }
    started = time.monotonic()
    status_code, error, refused = None, "", False
    try:
        with translation.override(None):  # the attempt log is in English, like the network's errors
            destination = webhook_addresses.destination(subscription.url)
        status_code = webhook_http.post(destination, delivery.body.encode(), headers, timeout=settings.WEBHOOK_TIMEOUT)
    except webhook_addresses.RefusedDestinationError as exc:
        error, refused = f"Refused, not sent: {exc}", True
    except (OSError, http.client.HTTPException) as exc:
        error = repr(exc)[:2000]
    if status_code is not None and not 200 <= status_code < 300:
        error = f"HTTP {status_code}" + (" (redirects are not followed)" if 300 <= status_code < 400 else "")
    duration = int((time.monotonic() - started) * 1000)
    ok = status_code is not None and 200 <= status_code < 300
    now = timezone.now()
    attempts = delivery.attempts + 1
    with transaction.atomic():
        WebhookAttempt.objects.create(delivery=delivery, status_code=status_code, error=error, duration_ms=duration)
        delivery.attempts = attempts
        delivery.last_status_code = status_code
        delivery.last_error = error
        if ok:
            delivery.status, delivery.delivered_at = WebhookStatus.DELIVERED, now
        elif refused:  # the address rule will refuse it again: no retries
            delivery.status = WebhookStatus.FAILED
        else:
            next_at = now + backoff(attempts, first=FIRST_RETRY)
            gave_up = next_at > delivery.created_at + timedelta(hours=settings.WEBHOOK_RETRY_HOURS)
            delivery.status = WebhookStatus.FAILED if gave_up else WebhookStatus.PENDING
            delivery.next_attempt_at = next_at
        delivery.save(
            update_fields=["attempts", "last_status_code", "last_error", "status", "delivered_at", "next_attempt_at"]
        )
    return ok


def deliver_due(*, limit: int = 50) -> int:
    """Deliver due events; a lease on ``next_attempt_at`` keeps two workers apart
    and brings a delivery back if its worker dies mid-request."""
    now = timezone.now()
    with transaction.atomic():
        pks = list(
            WebhookDelivery.objects.filter(status=WebhookStatus.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        WebhookDelivery.objects.filter(pk__in=pks).update(next_attempt_at=now + CLAIM_LEASE)
    delivered = 0
    for delivery in WebhookDelivery.objects.filter(pk__in=pks).select_related("subscription").order_by("pk"):
        delivered += deliver(delivery)
    return delivered
