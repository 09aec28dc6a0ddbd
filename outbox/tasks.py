"""Thin Celery tasks over the sender. Each finds its work in the database, so
running one twice (a redelivery after a worker was lost, an extra wake-up)
does nothing twice."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from outbox import sending, services, wake

logger = logging.getLogger(__name__)


@shared_task(name="outbox.send_message")
def send_message(*, message_id: int) -> bool:
    return sending.send_message(message_pk=message_id)


@shared_task(name=wake.SEND_BATCH_TASK)
def send_batch() -> int:
    """Send due messages batch after batch for a while; hand over to a fresh task
    when time is up rather than holding the worker (or parking a countdown)."""
    result = sending.send_until_drained(time_budget=settings.OUTBOX_TASK_TIME_BUDGET)
    if result.stopped == "budget":
        # Work is left and only time ran out (a rate limit or a dead server is
        # resumed by the periodic drain instead): carry on in a fresh task.
        send_batch.delay()
    return result.sent


@shared_task(name="outbox.drain")
def drain() -> int:
    """Beat, every 30 s: re-queue what is due — rows whose wake-up was lost
    (broker down), rows waiting for a retry, and rows a killed worker left ``sending``."""
    sending.reap_stale_claims()
    due = len(services.due_message_ids(limit=settings.OUTBOX_BATCH_SIZE * settings.OUTBOX_PARALLEL_BATCHES))
    if due:
        wake.start_batches(due=due)
    return due
