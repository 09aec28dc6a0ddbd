import datetime as dt
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from outbox import sending, services, tasks
from outbox.enums import OutboxStatus, SuppressionReason, SuppressionScope
from outbox.models import OutboxMessage, Suppression
from tests.outbox.factories import ScriptedBackend, queue, refused

SCRIPTED = "tests.outbox.factories.ScriptedBackend"


def queue_many(n: int, *, kind: str = "test", prefix: str = "m") -> list[OutboxMessage]:
    return [
        queue(kind=kind, to=f"{prefix}{i}@example.org", subject=f"S{i}", text="body", dedupe_key=f"{prefix}:{i}")
        for i in range(n)
    ]


@pytest.fixture
def scripted(settings):
    settings.EMAIL_BACKEND = SCRIPTED
    ScriptedBackend.reset()
    return ScriptedBackend


@pytest.mark.django_db
def test_queue_email_sends_on_commit_with_deterministic_message_id(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(kind="confirmation", to="a@example.org", subject="Hello", text="Body", dedupe_key="confirm:1")
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == message.message_id
    assert message.message_id == services.message_id_for("confirm:1")


@pytest.mark.django_db
def test_queue_email_twice_with_same_key_keeps_one_row_and_one_mail(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(kind="k", to="a@example.org", subject="S", text="T", dedupe_key="same")
        second = queue(kind="k", to="a@example.org", subject="S", text="T", dedupe_key="same")
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks) -> None:
    def register_then_fail() -> None:
        with transaction.atomic():
            queue_many(1)
            raise RuntimeError("the registration failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        register_then_fail()
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_batch_sends_many_messages_over_one_connection(scripted, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        queue_many(25)
    result = sending.send_due_batch()
    assert (result.claimed, result.sent) == (25, 25)
    assert scripted.opened == 1
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 25


@pytest.mark.django_db
def test_permanent_failure_is_recorded_and_suppresses_without_stopping_batch(
    scripted, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        queue_many(3)
    scripted.reset({"m1@example.org": refused("m1@example.org", 550)})
    result = sending.send_due_batch()
    assert (result.sent, result.failed) == (2, 1)
    bounced = OutboxMessage.objects.get(recipient="m1@example.org")
    assert bounced.status == OutboxStatus.FAILED
    assert bounced.last_error.startswith("550")
    suppression = Suppression.objects.get()
    assert (suppression.address, suppression.reason, suppression.scope) == (
        "m1@example.org",
        SuppressionReason.HARD_BOUNCE,
        SuppressionScope.ALL,
    )
    assert sorted(m.to[0] for m in scripted.sent) == ["m0@example.org", "m2@example.org"]


@pytest.mark.django_db
def test_data_rejection_5xx_fails_message_but_does_not_suppress(scripted, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        queue_many(1)
    scripted.reset({"m0@example.org": smtplib.SMTPDataError(554, b"content rejected")})
    sending.send_due_batch()
    assert OutboxMessage.objects.get().status == OutboxStatus.FAILED
    assert Suppression.objects.count() == 0


@pytest.mark.django_db
def test_temporary_failure_retries_with_exponential_backoff_then_gives_up(
    scripted, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        (message,) = queue_many(1)
    scripted.reset({"m0@example.org": refused("m0@example.org", 451)})
    before = timezone.now()
    sending.send_due_batch()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)
    assert message.last_error.startswith("451")
    assert before + dt.timedelta(seconds=29) < message.next_attempt_at < before + dt.timedelta(seconds=40)
    # Not due yet: nothing is claimed.
    assert sending.send_due_batch().claimed == 0
    delays = []
    for attempt in range(2, sending.MAX_ATTEMPTS + 1):
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        sending.send_due_batch()
        message.refresh_from_db()
        delays.append(sending.backoff(attempt, first=sending.FIRST_RETRY).total_seconds())
    assert delays[:3] == [60, 120, 240]
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, sending.MAX_ATTEMPTS)


@pytest.mark.django_db
def test_lost_connection_retries_current_and_releases_the_rest_unattempted(
    scripted, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        queue_many(4)
    scripted.reset({"m1@example.org": smtplib.SMTPServerDisconnected("gone")})
    result = sending.send_due_batch()
    assert (result.sent, result.retry, result.released, result.stopped) == (1, 1, 2, "connection")
    rows = {m.recipient: (m.status, m.attempts) for m in OutboxMessage.objects.all()}
    assert rows == {
        "m0@example.org": (OutboxStatus.SENT, 1),
        "m1@example.org": (OutboxStatus.PENDING, 1),
        "m2@example.org": (OutboxStatus.PENDING, 0),
        "m3@example.org": (OutboxStatus.PENDING, 0),
    }


@pytest.mark.django_db
def test_suppressed_addresses_are_skipped_by_scope(scripted, django_capture_on_commit_callbacks) -> None:
    services.suppress_address(address="Bounced@Example.org", reason=SuppressionReason.HARD_BOUNCE)
    services.unsubscribe(address="quiet@example.org")
    with django_capture_on_commit_callbacks(execute=False):
        for to, kind, optional in [
            ("bounced@example.org", "confirmation", False),
            ("quiet@example.org", "reminder", True),
            ("quiet@example.org", "agenda_change", False),
        ]:
            queue(kind=kind, to=to, subject="S", text="T", dedupe_key=f"{to}:{kind}", optional=optional)
    result = sending.send_due_batch()
    assert (result.sent, result.suppressed) == (1, 2)
    statuses = {(m.recipient, m.kind): (m.status, m.last_error) for m in OutboxMessage.objects.all()}
    assert statuses[("bounced@example.org", "confirmation")] == (OutboxStatus.SUPPRESSED, "suppressed (all)")
    assert statuses[("quiet@example.org", "reminder")] == (OutboxStatus.SUPPRESSED, "suppressed (optional)")
    assert statuses[("quiet@example.org", "agenda_change")][0] == OutboxStatus.SENT


@pytest.mark.django_db
def test_rate_limit_per_minute_leaves_the_rest_pending(scripted, settings, django_capture_on_commit_callbacks) -> None:
    settings.OUTBOX_RATE_LIMIT_PER_MINUTE = 3
    with django_capture_on_commit_callbacks(execute=False):
        queue_many(5)
    with mock.patch("outbox.sending.time.time", return_value=1_000_000.0):
        result = sending.send_until_drained(time_budget=5)
    assert (result.sent, result.stopped) == (3, "rate")
    assert OutboxMessage.objects.filter(status=OutboxStatus.PENDING, attempts=0).count() == 2
    with mock.patch("outbox.sending.time.time", return_value=1_000_060.0):
        assert sending.send_until_drained(time_budget=5).sent == 2


def _stale_claim(messages: list[OutboxMessage], claim_id: str = "deadbeef") -> None:
    OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]).update(
        status=OutboxStatus.SENDING, claim_id=claim_id, claimed_at=timezone.now() - dt.timedelta(hours=1)
    )


@pytest.mark.django_db
def test_reaper_requeues_a_dead_workers_claim_and_flags_the_in_flight_message(
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        messages = queue_many(3)
    _stale_claim(messages)
    assert sending.reap_stale_claims() == 3
    rows = list(OutboxMessage.objects.order_by("pk").values_list("status", "attempts", "claim_id"))
    assert rows == [(OutboxStatus.PENDING, 1, ""), (OutboxStatus.PENDING, 0, ""), (OutboxStatus.PENDING, 0, "")]
    assert "same Message-ID" in OutboxMessage.objects.order_by("pk").first().last_error


@pytest.mark.django_db
def test_reaper_in_at_most_once_mode_fails_the_uncertain_message(settings, django_capture_on_commit_callbacks) -> None:
    settings.OUTBOX_RESEND_UNCERTAIN = False
    with django_capture_on_commit_callbacks(execute=False):
        messages = queue_many(2)
    _stale_claim(messages)
    sending.reap_stale_claims()
    assert list(OutboxMessage.objects.order_by("pk").values_list("status", flat=True)) == [
        OutboxStatus.FAILED,
        OutboxStatus.PENDING,
    ]


@pytest.mark.django_db
def test_reaper_leaves_fresh_claims_alone(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        messages = queue_many(2)
    OutboxMessage.objects.update(status=OutboxStatus.SENDING, claim_id="live", claimed_at=timezone.now())
    assert sending.reap_stale_claims() == 0
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENDING}
    assert len(messages) == 2


@pytest.mark.django_db
def test_message_queued_while_broker_is_down_is_sent_by_the_drain(django_capture_on_commit_callbacks) -> None:
    with (
        mock.patch.object(tasks.send_batch, "delay", side_effect=ConnectionRefusedError("broker down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        (message,) = queue_many(1)
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
    assert mail.outbox == []
    assert tasks.drain() == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_send_batch_task_called_as_function_sends_everything_due(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        queue_many(7)
    assert tasks.send_batch() == 7
    assert len(mail.outbox) == 7
    assert tasks.send_batch() == 0


@pytest.mark.django_db
def test_resend_action_in_admin_queues_and_sends_again(admin_client, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        (message,) = queue_many(1)
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/outbox/outboxmessage/",
            {"action": "resend_messages", "_selected_action": [message.pk]},
            follow=True,
        )
    assert response.status_code == 200
    assert len(mail.outbox) == 2
    assert mail.outbox[1].extra_headers["Message-ID"] == message.message_id


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_outbox_admin_list_filter_and_search(admin_client, count, django_assert_max_num_queries) -> None:
    with transaction.atomic():
        queue_many(count)
    with django_assert_max_num_queries(12):
        response = admin_client.get("/admin/outbox/outboxmessage/?status__exact=pending&q=m0@")
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/outbox/suppression/",
        "/admin/notifications/reminderrule/",
        "/admin/notifications/webhookdelivery/",
        "/admin/outbox/outboxmessage/?kind=test",
    ],
)
def test_notification_admin_lists_render(admin_client, url) -> None:
    services.suppress_address(address="x@example.org", reason=SuppressionReason.MANUAL)
    assert admin_client.get(url).status_code == 200


@pytest.mark.django_db
def test_outbox_admin_says_when_a_subject_is_written_at_sending(admin_client) -> None:
    services.queue_message(
        services.new_message(kind="later.kind", to="w@example.org", dedupe_key="later:1", render_on_send=True)
    )
    queue_many(1)
    english = admin_client.get("/admin/outbox/outboxmessage/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "(written when sent)" in english
    assert "S0" in english
    chinese = admin_client.get("/admin/outbox/outboxmessage/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "（发送时生成）" in chinese  # noqa: RUF001 - Chinese text uses full-width parentheses
