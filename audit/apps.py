from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit trail: who did what to which object, when, and what changed.

    It imports no domain app: the apps above say where their objects live (an
    edition, a sub-forum) through ``audit.places``, and call ``audit.services.record``.
    """

    name = "audit"
    verbose_name = _("Audit trail")
    default_auto_field = "django.db.models.BigAutoField"
