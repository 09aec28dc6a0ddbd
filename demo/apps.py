from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo forum and its loader, above every app (it publishes through notifications)."""

    name = "demo"
    verbose_name = _("Demo")
    default_auto_field = "django.db.models.BigAutoField"
