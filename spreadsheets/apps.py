from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpreadsheetsConfig(AppConfig):
    """Tables out of and into the workspace: exports of registrations, door lists and
    speakers (CSV and Excel), and imports of speakers, sessions and guest lists."""

    name = "spreadsheets"
    verbose_name = _("Exports and imports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # spreadsheets.exports starts its task by name: it must be registered in every process.
        from spreadsheets import tasks  # noqa: F401, PLC0415 - imports models, not loadable before ready()
