"""Sending the outbox: claim due rows in batches, send them over one connection
per channel, record each outcome right after the provider answers.

Delivery guarantee, stated honestly
-----------------------------------
SMTP (like SMS gateways) has no idempotency key, so exactly-once towards the
provider cannot be guaranteed by the sender alone. What we do instead:

* A batch is claimed in one short transaction (``SELECT … FOR UPDATE SKIP
  LOCKED`` on PostgreSQL): the rows become ``sending`` with a ``claim_id`` and
  ``claimed_at``. Two workers never claim the same row.
* Messages of a claim are sent in primary-key order and each outcome (sent,
  failed, retry) is committed on its own *immediately* after the provider's
  reply. So when a worker is killed, every row of its claim still ``sending``
  was never handed over — except possibly the lowest-numbered one, the message
  that was in flight.
* The reaper (``reap_stale_claims``, run by the drain) re-queues the untouched
  rows of a stale claim, and deals with the in-flight one by
  ``OUTBOX_RESEND_UNCERTAIN``: re-send it (at-least-once, the default; the
  deterministic Message-ID lets the receiver or a human spot the duplicate) or
  mark it failed with the reason for an organiser to check (at-most-once).

The residual window is therefore one message per killed worker: the moment
between the provider's "accepted" and our UPDATE committing (well under a
millisecond on a local database). A kill anywhere else loses nothing and
duplicates nothing.

A live worker must never have its claim reaped: a batch gives back the rows it
has not reached once it has held them for half of ``OUTBOX_CLAIM_TIMEOUT``.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, Min
from django.utils import timezone

from config.sql import server_bound_cursor
from outbox import renderers
from outbox.channels import ChannelSender, PermanentSendError, TemporarySendError, sender_for
from outbox.enums import OutboxStatus, SuppressionReason, SuppressionScope
from outbox.models import OutboxMessage, Suppression
from outbox.retry import backoff
from outbox.services import normalise_address, suppress_address

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(seconds=30)


@dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    retry: int = 0
    suppressed: int = 0
    released: int = 0
    # Why the batch stopped early, if it did: "budget", "rate" or "connection".
    stopped: str = ""


class _RateLimit:
    """At most OUTBOX_RATE_LIMIT_PER_MINUTE messages of a channel per calendar minute,
    counted in the cache (Redis in production, so shared by every worker).

    With the cache unreachable nothing can be counted (its errors are misses,
    ``config.redis_cache``): sending goes on unlimited until it answers again,
    rather than stopping every message for want of a counter."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute

    def take(self, channel: str) -> bool:
        if self.per_minute <= 0:
            return True
        key = f"outbox-rate:{channel}:{int(time.time() // 60)}"
        cache.add(key, 0, timeout=120)
        try:
            return cache.incr(key) <= self.per_minute
        except ValueError:  # the key expired between add and incr
            cache.add(key, 1, timeout=120)
            return True


_CLAIMED_FIELDS = (
    "pk",
    "channel",
    "kind",
    "recipient",
    "language",
    "optional",
    "subject",
    "body_text",
    "body_html",
    "attachments",
    "message_id",
    "attempts",
    "render_on_send",
    "related_type_id",
    "related_id",
)


def claim_due(*, limit: int, only_pks: list[int] | None = None) -> tuple[str, list[OutboxMessage]]:
    """Claim up to ``limit`` due pending rows for this worker; returns (claim id, rows in pk order)."""
    claim_id = uuid.uuid4().hex
    now = timezone.now()
    with transaction.atomic():
        due = OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        if only_pks is not None:
            due = due.filter(pk__in=only_pks)
        pks = list(
            due.order_by("next_attempt_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if not pks:
            return claim_id, []
        OutboxMessage.objects.filter(pk__in=pks).update(status=OutboxStatus.SENDING, claimed_at=now, claim_id=claim_id)
    return claim_id, list(OutboxMessage.objects.filter(pk__in=pks).only(*_CLAIMED_FIELDS).order_by("pk"))


def _suppressed(messages: list[OutboxMessage]) -> dict[tuple[str, str], str]:
    """{(channel, address): scope} for the claimed rows' recipients on the suppression list."""
    addresses = {normalise_address(m.recipient, m.channel) for m in messages}
    rows = Suppression.objects.filter(address__in=addresses).values_list("channel", "address", "scope")
    return {(channel, address): scope for channel, address, scope in rows}


def _is_suppressed(message: OutboxMessage, suppressed: dict[tuple[str, str], str]) -> str | None:
    scope = suppressed.get((message.channel, normalise_address(message.recipient, message.channel)))
    if scope == SuppressionScope.ALL or (scope == SuppressionScope.OPTIONAL and message.optional):
        return scope
    return None


def _finish(message: OutboxMessage, claim_id: str, **fields: object) -> None:
    # Filtering on the claim makes a late write from a worker whose claim was
    # reaped (it should not happen, see the module docstring) a visible no-op.
    OutboxMessage.objects.filter(pk=message.pk, claim_id=claim_id, status=OutboxStatus.SENDING).update(
        attempts=F("attempts") + 1, claim_id="", **fields
    )


_MARK_SENT_SQL = (
    "UPDATE {table} SET status = %s, sent_at = %s, attempts = attempts + 1, claim_id = '', last_error = '' "
    "WHERE id = %s AND claim_id = %s AND status = %s"
)


def _mark_sent(message: OutboxMessage, claim_id: str) -> None:
    """The hot path of ``_finish``, one statement without the ORM's per-call query building."""
    sql = _MARK_SENT_SQL.format(table=connection.ops.quote_name(OutboxMessage._meta.db_table))
    with server_bound_cursor(connection) as cursor:
        cursor.execute(sql, [OutboxStatus.SENT.value, timezone.now(), message.pk, claim_id, OutboxStatus.SENDING.value])


def _release(claim_id: str) -> int:
    """Give back the rows of a claim that were never attempted (no attempt counted)."""
    return OutboxMessage.objects.filter(claim_id=claim_id, status=OutboxStatus.SENDING).update(
        status=OutboxStatus.PENDING, claim_id="", claimed_at=None
    )


def _fast_commits(*, on: bool) -> None:
    """Per-message outcome commits without waiting for the WAL flush (PostgreSQL).

    Each outcome is its own commit so a *worker* crash can duplicate at most the
    one message in flight; waiting for the disk on each of them would cap sending
    at the disk's fsync rate (~120/s here). With ``synchronous_commit = off`` the
    commit is visible at once and durable within ~0.2 s (three wal_writer_delay periods):
    only a crash of the *database server* in that interval could forget a few
    "sent" marks, and the reaper would then re-send those messages (same Message-ID).
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off" if on else "RESET synchronous_commit")


class _Senders:
    """One open sender per channel for the batch, opened on first use."""

    def __init__(self) -> None:
        self.open: dict[str, ChannelSender] = {}

    def get(self, channel: str) -> ChannelSender:
        sender = self.open.get(channel)
        if sender is None:
            sender = sender_for(channel)
            sender.open()
            self.open[channel] = sender
        return sender

    def close(self) -> None:
        for sender in self.open.values():
            sender.close()


def send_due_batch(*, limit: int | None = None, only_pks: list[int] | None = None) -> BatchResult:
    """Claim one batch of due messages and send it, one connection per channel.

    Suppressed addresses are skipped (status ``suppressed``), a permanent
    failure fails that message only (a refused recipient goes on the
    suppression list), a temporary one schedules a retry with exponential
    backoff. The rate limit and the claim's time budget hand unsent rows back
    as pending.
    """
    limit = limit or settings.OUTBOX_BATCH_SIZE
    claim_id, messages = claim_due(limit=limit, only_pks=only_pks)
    result = BatchResult(claimed=len(messages))
    if not messages:
        return result
    suppressed = _suppressed(messages)
    unwritable = renderers.render_deferred(messages)
    _fast_commits(on=True)
    rate = _RateLimit(settings.OUTBOX_RATE_LIMIT_PER_MINUTE)
    budget_ends = time.monotonic() + settings.OUTBOX_CLAIM_TIMEOUT / 2
    senders = _Senders()
    try:
        for message in messages:
            if message.pk in unwritable:
                _finish(message, claim_id, status=OutboxStatus.FAILED, last_error=unwritable[message.pk][:2000])
                result.failed += 1
                continue
            scope = _is_suppressed(message, suppressed)
            if scope is not None:
                _finish(message, claim_id, status=OutboxStatus.SUPPRESSED, last_error=f"suppressed ({scope})")
                result.suppressed += 1
                continue
            if time.monotonic() > budget_ends:
                result.stopped = "budget"
                break
            if not rate.take(message.channel):
                result.stopped = "rate"
                break
            try:
                senders.get(message.channel).send(message)
            except PermanentSendError as failure:
                _finish(message, claim_id, status=OutboxStatus.FAILED, last_error=str(failure)[:2000])
                result.failed += 1
                if failure.bounce:
                    suppress_address(
                        address=message.recipient,
                        channel=message.channel,
                        reason=SuppressionReason.HARD_BOUNCE,
                        detail=str(failure),
                    )
                    suppressed[(message.channel, normalise_address(message.recipient, message.channel))] = (
                        SuppressionScope.ALL
                    )
                continue
            except Exception as exc:
                failure = exc if isinstance(exc, TemporarySendError) else TemporarySendError(repr(exc))
                gave_up = message.attempts + 1 >= MAX_ATTEMPTS
                _finish(
                    message,
                    claim_id,
                    status=OutboxStatus.FAILED if gave_up else OutboxStatus.PENDING,
                    last_error=str(failure)[:2000],
                    next_attempt_at=timezone.now() + backoff(message.attempts + 1, first=FIRST_RETRY),
                    claimed_at=None,
                )
                result.failed += gave_up
                result.retry += not gave_up
                logger.warning("Outbox message %s: temporary failure %s", message.pk, failure)
                if failure.connection_lost:
                    result.stopped = "connection"
                    break
                continue
            # Commit "sent" right after the provider accepted the message: the only
            # window for a duplicate is between that reply and this UPDATE.
            _mark_sent(message, claim_id)
            result.sent += 1
    finally:
        _fast_commits(on=False)
        result.released = _release(claim_id)
        senders.close()
    return result


def send_message(*, message_pk: int) -> bool:
    """Send one message if it is still pending and due; True when it went out.

    Goes through the same claim (SKIP LOCKED) and per-message commit as the batches.
    """
    return send_due_batch(only_pks=[message_pk]).sent == 1


def reap_stale_claims(*, older_than: timedelta | None = None) -> int:
    """Re-queue rows left ``sending`` by a worker that died; returns how many.

    Within a stale claim only the lowest-numbered row can have reached the
    provider (see the module docstring); it is re-sent or failed according to
    ``OUTBOX_RESEND_UNCERTAIN``, the rest are simply pending again.
    """
    cutoff = timezone.now() - (older_than or timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT))
    stale = (
        OutboxMessage.objects.filter(status=OutboxStatus.SENDING, claimed_at__lt=cutoff)
        .values("claim_id")
        .annotate(first=Min("pk"))
    )
    reaped = 0
    for claim in stale:
        with transaction.atomic():
            untouched = (
                OutboxMessage.objects.filter(claim_id=claim["claim_id"], status=OutboxStatus.SENDING)
                .exclude(pk=claim["first"])
                .update(status=OutboxStatus.PENDING, claim_id="", claimed_at=None)
            )
            in_flight = OutboxMessage.objects.filter(pk=claim["first"], status=OutboxStatus.SENDING)
            if settings.OUTBOX_RESEND_UNCERTAIN:
                uncertain = in_flight.update(
                    status=OutboxStatus.PENDING,
                    claim_id="",
                    claimed_at=None,
                    attempts=F("attempts") + 1,
                    last_error="Worker lost while sending; re-sent with the same Message-ID.",
                )
            else:
                uncertain = in_flight.update(
                    status=OutboxStatus.FAILED,
                    claim_id="",
                    attempts=F("attempts") + 1,
                    last_error="Worker lost while sending: it may have been delivered. Check, then resend.",
                )
        reaped += untouched + uncertain
        logger.warning("Reaped stale outbox claim %s (%s rows)", claim["claim_id"], untouched + uncertain)
    return reaped


def send_until_drained(*, time_budget: float) -> BatchResult:
    """Send batch after batch until nothing is due or ``time_budget`` seconds pass."""
    total = BatchResult()
    ends = time.monotonic() + time_budget
    while time.monotonic() < ends:
        batch = send_due_batch()
        for name in ("claimed", "sent", "failed", "retry", "suppressed", "released"):
            setattr(total, name, getattr(total, name) + getattr(batch, name))
        if batch.stopped:
            total.stopped = batch.stopped
            break
        if batch.claimed == 0:
            return total
    else:
        total.stopped = "budget"
    return total
