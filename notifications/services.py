"""Queue and send e-mail through the outbox."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.utils import timezone

from notifications.enums import OutboxStatus
from notifications.models import OutboxMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def _message_id(dedupe_key: str) -> str:
    digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "agora.local"
    return f"<{digest}@{domain}>"


def queue_email(
    *,
    kind: str,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    language: str = "zh-hans",
    dedupe_key: str,
    related: models.Model | None = None,
    attachments: Iterable[dict] = (),
) -> OutboxMessage:
    """Write an e-mail to the outbox and send it once the transaction commits.

    Idempotent on ``dedupe_key``: queueing the same message twice keeps one row.
    """
    message, created = OutboxMessage.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "kind": kind,
            "to_email": to,
            "subject": subject,
            "body_text": text,
            "body_html": html,
            "language": language,
            "attachments": list(attachments),
            "message_id": _message_id(dedupe_key),
            "related_type": ContentType.objects.get_for_model(related) if related is not None else None,
            "related_id": str(related.pk) if related is not None else "",
        },
    )
    if created:
        transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(message_pk: int) -> None:
    from notifications.tasks import send_outbox_message

    try:
        send_outbox_message.delay(message_id=message_pk)
    except Exception:
        # The broker is down: the row stays pending and drain_outbox sends it later.
        logger.warning("Could not enqueue outbox message %s; the drain will pick it up", message_pk, exc_info=True)


def build_email(message: OutboxMessage) -> EmailMultiAlternatives:
    import base64

    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_email],
        headers={"Message-ID": message.message_id},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for item in message.attachments:
        email.attach(item["filename"], base64.b64decode(item["content"]), item.get("mimetype"))
    return email


def send_message(*, message_pk: int) -> bool:
    """Send one outbox message if it is still pending; True when it went out.

    The row is claimed under a lock (SKIP LOCKED where the database has it) so
    two workers never send the same message.
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_pk, status=OutboxStatus.PENDING)
            .first()
        )
        if message is None:
            return False
        message.status = OutboxStatus.SENDING
        message.attempts += 1
        message.save(update_fields=["status", "attempts"])
    try:
        build_email(message).send(fail_silently=False)
    except Exception as exc:
        failed = message.attempts >= MAX_ATTEMPTS
        message.status = OutboxStatus.FAILED if failed else OutboxStatus.PENDING
        message.last_error = repr(exc)[:2000]
        message.next_attempt_at = timezone.now() + timedelta(seconds=30 * 2 ** min(message.attempts, 10))
        message.save(update_fields=["status", "last_error", "next_attempt_at"])
        logger.warning("Sending outbox message %s failed (attempt %s)", message.pk, message.attempts)
        return False
    message.status = OutboxStatus.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["status", "sent_at", "last_error"])
    return True


def due_message_ids(*, limit: int = 500) -> list[int]:
    return list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
