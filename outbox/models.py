"""The transactional outbox: every message the system must send, written in the
same transaction as the change that causes it, and the suppression list."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outbox.enums import Channel, OutboxStatus, SuppressionReason, SuppressionScope


class OutboxMessage(models.Model):
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.EMAIL)
    kind = models.CharField(_("kind"), max_length=60)
    # An e-mail address for the e-mail channel; a phone number or an account id for others.
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    # Optional messages (reminders, announcements) stop when the recipient unsubscribes;
    # the others (confirmations, tickets, changes to the agenda) only on a hard bounce.
    optional = models.BooleanField(_("optional"), default=False)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body_text = models.TextField(_("text body"), blank=True)
    body_html = models.TextField(_("HTML body"), blank=True)
    # Subject and bodies are written by the sender, just before sending, by the
    # renderer registered for ``kind`` (outbox.renderers): the hot registration
    # path leaves the template work to the worker.
    render_on_send = models.BooleanField(_("written when sent"), default=False)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # Identifies the message across retries: queueing the same key twice is a
    # no-op, so a reminder or notice reaches each person once.
    # Unique through Meta.constraints: a unique=True CharField would also get a
    # LIKE index on PostgreSQL, which only costs every INSERT here.
    dedupe_key = models.CharField(_("deduplication key"), max_length=200)
    message_id = models.CharField(_("Message-ID"), max_length=250)
    # Indexed with related_id by outbox_related_idx.
    related_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, db_index=False)
    related_id = models.CharField(max_length=40, blank=True)
    related = GenericForeignKey("related_type", "related_id")
    # Whose message it is, in the sender's words ("edition:12"): lets the organiser
    # workspace show each team its own messages without the outbox knowing editions.
    scope = models.CharField(_("scope"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Set when a worker claims the row; the reaper uses them to find the one
    # message a killed worker may have had in flight (outbox.sending.reap_stale_claims).
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claim_id = models.CharField(_("claim"), max_length=32, blank=True, default="")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key"], name="outbox_unique_dedupe_key"),
            models.UniqueConstraint(fields=["message_id"], name="outbox_unique_message_id"),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["related_type", "related_id"], name="outbox_related_idx"),
            models.Index(fields=["kind", "status"], name="outbox_kind_status_idx"),
            models.Index(fields=["scope", "created_at"], name="outbox_scope_idx", condition=~models.Q(scope="")),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.get_status_display()})"


class Suppression(models.Model):
    """An address we must not write to: it bounced hard, or unsubscribed from optional messages."""

    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.EMAIL)
    address = models.CharField(_("address"), max_length=254, help_text=_("E-mail addresses are stored in lower case."))
    reason = models.CharField(_("reason"), max_length=20, choices=SuppressionReason.choices)
    scope = models.CharField(_("applies to"), max_length=20, choices=SuppressionScope.choices)
    detail = models.TextField(_("detail"), blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppression list")
        constraints = [
            models.UniqueConstraint(fields=["channel", "address"], name="suppression_unique_address"),
        ]

    def __str__(self) -> str:
        return f"{self.address} ({self.get_reason_display()})"
