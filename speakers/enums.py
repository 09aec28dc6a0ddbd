"""The states and kinds of the speakers' records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InvitationStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    OPENED = "opened", _("Opened")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# An invitation waiting for an answer: it may be opened, answered, reminded, resent or withdrawn.
OPEN_STATUSES = (InvitationStatus.SENT, InvitationStatus.OPENED)
# What may be sent again (a new link, a new expiry).
RESENDABLE_STATUSES = (*OPEN_STATUSES, InvitationStatus.EXPIRED)


class ConsentSubject(models.TextChoices):
    BIOGRAPHY = "biography", _("Publish my biography")
    PHOTO = "photo", _("Publish my photo")
    RECORDING = "recording", _("Record my session and publish the recording")


class ConsentSource(models.TextChoices):
    """Who gave the answer, and how: the speaker on their own page, or an organiser recording what
    the speaker gave on paper or by e-mail (then ``recorded_by`` names the organiser)."""

    OWN_PAGE = "own_page", _("The speaker, on their own page")
    PAPER = "paper", _("On paper, recorded by the organisers")
    EMAIL = "email", _("By e-mail, recorded by the organisers")


class MaterialKind(models.TextChoices):
    SLIDES = "slides", _("Slides")
    PAPER = "paper", _("Paper")


# Outbox kinds written by this app.
KIND_INVITATION = "speakers.invitation"
KIND_INVITATION_REMINDER = "speakers.invitation_reminder"
KIND_DECLINED = "speakers.declined"
KIND_MISSING = "speakers.missing"
KIND_SESSION_REMINDER = "speakers.session_reminder"
