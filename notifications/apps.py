from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the delivery task that notifications.webhooks starts by name.
        from notifications import tasks  # noqa: F401, PLC0415 - imports models, not loadable before ready()
