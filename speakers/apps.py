from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpeakersConfig(AppConfig):
    """Invited speakers: invitations and answers, self-service profiles, materials, consent, travel."""

    name = "speakers"
    verbose_name = _("Speakers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from speakers import audit_places  # noqa: PLC0415 - imports models, not loadable before ready()

        audit_places.register()
