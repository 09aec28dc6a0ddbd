from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Printed documents: invitation and visa letters, numbered and verifiable (later passes, cards, handbook)."""

    name = "documents"
    verbose_name = _("Documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from documents import audit_places  # noqa: PLC0415 - imports models, not loadable before ready()

        audit_places.register()
