"""Sending the outbox: claim due rows in batches, send them over one SMTP
connection, record each outcome right after the server answers.

Delivery guarantee, stated honestly
-----------------------------------
SMTP has no idempotency key, so exactly-once towards the server cannot be
guaranteed by the sender alone. What we do instead:

* A batch is claimed in one short transaction (``SELECT … FOR UPDATE SKIP
  LOCKED`` on PostgreSQL): the rows become ``sending`` with a ``claim_id`` and
  ``claimed_at``. Two workers never claim the same row.
* Messages of a claim are sent in primary-key order and each outcome (sent,
  failed, retry) is committed on its own *immediately* after the server's reply.
  So when a worker is killed, every row of its claim still ``sending`` was never
  handed to the server — except possibly the lowest-numbered one, the message
  that was in flight.
* The reaper (``reap_stale_claims``, run by the drain) re-queues the untouched
  rows of a stale claim, and deals with the in-flight one by
  ``OUTBOX_RESEND_UNCERTAIN``: re-send it (at-least-once, the default; the
  deterministic Message-ID lets the receiver or a human spot the duplicate) or
  mark it failed with the reason for an organiser to check (at-most-once).

The residual window is therefore one message per killed worker: the moment
between the server's "250 accepted" for DATA and our UPDATE committing (well
under a millisecond on a local database). A kill anywhere else loses nothing and
duplicates nothing.

A live worker must never have its claim reaped: a batch gives back the rows it
has not reached once it has held them for half of ``OUTBOX_CLAIM_TIMEOUT``.
"""

from __future__ import annotations

import logging
import smtplib
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import connection, transaction
from django.db.models import F, Min
from django.utils import timezone

from config.sql import server_bound_cursor
from notifications import mime, renderers
from notifications.enums import KIND_REMINDER, OutboxStatus, SuppressionReason, SuppressionScope
from notifications.models import OutboxMessage, Suppression
from notifications.services import build_email, suppress_address

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Kinds an "unsubscribe from reminders" applies to; everything else only stops on a hard bounce.
REMINDER_KINDS = frozenset({KIND_REMINDER})


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


class _TemporaryError(Exception):
    """A failure worth retrying later (4xx reply, lost connection)."""

    def __init__(self, error: str, *, connection_lost: bool = False) -> None:
        super().__init__(error)
        self.connection_lost = connection_lost


class _PermanentError(Exception):
    """A 5xx reply: retrying will not help. ``bounce`` when the recipient itself was refused."""

    def __init__(self, error: str, *, bounce: bool = False) -> None:
        super().__init__(error)
        self.bounce = bounce


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … capped at one hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def _classify(exc: Exception) -> Exception:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(exc.recipients.values()), (0, b""))
        text = f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
        return _PermanentError(text, bounce=True) if code >= 500 else _TemporaryError(text)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return _TemporaryError(repr(exc), connection_lost=True)
    if isinstance(exc, smtplib.SMTPResponseException):
        reply = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        text = f"{exc.smtp_code} {reply}"
        return _PermanentError(text) if exc.smtp_code >= 500 else _TemporaryError(text)
    if isinstance(exc, OSError | smtplib.SMTPException):
        return _TemporaryError(repr(exc), connection_lost=True)
    return _TemporaryError(repr(exc))


class _RateLimit:
    """At most OUTBOX_RATE_LIMIT_PER_MINUTE messages per calendar minute, counted
    in the cache (Redis in production, so shared by every worker)."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute

    def take(self) -> bool:
        if self.per_minute <= 0:
            return True
        key = f"outbox-rate:{int(time.time() // 60)}"
        cache.add(key, 0, timeout=120)
        try:
            return cache.incr(key) <= self.per_minute
        except ValueError:  # the key expired between add and incr
            cache.add(key, 1, timeout=120)
            return True


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
    fields = (
        "pk",
        "kind",
        "to_email",
        "language",
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
    return claim_id, list(OutboxMessage.objects.filter(pk__in=pks).only(*fields).order_by("pk"))


def _suppressed(messages: list[OutboxMessage]) -> dict[str, str]:
    addresses = {m.to_email.lower() for m in messages}
    return dict(Suppression.objects.filter(email__in=addresses).values_list("email", "scope"))


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


def _deliver(connection: object, message: OutboxMessage) -> None:
    """Hand one message to the e-mail backend; raises what smtplib raises.

    Over SMTP the lean MIME writer is used (4 ms → 0.3 ms per message); other
    backends (locmem in tests, console in development) get Django's EmailMessage.
    """
    if isinstance(connection, SmtpBackend) and connection.connection is not None:
        sender, recipients, raw = mime.render(message)
        connection.connection.sendmail(sender, recipients, raw)
    else:
        connection.send_messages([build_email(message)])


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


def send_due_batch(*, limit: int | None = None, only_pks: list[int] | None = None) -> BatchResult:
    """Claim one batch of due messages and send it over one SMTP connection.

    Suppressed addresses are skipped (status ``suppressed``), a 5xx reply fails
    that message only (a refused recipient goes on the suppression list), a 4xx
    reply or a lost connection schedules a retry with exponential backoff. The
    rate limit and the claim's time budget hand unsent rows back as pending.
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
    connection = get_connection(fail_silently=False)
    opened = False
    try:
        for message in messages:
            if message.pk in unwritable:
                _finish(message, claim_id, status=OutboxStatus.FAILED, last_error=unwritable[message.pk][:2000])
                result.failed += 1
                continue
            scope = suppressed.get(message.to_email.lower())
            if scope == SuppressionScope.ALL or (
                scope == SuppressionScope.REMINDERS and message.kind in REMINDER_KINDS
            ):
                _finish(message, claim_id, status=OutboxStatus.SUPPRESSED, last_error=f"suppressed ({scope})")
                result.suppressed += 1
                continue
            if time.monotonic() > budget_ends:
                result.stopped = "budget"
                break
            if not rate.take():
                result.stopped = "rate"
                break
            try:
                if not opened:
                    connection.open()
                    opened = True
                _deliver(connection, message)
            except Exception as exc:
                outcome = _classify(exc)
                if isinstance(outcome, _PermanentError):
                    _finish(message, claim_id, status=OutboxStatus.FAILED, last_error=str(outcome)[:2000])
                    result.failed += 1
                    if outcome.bounce:
                        suppress_address(
                            email=message.to_email, reason=SuppressionReason.HARD_BOUNCE, detail=str(outcome)
                        )
                        suppressed[message.to_email.lower()] = SuppressionScope.ALL
                    continue
                gave_up = message.attempts + 1 >= MAX_ATTEMPTS
                _finish(
                    message,
                    claim_id,
                    status=OutboxStatus.FAILED if gave_up else OutboxStatus.PENDING,
                    last_error=str(outcome)[:2000],
                    next_attempt_at=timezone.now() + backoff(message.attempts + 1),
                    claimed_at=None,
                )
                result.failed += gave_up
                result.retry += not gave_up
                logger.warning("Outbox message %s: temporary failure %s", message.pk, outcome)
                if outcome.connection_lost:
                    result.stopped = "connection"
                    break
                continue
            # Commit "sent" right after the server accepted the message: the only
            # window for a duplicate is between that reply and this UPDATE.
            _mark_sent(message, claim_id)
            result.sent += 1
    finally:
        _fast_commits(on=False)
        result.released = _release(claim_id)
        if opened:
            try:
                connection.close()
            except Exception:
                logger.debug("Closing the SMTP connection failed", exc_info=True)
    return result


def reap_stale_claims(*, older_than: timedelta | None = None) -> int:
    """Re-queue rows left ``sending`` by a worker that died; returns how many.

    Within a stale claim only the lowest-numbered row can have reached the
    server (see the module docstring); it is re-sent or failed according to
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
