"""Queueing messages in the outbox, and the organiser's actions on it.

Every message is first a row, written in the transaction of the change that
causes it; the sender (``outbox.sending``) is started once that transaction
commits (``outbox.wake``). A rolled-back change therefore sends nothing, and a
broker outage delays messages without losing any: the periodic drain finds
them in the table.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router, transaction
from django.utils import timezone

from config.sql import insert_parts, server_bound_cursor
from outbox import wake
from outbox.enums import Channel, OutboxStatus, SuppressionReason, SuppressionScope
from outbox.models import OutboxMessage, Suppression


def message_id_for(dedupe_key: str) -> str:
    """The Message-ID of the message with this ``dedupe_key``: the same on every (re)send."""
    digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "agora.local"
    return f"<{digest}@{domain}>"


def new_message(
    *,
    kind: str,
    to: str,
    subject: str = "",
    text: str = "",
    html: str = "",
    language: str = "zh-hans",
    dedupe_key: str,
    channel: str = Channel.EMAIL,
    optional: bool = False,
    related: models.Model | None = None,
    scope: str = "",
    attachments: Iterable[dict] = (),
    render_on_send: bool = False,
) -> OutboxMessage:
    """An outbox row, not yet saved: :func:`queue_message` (or a caller's own INSERT) writes it.

    With ``render_on_send`` the subject and text are left empty for the renderer
    registered for ``kind`` to write at sending time (outbox.renderers).
    """
    return OutboxMessage(
        channel=channel,
        kind=kind,
        recipient=to,
        subject=subject,
        body_text=text,
        body_html=html,
        render_on_send=render_on_send,
        language=language,
        optional=optional,
        attachments=list(attachments),
        dedupe_key=dedupe_key,
        message_id=message_id_for(dedupe_key),
        # get_for_model is served from ContentType's per-process cache after the first call.
        related_type=ContentType.objects.get_for_model(related) if related is not None else None,
        related_id=str(related.pk) if related is not None and related.pk is not None else "",
        scope=scope,
    )


def queue_message(message: OutboxMessage) -> OutboxMessage:
    """Write a row made by :func:`new_message`, unless its ``dedupe_key`` is queued already.

    It is sent once the transaction commits. Queueing the same key twice keeps
    one row (the first), which is returned.
    """
    if not _insert_unless_queued(message):
        return OutboxMessage.objects.get(dedupe_key=message.dedupe_key)
    wake_sender_on_commit()
    return message


def wake_sender_on_commit() -> None:
    """Start the sender once the current transaction commits (also for rows a caller wrote with its own SQL)."""
    transaction.on_commit(wake.wake_soon)


def _insert_unless_queued(message: OutboxMessage) -> bool:
    """INSERT … ON CONFLICT (dedupe_key) DO NOTHING; True (and the pk set) when the row is new.

    One statement instead of get_or_create's SELECT + SAVEPOINT + INSERT + RELEASE:
    every registration queues a message, so this sits on the hottest write path.
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
class MessageSpec:
    """One message for :func:`queue_messages` (the bulk form of :func:`queue_message`)."""

    kind: str
    to: str
    subject: str
    text: str
    dedupe_key: str
    html: str = ""
    language: str = "zh-hans"
    channel: str = Channel.EMAIL
    optional: bool = False
    related_type_id: int | None = None
    related_id: str = ""
    scope: str = ""
    attachments: list[dict] = field(default_factory=list)


def queue_messages(specs: Iterable[MessageSpec], *, chunk_size: int = 500) -> int:
    """Write many messages to the outbox in bulk; the senders start on commit.

    Same rule as :func:`queue_message`: a ``dedupe_key`` already in the outbox is
    skipped (``ON CONFLICT DO NOTHING``), so re-running a dispatch sends nothing
    twice. ``specs`` is consumed lazily in chunks. Returns how many were offered.
    """
    connection = connections[router.db_for_write(OutboxMessage)]
    if connection.vendor == "postgresql":
        offered = _insert_specs_unnest(specs, connection=connection, chunk_size=chunk_size)
        if offered:
            transaction.on_commit(lambda: wake.start_batches(due=offered))
        return offered
    offered = 0
    chunk: list[OutboxMessage] = []
    for spec in specs:
        chunk.append(
            OutboxMessage(
                channel=spec.channel,
                kind=spec.kind,
                recipient=spec.to,
                subject=spec.subject[:300],
                body_text=spec.text,
                body_html=spec.html,
                language=spec.language,
                optional=spec.optional,
                attachments=spec.attachments,
                dedupe_key=spec.dedupe_key,
                message_id=message_id_for(spec.dedupe_key),
                related_type_id=spec.related_type_id,
                related_id=spec.related_id,
                scope=spec.scope,
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
        transaction.on_commit(lambda: wake.start_batches(due=offered))
    return offered


# One INSERT per chunk with a column of values per field (unnest), on PostgreSQL:
# Django's bulk_create prepares every field of every row through the ORM, which
# cost more than the database's work for a mail to 20,000 attendees. The columns
# go as binary parameters bound on the server (``%b``): quoted into the SQL text,
# as Django's cursors do, escaping each value cost more than rendering the mail.
_UNNEST_COLUMNS = [
    ("channel", "text"), ("kind", "text"), ("recipient", "text"), ("language", "text"), ("optional", "boolean"),
    ("subject", "text"), ("body_text", "text"), ("body_html", "text"), ("attachments", "jsonb"),
    ("dedupe_key", "text"), ("message_id", "text"), ("related_type_id", "integer"), ("related_id", "text"),
    ("scope", "text"),
]  # fmt: skip


def _unnest_sql(connection: Any) -> str:
    quote = connection.ops.quote_name
    meta = OutboxMessage._meta
    given = [quote(meta.get_field(name).column if name != "related_type_id" else name) for name, _t in _UNNEST_COLUMNS]
    fixed = ["render_on_send", "status", "attempts", "last_error", "next_attempt_at", "created_at", "claim_id"]
    arrays = ", ".join(f"%b::{sql_type}[]" for _name, sql_type in _UNNEST_COLUMNS)
    names = ", ".join(f"c{i}" for i in range(len(_UNNEST_COLUMNS)))
    return (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(given + [quote(f) for f in fixed])}) "  # noqa: S608 - quoted names
        f"SELECT {names}, false, %s, 0, '', %s, %s, '' FROM unnest({arrays}) AS t({names}) ON CONFLICT DO NOTHING"
    )


def _insert_specs_unnest(specs: Iterable[MessageSpec], *, connection: Any, chunk_size: int) -> int:
    sql = _unnest_sql(connection)
    offered = 0
    columns: list[list[Any]] = [[] for _ in _UNNEST_COLUMNS]

    def flush() -> None:
        now = timezone.now()
        with server_bound_cursor(connection) as cursor:
            cursor.execute(sql, [OutboxStatus.PENDING, now, now, *columns])
        for column in columns:
            column.clear()

    for spec in specs:
        values = (
            spec.channel, spec.kind, spec.to, spec.language, spec.optional, spec.subject[:300], spec.text, spec.html,
            json.dumps(spec.attachments), spec.dedupe_key, message_id_for(spec.dedupe_key), spec.related_type_id,
            spec.related_id, spec.scope,
        )  # fmt: skip
        for column, value in zip(columns, values, strict=True):
            column.append(value)
        offered += 1
        if len(columns[0]) >= chunk_size:
            flush()
    if columns[0]:
        flush()
    return offered


def attachment(filename: str, content: bytes, mimetype: str) -> dict[str, Any]:
    """An outbox attachment entry (stored in the row as base64)."""
    return {"filename": filename, "content": base64.b64encode(content).decode(), "mimetype": mimetype}


def due_message_ids(*, limit: int = 500) -> list[int]:
    return list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def normalise_address(address: str, channel: str = Channel.EMAIL) -> str:
    """How an address is compared with the suppression list (e-mail: case-insensitively)."""
    address = address.strip()
    return address.lower() if channel == Channel.EMAIL else address


def suppress_address(
    *,
    address: str,
    reason: str,
    channel: str = Channel.EMAIL,
    scope: str = SuppressionScope.ALL,
    detail: str = "",
) -> Suppression:
    """Put an address on the suppression list (idempotent; a wider scope wins)."""
    address = normalise_address(address, channel)
    suppression, created = Suppression.objects.get_or_create(
        channel=channel, address=address, defaults={"reason": reason, "scope": scope, "detail": detail[:2000]}
    )
    if not created and scope == SuppressionScope.ALL and suppression.scope != SuppressionScope.ALL:
        suppression.scope, suppression.reason, suppression.detail = scope, reason, detail[:2000]
        suppression.save(update_fields=["scope", "reason", "detail"])
    return suppression


def unsubscribe(*, address: str, channel: str = Channel.EMAIL) -> Suppression:
    """The recipient asked for no more optional messages; confirmations, tickets and changes still go out."""
    return suppress_address(
        address=address, channel=channel, reason=SuppressionReason.UNSUBSCRIBED, scope=SuppressionScope.OPTIONAL
    )


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
            transaction.on_commit(lambda: wake.start_batches(due=count))
    return count
