from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation letter")
    VISA = "visa", _("Visa invitation letter")


class DocumentState(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")


# Outbox kind of the e-mail that carries a letter to its speaker (documents.mailing).
KIND_LETTER = "documents.letter"
