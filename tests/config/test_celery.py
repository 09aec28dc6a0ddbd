from datetime import timedelta

from celery.schedules import crontab

from config.celery import app


def test_reliability_settings_for_late_acknowledgement() -> None:
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_publish_retry_policy["max_retries"] <= 3  # enqueueing on commit fails fast


def test_beat_nudges_every_periodic_task_and_each_is_registered() -> None:
    app.loader.import_default_modules()
    schedule = app.conf.beat_schedule
    assert schedule["dispatch-reminders"]["task"] == "notifications.dispatch_reminders"
    assert schedule["deliver-webhooks"]["task"] == "notifications.deliver_webhooks"
    assert schedule["drain-outbox"]["task"] == "outbox.drain"
    for entry in ("dispatch-reminders", "deliver-webhooks"):
        assert schedule[entry]["schedule"] == crontab(minute="*")
    assert timedelta(seconds=schedule["drain-outbox"]["schedule"]) <= timedelta(minutes=1)
    for name in (
        "notifications.dispatch_reminders",
        "notifications.deliver_webhooks",
        "outbox.drain",
        "outbox.send_batch",
        "outbox.send_message",
        "attendees.expire_pending_registrations",
        "partners.purge_idempotency_records",
    ):
        assert name in app.tasks
