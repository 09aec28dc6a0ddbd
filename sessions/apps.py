from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    """The agenda. Labelled ``forum_sessions``: ``django.contrib.sessions`` owns ``sessions``."""

    name = "sessions"
    label = "forum_sessions"
    verbose_name = _("Agenda")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from sessions import audit_places  # noqa: PLC0415 - imports models, not loadable before ready()

        audit_places.register()
