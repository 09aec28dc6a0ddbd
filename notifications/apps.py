from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the delivery task that notifications.webhooks starts by name.
        from attendees import changes  # noqa: PLC0415 - imports models, not loadable before ready()
        from forums import carry_over  # noqa: PLC0415 - imports models
        from notifications import (  # noqa: F401, PLC0415 - imports models
            audit_places,
            next_edition,
            registration_events,
            tasks,
        )

        audit_places.register()

        # Partners hear of the registrations they made (attendees cannot import notifications).
        changes.register(registration_events.queue_registration_events, concerns=registration_events.made_by_a_partner)
        carry_over.register(
            key="reminder_rules",
            label=_("Reminder rules and their texts"),
            run=next_edition.carry_reminder_rules,
            order=50,
        )
