"""The transactional outbox and what feeds it: every e-mail the system must send,
written in the same transaction as the change that causes it; reminder rules
with their bilingual templates; the suppression list; webhook deliveries."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.enums import (
    OutboxStatus,
    ReminderAnchor,
    ReminderAudience,
    SuppressionReason,
    SuppressionScope,
    WebhookStatus,
)
from notifications.validators import validate_template


class OutboxMessage(models.Model):
    kind = models.CharField(_("kind"), max_length=60)
    to_email = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body_text = models.TextField(_("text body"), blank=True)
    body_html = models.TextField(_("HTML body"), blank=True)
    # Subject and bodies are written by the sender, just before sending, by the
    # renderer registered for ``kind`` (notifications.renderers): the hot
    # registration path leaves the template work to the worker.
    render_on_send = models.BooleanField(_("written when sent"), default=False)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # Identifies the message across retries: a second queue_email() with the same
    # key is a no-op, so a reminder or notice reaches each person once.
    # Unique through Meta.constraints: a unique=True CharField would also get a
    # LIKE index on PostgreSQL, which only costs every INSERT here.
    dedupe_key = models.CharField(_("deduplication key"), max_length=200)
    message_id = models.CharField(_("Message-ID"), max_length=250)
    # Indexed with related_id by outbox_related_idx.
    related_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, db_index=False)
    related_id = models.CharField(max_length=40, blank=True)
    related = GenericForeignKey("related_type", "related_id")
    status = models.CharField(_("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Set when a worker claims the row; the reaper uses them to find the one
    # message a killed worker may have had in flight (see services.reap_stale_claims).
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
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to_email} ({self.get_status_display()})"


class Suppression(models.Model):
    """An address we must not write to: it bounced hard, or unsubscribed from reminders."""

    email = models.EmailField(_("e-mail"), unique=True, help_text=_("Stored in lower case."))
    reason = models.CharField(_("reason"), max_length=20, choices=SuppressionReason.choices)
    scope = models.CharField(_("applies to"), max_length=20, choices=SuppressionScope.choices)
    detail = models.TextField(_("detail"), blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppression list")

    def __str__(self) -> str:
        return f"{self.email} ({self.get_reason_display()})"


class ReminderRule(models.Model):
    """When to remind whom: an offset before the start of the edition, of a
    sub-forum, or of each attendee's own first sub-forum."""

    edition = models.ForeignKey(
        "forums.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="reminder_rules"
    )
    sub_forum = models.ForeignKey(
        "forums.SubForum",
        verbose_name=_("sub-forum"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminder_rules",
        help_text=_("Only attendees who chose this sub-forum. Empty for every attendee of the edition."),
    )
    name = models.CharField(_("name"), max_length=120)
    anchor = models.CharField(_("relative to"), max_length=20, choices=ReminderAnchor.choices)
    offset = models.DurationField(_("how long before"), help_text=_("For example 7 00:00:00 or 02:00:00."))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["edition", "-offset"]
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        constraints = [
            models.CheckConstraint(
                condition=~Q(anchor=ReminderAnchor.SUB_FORUM_START) | Q(sub_forum__isnull=False),
                name="reminder_sub_forum_anchor_needs_sub_forum",
            ),
        ]

    def __str__(self) -> str:
        return self.name


PLACEHOLDER_HELP = _(
    "Django template syntax. Placeholders: {{ attendee_name }}, {{ registration_code }}, {{ edition }}, "
    "{{ sub_forum }}, {{ start_time }} (in the edition's time zone), {{ start|date:'H:i' }}, {{ time_zone }}, "
    "{{ room }}, {{ venue }}, {{ ticket_url }}, {{ manage_url }}, {{ agenda_url }}, {{ sub_forums }} (a list)."
)


class ReminderTemplate(models.Model):
    """The text of a reminder for one audience in one language (Django template syntax)."""

    rule = models.ForeignKey(ReminderRule, on_delete=models.CASCADE, related_name="templates")
    audience = models.CharField(
        _("audience"), max_length=20, choices=ReminderAudience.choices, default=ReminderAudience.CONFIRMED
    )
    language = models.CharField(_("language"), max_length=10, choices=[("zh-hans", "简体中文"), ("en", "English")])
    subject = models.CharField(_("subject"), max_length=300, validators=[validate_template])
    body_text = models.TextField(_("text body"), validators=[validate_template], help_text=PLACEHOLDER_HELP)
    body_html = models.TextField(_("HTML body"), blank=True, validators=[validate_template])

    class Meta:
        ordering = ["rule", "audience", "language"]
        verbose_name = _("reminder template")
        verbose_name_plural = _("reminder templates")
        constraints = [
            models.UniqueConstraint(fields=["rule", "audience", "language"], name="reminder_template_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} · {self.get_audience_display()} · {self.language}"


class WebhookDelivery(models.Model):
    """One event for one subscription; the body is frozen so every retry is signed alike."""

    subscription = models.ForeignKey(
        "partners.WebhookSubscription",
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.CharField(_("event"), max_length=60)
    event_id = models.CharField(_("event id"), max_length=64)
    body = models.TextField(_("body"))
    status = models.CharField(_("status"), max_length=10, choices=WebhookStatus.choices, default=WebhookStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event_id"], name="webhook_delivery_unique_event"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due_idx")]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription} ({self.get_status_display()})"


class WebhookAttempt(models.Model):
    """Every HTTP attempt of a delivery, kept for the organiser and the partner's support."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    attempted_at = models.DateTimeField(_("attempted at"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        ordering = ["delivery", "attempted_at"]
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")

    def __str__(self) -> str:
        return f"{self.attempted_at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error[:40]}"
