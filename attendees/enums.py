from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Pending confirmation")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    REJECTED = "rejected", _("Rejected")
    CHECKED_IN = "checked_in", _("Checked in")
    EXPIRED = "expired", _("Expired (not confirmed in time)")


# A registration in one of these holds (or waits for) a place; a second one for
# the same e-mail and edition is refused by a partial unique constraint.
ACTIVE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.AWAITING_APPROVAL,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.CHECKED_IN,
)


# A registration in one of these holds a place of its type (and may hold
# sub-forum places); a waitlisted one holds none.
HOLDING_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.AWAITING_APPROVAL,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.CHECKED_IN,
)


# A registration in one of these admits its holder: they may enter (and have
# their ticket), are reminded and are told when their sessions change.
ADMITTED_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.CHECKED_IN)


class ChoiceStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
