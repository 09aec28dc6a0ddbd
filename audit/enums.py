from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    """What was done. Changes made in the admin are created, changed or deleted;
    the services' actions have their own verb."""

    CREATED = "created", _("Created")
    CHANGED = "changed", _("Changed")
    DELETED = "deleted", _("Deleted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")
    PROMOTED = "promoted", _("Promoted from the waiting list")
    PUBLISHED = "published", _("Published the agenda")
    CHECKED_IN = "checked_in", _("Checked in")
    STATUS_CHANGED = "status_changed", _("Status changed")
    EXPORTED = "exported", _("Exported personal data")
    IMPORTED = "imported", _("Imported")
    MAIL_SENT = "mail_sent", _("Mail sent")
    MAIL_TESTED = "mail_tested", _("Test mail sent")
    ISSUED = "issued", _("Issued a document")
    REVOKED = "revoked", _("Revoked a document")


class ActorKind(models.TextChoices):
    """Who acted: a staff user (``AuditEntry.actor``), the attendee or a speaker through
    their own link, a partner through the API, or the system (a periodic task, a command)."""

    STAFF = "staff", _("Staff")
    ATTENDEE = "attendee", _("The attendee")
    SPEAKER = "speaker", _("The speaker")
    PARTNER = "partner", _("Partner")
    SYSTEM = "system", _("System")
