"""The Celery application: configuration from Django settings, tasks found in
each app's ``tasks.py``, and the periodic schedule written out here."""

from __future__ import annotations

import os
from pathlib import Path

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic work. Beat only nudges: the tasks find what is due in the database,
# so nothing long-lived is parked in the broker.
app.conf.beat_schedule = {
    # outbox: what is due and was not started on commit (broker down, retries, dead workers).
    "drain-outbox": {
        "task": "outbox.drain",
        "schedule": 30.0,
    },
    "expire-pending-registrations": {
        "task": "attendees.expire_pending_registrations",
        "schedule": crontab(minute="*"),
    },
    # speakers: unanswered invitations lapse at their answer-by date, or are reminded before it.
    "expire-invitations": {
        "task": "speakers.expire_invitations",
        "schedule": crontab(minute="*/5"),
    },
    "remind-invitations": {
        "task": "speakers.remind_invitations",
        "schedule": crontab(minute="*/15"),
    },
    # speakers: what to know before their session (time, room, moderator, fellow panelists, materials).
    "remind-speakers-of-sessions": {
        "task": "speakers.remind_sessions",
        "schedule": crontab(minute="*/10"),
    },
    # notifications: reminders that became due; webhook events due for (re)delivery.
    "dispatch-reminders": {
        "task": "notifications.dispatch_reminders",
        "schedule": crontab(minute="*"),
    },
    "queue-due-mails": {
        "task": "notifications.queue_due_mails",
        "schedule": crontab(minute="*"),
    },
    "deliver-webhooks": {
        "task": "notifications.deliver_webhooks",
        "schedule": crontab(minute="*"),
    },
    # spreadsheets: a worker's export file and an uploaded import file are deleted
    # SPREADSHEETS_EXPORT_RETENTION_HOURS after they were written.
    "purge-export-files": {
        "task": "spreadsheets.purge_exports",
        "schedule": crontab(minute=7),
    },
    # partners: stored Idempotency-Key answers are kept for a day.
    "purge-idempotency-records": {
        "task": "partners.purge_idempotency_records",
        "schedule": crontab(minute=17, hour=3),
    },
}


def ensure_filesystem_broker_folders() -> None:
    """The embedded broker keeps its messages in folders that must exist."""
    from django.conf import settings  # noqa: PLC0415 - settings are configured by the time Celery calls this

    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get(key)
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)


@app.on_after_configure.connect
def _on_after_configure(sender: Celery, **kwargs: object) -> None:
    if str(sender.conf.broker_url).startswith("filesystem://"):
        ensure_filesystem_broker_folders()
