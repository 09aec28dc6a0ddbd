from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendeesConfig(AppConfig):
    name = "attendees"
    verbose_name = _("Attendees")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from attendees import emails
        from notifications import renderers

        for kind in (emails.RECEIVED_CONFIRM, emails.RECEIVED_WAITLISTED):
            renderers.register(f"attendees.{kind}", emails.render_received)
