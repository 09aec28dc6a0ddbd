from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the delivery task that notifications.webhooks starts by name.
        from attendees import changes  # noqa: PLC0415 - imports models, not loadable before ready()
        from notifications import audit_places, registration_events, tasks  # noqa: F401, PLC0415 - imports models

        audit_places.register()

        # Partners hear of the registrations they made (attendees cannot import notifications).
        changes.register(registration_events.queue_registration_event, concerns=registration_events.made_by_a_partner)
