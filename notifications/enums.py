from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderAnchor(models.TextChoices):
    EDITION_START = "edition_start", _("Start of the edition")
    SUB_FORUM_START = "sub_forum_start", _("Start of the sub-forum")
    ATTENDEE_FIRST = "attendee_first", _("Start of each attendee's first sub-forum")


class ReminderAudience(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed attendees")
    WAITLISTED = "waitlisted", _("Waitlisted attendees")


class WebhookEvent(models.TextChoices):
    AGENDA_PUBLISHED = "agenda.published", _("Agenda published")
    REGISTRATION_CREATED = "registration.created", _("Registration created")
    REGISTRATION_UPDATED = "registration.updated", _("Registration status changed")


class WebhookStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


# Outbox kinds written by this app; other apps use their own strings.
KIND_REMINDER = "reminder"
KIND_AGENDA_CHANGE = "agenda_change"
