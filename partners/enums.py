from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """What a partner key may do; each API view names the scope it needs."""

    AGENDA_READ = "agenda:read", _("Read agendas")
    REGISTRATIONS_READ = "registrations:read", _("Read own registrations")
    REGISTRATIONS_WRITE = "registrations:write", _("Register attendees")
    WEBHOOKS_MANAGE = "webhooks:manage", _("Manage webhook subscriptions")
