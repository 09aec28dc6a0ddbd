"""A real worker on the real Redis sends to a real SMTP server: every message
arrives exactly once, also when the worker is killed mid-batch, and also when
the broker was down while the e-mail was queued."""

from __future__ import annotations

import datetime as dt
import time
import warnings

import pytest
import redis
from celery.exceptions import AlwaysEagerIgnored
from django.db import transaction
from django.utils import timezone

from attendees.models import Registration
from config.celery import app as celery_app
from outbox import wake
from outbox.enums import OutboxStatus
from outbox.models import OutboxMessage
from tests.factories import EditionFactory, RegistrationTypeFactory
from tests.integration.conftest import free_port, reset_broker_connections, send_task
from tests.notifications.factories import bilingual_rule
from tests.outbox.factories import queue

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

RECIPIENTS = 1000


def reminder_due_now(count: int) -> None:
    start = timezone.now() + dt.timedelta(hours=12)
    edition = EditionFactory(start=start, registration_opens=None, registration_closes=None)
    registration_type = RegistrationTypeFactory(edition=edition, capacity=None)
    Registration.objects.bulk_create(
        [
            Registration(
                edition=edition,
                registration_type=registration_type,
                name=f"参会者{i}",
                email=f"r{i}@example.org",
                status="confirmed",
                language="en" if i % 2 else "zh-hans",
            )
            for i in range(count)
        ],
        batch_size=500,
    )
    bilingual_rule(edition=edition, offset=dt.timedelta(days=1))


def expected_message_ids() -> set[str]:
    return set(OutboxMessage.objects.values_list("message_id", flat=True))


def test_thousand_recipient_reminder_arrives_exactly_once(smtp_sink, worker_factory) -> None:
    sink, _port = smtp_sink
    reminder_due_now(RECIPIENTS)
    worker_factory()
    send_task("notifications.dispatch_reminders", worker_factory.queue)

    sink.wait_for(RECIPIENTS, timeout=45)
    time.sleep(0.5)  # anything sent twice would arrive now
    assert len(sink.message_ids) == RECIPIENTS
    assert sink.duplicates() == {}
    assert set(sink.message_ids) == expected_message_ids()
    assert sorted(sink.recipients) == sorted(f"r{i}@example.org" for i in range(RECIPIENTS))
    assert OutboxMessage.objects.exclude(status=OutboxStatus.SENT).count() == 0


def test_worker_killed_mid_batch_loses_and_duplicates_nothing(smtp_sink, worker_factory) -> None:
    sink, _port = smtp_sink
    sink.hold_at = 350
    reminder_due_now(RECIPIENTS)
    first = worker_factory()
    send_task("notifications.dispatch_reminders", worker_factory.queue)

    assert sink.holding.wait(timeout=45), "the worker never reached the 350th message"
    first.kill()  # SIGKILL to the whole process group while message 350 awaits the server's reply
    sink.release.set()
    sending = OutboxMessage.objects.filter(status=OutboxStatus.SENDING).count()
    assert len(sink.message_ids) == 349
    assert sending >= 1  # the dead worker's claim, including the message in flight

    worker_factory()
    time.sleep(3.2)  # OUTBOX_CLAIM_TIMEOUT=3 for these workers: the claim is now stale
    # What beat sends every minute; the dead worker's unacknowledged task stays parked in Redis.
    send_task("notifications.dispatch_reminders", worker_factory.queue)
    send_task("outbox.drain", worker_factory.queue)

    sink.wait_for(RECIPIENTS, timeout=45)
    time.sleep(0.5)
    assert sink.duplicates() == {}
    assert len(sink.message_ids) == RECIPIENTS
    assert set(sink.message_ids) == expected_message_ids()
    assert OutboxMessage.objects.exclude(status=OutboxStatus.SENT).count() == 0
    # Only the message in flight at the kill was attempted twice (the sink refused it the first time).
    attempts = sorted(OutboxMessage.objects.values_list("attempts", flat=True))
    assert attempts == [1] * (RECIPIENTS - 1) + [2]


def test_email_queued_while_broker_is_down_is_delivered_once_it_is_back(
    smtp_sink, worker_factory, redis_url, settings
) -> None:
    sink, _port = smtp_sink
    real_broker = celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    reset_broker_connections()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AlwaysEagerIgnored)
            with transaction.atomic():
                message = queue(
                    kind="registration_confirmation",
                    to="new@example.org",
                    subject="Please confirm",
                    text="Follow the link",
                    dedupe_key="confirm:broker-down",
                )
            wake.flush()  # the kick is tried now, while the broker is unreachable
    finally:
        celery_app.conf.broker_url = real_broker
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
        reset_broker_connections()
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING  # committed, not enqueued
    assert redis.Redis.from_url(redis_url).llen(worker_factory.queue) == 0

    worker_factory()
    send_task("outbox.drain", worker_factory.queue)  # what beat does every 30 s
    sink.wait_for(1, timeout=30)
    time.sleep(0.5)
    assert sink.message_ids == [message.message_id]
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
