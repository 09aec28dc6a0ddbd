"""Thin Celery tasks over reminders and webhooks. Each finds its work in the
database, so running one twice (a redelivery after a worker was lost, an
extra start) does nothing twice."""

from __future__ import annotations

from celery import shared_task

from notifications import reminders, targeted_mail, webhooks


@shared_task(name="notifications.dispatch_reminders")
def dispatch_reminders() -> int:
    """Beat, every minute: write the reminders that are due to the outbox."""
    return reminders.dispatch_due_reminders()


@shared_task(name=webhooks.DELIVER_TASK)
def deliver_webhooks() -> int:
    """Beat, every minute (and on commit of a new event): deliver due webhook events."""
    return webhooks.deliver_due()


@shared_task(name=targeted_mail.QUEUE_TASK)
def queue_due_mails() -> int:
    """Beat, every minute (and on commit of “Send now”): queue the targeted mails that are due."""
    return targeted_mail.queue_due_mails()
