from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendeesConfig(AppConfig):
    name = "attendees"
    verbose_name = _("Attendees")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Here, not at the top: these import models, which load only once the app registry is ready.
        from attendees import audit_places, emails, services  # noqa: PLC0415 - imports models
        from forums import carry_over  # noqa: PLC0415 - imports models
        from outbox import renderers  # noqa: PLC0415 - imports models

        audit_places.register()
        for kind in (emails.RECEIVED_CONFIRM, emails.RECEIVED_WAITLISTED):
            renderers.register(f"attendees.{kind}", emails.render_received)
        carry_over.register(
            key="registration_types",
            label=_("Registration types (capacities and approval; no places taken)"),
            run=services.carry_registration_types,
            order=30,
        )
