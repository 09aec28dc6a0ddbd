"""What decides who is told what: reminder rules with their bilingual
templates, and partners' webhook subscriptions with every delivery of an event."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from attendees.enums import RegistrationStatus
from config.languages import language_choices
from notifications.enums import ReminderAnchor, ReminderAudience, WebhookStatus
from notifications.validators import validate_template


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
    language = models.CharField(_("language"), max_length=10, choices=language_choices)
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


class WebhookSubscription(models.Model):
    """A partner URL that receives signed events such as ``agenda.published``."""

    organisation = models.ForeignKey(
        "forums.Organisation", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(_("signing secret"), max_length=128)
    editions = models.ManyToManyField("forums.Edition", verbose_name=_("limited to editions"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["organisation", "url"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event for one subscription; the body is frozen so every retry is signed alike."""

    subscription = models.ForeignKey(
        WebhookSubscription,
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


# Whom a targeted mail may be about: those admitted (the usual audience), anyone, or one status.
AUDIENCE_STATUSES = [
    ("admitted", _("Confirmed or checked in")),
    ("", _("Any status")),
    *RegistrationStatus.choices,
]


class TargetedMail(models.Model):
    """An organiser's message to the registrations matching every filter set here
    (an AND of them), in each recipient's language; queued in the outbox at once
    or at ``send_at`` (``notifications.targeted_mail``)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        QUEUED = "queued", _("Queued for sending")

    class CheckedIn(models.TextChoices):
        ANY = "", _("Checked in or not")
        YES = "yes", _("Checked in")
        NO = "no", _("Not checked in")

    ADMITTED = "admitted"
    edition = models.ForeignKey(
        "forums.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="targeted_mails"
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("For the organisers; recipients do not see it."))
    sub_forum = models.ForeignKey(
        "forums.SubForum",
        verbose_name=_("sub-forum"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targeted_mails",
        help_text=_("Only attendees with a confirmed place in this sub-forum."),
    )
    registration_type = models.ForeignKey(
        "attendees.RegistrationType",
        verbose_name=_("registration type"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targeted_mails",
    )
    status = models.CharField(
        _("registration status"), max_length=20, choices=AUDIENCE_STATUSES, default=ADMITTED, blank=True
    )
    checked_in = models.CharField(_("checked in"), max_length=3, choices=CheckedIn.choices, default="", blank=True)
    language = models.CharField(_("language"), max_length=10, choices=language_choices, blank=True)
    organisation_contains = models.CharField(_("organisation contains"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT, editable=False)
    send_at = models.DateTimeField(
        _("send at"), null=True, blank=True, help_text=_("For “Send at this time”; empty to send now.")
    )
    recipients = models.PositiveIntegerField(_("recipients"), default=0, editable=False)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mail to attendees")
        verbose_name_plural = _("mail to attendees")
        indexes = [models.Index(fields=["state", "send_at"], name="targeted_mail_due_idx")]

    def __str__(self) -> str:
        return self.name


class TargetedMailText(models.Model):
    """A targeted mail's subject and text in one language (Django template syntax)."""

    mail = models.ForeignKey(TargetedMail, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10, choices=language_choices)
    subject = models.CharField(_("subject"), max_length=300, validators=[validate_template])
    body_text = models.TextField(_("text"), validators=[validate_template], help_text=PLACEHOLDER_HELP)

    class Meta:
        ordering = ["mail", "language"]
        verbose_name = _("text")
        verbose_name_plural = _("texts in each language")
        constraints = [models.UniqueConstraint(fields=["mail", "language"], name="targeted_mail_text_unique")]

    def __str__(self) -> str:
        return f"{self.mail} · {self.language}"
