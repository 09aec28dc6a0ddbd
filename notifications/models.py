"""The transactional outbox: every e-mail the system must send, written in the
same transaction as the change that causes it."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.enums import OutboxStatus


class OutboxMessage(models.Model):
    kind = models.CharField(_("kind"), max_length=60)
    to_email = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # Identifies the message across retries: a second queue_email() with the same
    # key is a no-op, so a reminder or notice reaches each person once.
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    message_id = models.CharField(_("Message-ID"), max_length=250, unique=True)
    related_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    related_id = models.CharField(max_length=40, blank=True)
    related = GenericForeignKey("related_type", "related_id")
    status = models.CharField(_("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["related_type", "related_id"], name="outbox_related_idx"),
            models.Index(fields=["to_email"], name="outbox_recipient_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to_email} ({self.get_status_display()})"
