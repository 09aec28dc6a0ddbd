from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the schema extension; imported here because the schema tools import
        # DRF's views, which import the authentication classes of this app.
        from partners import schema  # noqa: F401, PLC0415 - DRF's schema tools import this app's authentication
