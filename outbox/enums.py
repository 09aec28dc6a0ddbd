from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a message travels. Each has a sender class in settings.OUTBOX_CHANNELS."""

    EMAIL = "email", _("E-mail")


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
    """A hard bounce stops every message; an unsubscribe only stops optional ones (reminders, announcements)."""

    ALL = "all", _("All messages")
    OPTIONAL = "optional", _("Reminders and other optional messages")
