"""Thin Celery tasks over the outbox, reminders and webhooks. Each finds its
work in the database, so running one twice (a redelivery after a worker was
lost, an extra kick) does nothing twice."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from notifications import outbox, reminders, services, webhooks

logger = logging.getLogger(__name__)


@shared_task(name="notifications.send_outbox_message")
def send_outbox_message(*, message_id: int) -> bool:
    return services.send_message(message_pk=message_id)


@shared_task(name="notifications.send_outbox_batch")
def send_outbox_batch() -> int:
    """Send due messages batch after batch for a while; hand over to a fresh task
    when time is up rather than holding the worker (or parking a countdown)."""
    result = outbox.send_until_drained(time_budget=settings.OUTBOX_TASK_TIME_BUDGET)
    if result.stopped == "budget":
        # Work is left and only time ran out (a rate limit or a dead server is
        # resumed by the periodic drain instead): carry on in a fresh task.
        send_outbox_batch.delay()
    return result.sent


@shared_task(name="notifications.drain_outbox")
def drain_outbox() -> int:
    """Re-queue what is due: rows whose enqueue was lost (broker down), rows
    waiting for a retry, and rows a killed worker left ``sending``."""
    outbox.reap_stale_claims()
    due = len(services.due_message_ids(limit=settings.OUTBOX_BATCH_SIZE * settings.OUTBOX_PARALLEL_BATCHES))
    if due:
        services.kick_senders(due=due)
    return due


@shared_task(name="notifications.dispatch_reminders")
def dispatch_reminders() -> int:
    """Beat, every minute: write the reminders that are due to the outbox."""
    return reminders.dispatch_due_reminders()


@shared_task(name="notifications.deliver_webhooks")
def deliver_webhooks() -> int:
    """Beat, every minute (and on commit of a publish): deliver due webhook events."""
    return webhooks.deliver_due()
