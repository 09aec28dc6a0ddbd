from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreensConfig(AppConfig):
    """Venue screens: now and next per room, and a lobby board, from the published agenda."""

    name = "screens"
    verbose_name = _("Venue screens")
    default_auto_field = "django.db.models.BigAutoField"
