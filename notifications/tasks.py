from __future__ import annotations

from celery import shared_task

from notifications import services


@shared_task(name="notifications.send_outbox_message")
def send_outbox_message(*, message_id: int) -> bool:
    return services.send_message(message_pk=message_id)


@shared_task(name="notifications.drain_outbox")
def drain_outbox() -> int:
    """Re-queue pending messages that are due: those whose enqueue was lost
    (broker down, worker killed) and those waiting for a retry."""
    ids = services.due_message_ids()
    for pk in ids:
        send_outbox_message.delay(message_id=pk)
    return len(ids)
