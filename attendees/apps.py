from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendeesConfig(AppConfig):
    name = "attendees"
    verbose_name = _("Attendees")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: models must not load before the app registry is ready.
        from attendees import emails, services
        from forums import carry_over
        from outbox import renderers

        for kind in (emails.RECEIVED_CONFIRM, emails.RECEIVED_WAITLISTED):
            renderers.register(f"attendees.{kind}", emails.render_received)
        carry_over.register(
            key="registration_types",
            label=_("Registration types (capacities and approval; no places taken)"),
            run=services.carry_registration_types,
            order=30,
        )
