from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SUPPRESSED = "suppressed", _("Suppressed")


class SuppressionReason(models.TextChoices):
    HARD_BOUNCE = "hard_bounce", _("Hard bounce")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed from reminders")
    MANUAL = "manual", _("Added by an organiser")


class SuppressionScope(models.TextChoices):
    """A hard bounce stops every message; an unsubscribe only stops reminders."""

    ALL = "all", _("All e-mail")
    REMINDERS = "reminders", _("Reminders only")


class ReminderAnchor(models.TextChoices):
    EDITION_START = "edition_start", _("Start of the edition")
    SUB_FORUM_START = "sub_forum_start", _("Start of the sub-forum")
    ATTENDEE_FIRST = "attendee_first", _("Start of each attendee's first sub-forum")


class ReminderAudience(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed attendees")
    WAITLISTED = "waitlisted", _("Waitlisted attendees")


class WebhookStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


# Outbox kinds written by this app; other apps use their own strings.
KIND_REMINDER = "reminder"
KIND_AGENDA_CHANGE = "agenda_change"
