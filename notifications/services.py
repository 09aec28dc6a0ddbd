"""Queue e-mail through the outbox, and the organiser's actions on it.

Sending lives in ``notifications.outbox``; reminders in ``notifications.reminders``;
webhooks in ``notifications.webhooks``.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import connections, models, router, transaction
from django.utils import timezone

from config.sql import insert_parts
from notifications import kicks
from notifications.enums import OutboxStatus, SuppressionReason, SuppressionScope
from notifications.models import OutboxMessage, Suppression

logger = logging.getLogger(__name__)


def message_id_for(dedupe_key: str) -> str:
    """The Message-ID of the e-mail with this ``dedupe_key``: the same on every (re)send."""
    digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "agora.local"
    return f"<{digest}@{domain}>"


def outbox_message(
    *,
    kind: str,
    to: str,
    subject: str = "",
    text: str = "",
    html: str = "",
    language: str = "zh-hans",
    dedupe_key: str,
    related: models.Model | None = None,
    attachments: Iterable[dict] = (),
    render_on_send: bool = False,
) -> OutboxMessage:
    """An outbox row, not yet saved: :func:`queue_message` (or a caller's own INSERT) writes it.

    With ``render_on_send`` the subject and text are left empty for the renderer
    registered for ``kind`` to write at sending time (notifications.renderers).
    """
    return OutboxMessage(
        kind=kind,
        to_email=to,
        subject=subject,
        body_text=text,
        body_html=html,
        render_on_send=render_on_send,
        language=language,
        attachments=list(attachments),
        dedupe_key=dedupe_key,
        message_id=message_id_for(dedupe_key),
        # get_for_model is served from ContentType's per-process cache after the first call.
        related_type=ContentType.objects.get_for_model(related) if related is not None else None,
        related_id=str(related.pk) if related is not None and related.pk is not None else "",
    )


def queue_email(**fields: Any) -> OutboxMessage:
    """Write an e-mail (the keyword arguments of :func:`outbox_message`) to the outbox.

    It is sent once the transaction commits. Idempotent on ``dedupe_key``:
    queueing the same message twice keeps one row.
    If the broker is down at commit time the row stays pending and the periodic
    drain sends it, so a committed change never loses its e-mail.
    """
    return queue_message(outbox_message(**fields))


def queue_message(message: OutboxMessage) -> OutboxMessage:
    """Write a row made by :func:`outbox_message`, unless its ``dedupe_key`` is queued already."""
    if not _insert_unless_queued(message):
        return OutboxMessage.objects.get(dedupe_key=message.dedupe_key)
    send_after_commit()
    return message


def send_after_commit() -> None:
    """Wake the sender once the current transaction commits (for rows written by a caller's own SQL)."""
    transaction.on_commit(kicks.kick_sender)


def _insert_unless_queued(message: OutboxMessage) -> bool:
    """INSERT … ON CONFLICT (dedupe_key) DO NOTHING; True (and the pk set) when the row is new.

    One statement instead of get_or_create's SELECT + SAVEPOINT + INSERT + RELEASE:
    every registration queues an e-mail, so this sits on the hottest write path.
    A concurrent insert of the same key waits for the other transaction and then
    does nothing, as get_or_create's IntegrityError branch did.
    """
    connection = connections[router.db_for_write(OutboxMessage)]
    if connection.vendor not in ("postgresql", "sqlite"):
        _found, created = OutboxMessage.objects.get_or_create(
            dedupe_key=message.dedupe_key,
            defaults={
                f.attname: getattr(message, f.attname) for f in OutboxMessage._meta.concrete_fields if not f.primary_key
            },
        )
        if created:
            message.pk = _found.pk
        return created
    insert = insert_parts(message, connection)
    quote = connection.ops.quote_name
    pk, key = quote(OutboxMessage._meta.pk.column), quote(OutboxMessage._meta.get_field("dedupe_key").column)
    sql = f"INSERT INTO {insert.table} ({insert.columns_sql}) VALUES ({insert.placeholders}) ON CONFLICT ({key}) DO NOTHING RETURNING {pk}"  # noqa: E501, S608 - quoted names only
    with connection.cursor() as cursor:
        cursor.execute(sql, insert.params)
        row = cursor.fetchone()
    if row is None:
        return False
    message.pk = row[0]
    message._state.adding = False
    message._state.db = connection.alias
    return True


@dataclass(frozen=True)
class EmailSpec:
    """One e-mail for :func:`queue_emails` (the bulk form of :func:`queue_email`)."""

    kind: str
    to: str
    subject: str
    text: str
    dedupe_key: str
    html: str = ""
    language: str = "zh-hans"
    related_type_id: int | None = None
    related_id: str = ""
    attachments: list[dict] = field(default_factory=list)


def queue_emails(specs: Iterable[EmailSpec], *, chunk_size: int = 500) -> int:
    """Write many e-mails to the outbox in bulk; one send-batch kick on commit.

    Same rule as :func:`queue_email`: a ``dedupe_key`` already in the outbox is
    skipped (``ON CONFLICT DO NOTHING``), so re-running a dispatch sends nothing
    twice. ``specs`` is consumed lazily in chunks. Returns how many were offered.
    """
    offered = 0
    chunk: list[OutboxMessage] = []
    for spec in specs:
        chunk.append(
            OutboxMessage(
                kind=spec.kind,
                to_email=spec.to,
                subject=spec.subject[:300],
                body_text=spec.text,
                body_html=spec.html,
                language=spec.language,
                attachments=spec.attachments,
                dedupe_key=spec.dedupe_key,
                message_id=message_id_for(spec.dedupe_key),
                related_type_id=spec.related_type_id,
                related_id=spec.related_id,
            )
        )
        if len(chunk) >= chunk_size:
            OutboxMessage.objects.bulk_create(chunk, ignore_conflicts=True)
            offered += len(chunk)
            chunk = []
    if chunk:
        OutboxMessage.objects.bulk_create(chunk, ignore_conflicts=True)
        offered += len(chunk)
    if offered:
        transaction.on_commit(lambda: kick_senders(due=offered))
    return offered


def kick_senders(*, due: int) -> int:
    """Enqueue enough batch-sending tasks for ``due`` messages (at most OUTBOX_PARALLEL_BATCHES).

    The tasks claim their own rows, so an extra kick finds nothing and ends.
    """
    from notifications.tasks import send_outbox_batch

    wanted = max(1, min(settings.OUTBOX_PARALLEL_BATCHES, -(-due // settings.OUTBOX_BATCH_SIZE)))
    for _ in range(wanted):
        try:
            send_outbox_batch.delay()
        except Exception:
            logger.warning("Could not enqueue an outbox batch; the drain will pick it up", exc_info=True)
            return 0
    return wanted


def build_email(message: OutboxMessage) -> EmailMultiAlternatives:
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


def ics_attachment(filename: str, content: bytes) -> dict:
    """An outbox attachment entry for an iCalendar file."""
    return {"filename": filename, "content": base64.b64encode(content).decode(), "mimetype": "text/calendar"}


def send_message(*, message_pk: int) -> bool:
    """Send one outbox message if it is still pending and due; True when it went out.

    Goes through the same claim (SKIP LOCKED) and per-message commit as the batches.
    """
    from notifications.outbox import send_due_batch

    return send_due_batch(only_pks=[message_pk]).sent == 1


def due_message_ids(*, limit: int = 500) -> list[int]:
    return list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def suppress_address(*, email: str, reason: str, scope: str = SuppressionScope.ALL, detail: str = "") -> Suppression:
    """Put an address on the suppression list (idempotent; a wider scope wins)."""
    email = email.strip().lower()
    suppression, created = Suppression.objects.get_or_create(
        email=email, defaults={"reason": reason, "scope": scope, "detail": detail[:2000]}
    )
    if not created and scope == SuppressionScope.ALL and suppression.scope != SuppressionScope.ALL:
        suppression.scope, suppression.reason, suppression.detail = scope, reason, detail[:2000]
        suppression.save(update_fields=["scope", "reason", "detail"])
    return suppression


def unsubscribe_from_reminders(*, email: str) -> Suppression:
    """An attendee asked for no more reminders; other e-mail (tickets, changes) still goes out."""
    return suppress_address(email=email, reason=SuppressionReason.UNSUBSCRIBED, scope=SuppressionScope.REMINDERS)


def resend_messages(*, message_pks: Iterable[int]) -> int:
    """Put sent or failed messages back in the queue (an organiser's explicit resend).

    The Message-ID stays the same, so the recipient's mail client can tell it is
    the same message. Rows currently being sent are left alone. Returns the count.
    """
    with transaction.atomic():
        count = (
            OutboxMessage.objects.filter(pk__in=list(message_pks))
            .exclude(status=OutboxStatus.SENDING)
            .update(
                status=OutboxStatus.PENDING,
                next_attempt_at=timezone.now(),
                last_error="",
                claim_id="",
                claimed_at=None,
            )
        )
        if count:
            transaction.on_commit(lambda: kick_senders(due=count))
    return count
