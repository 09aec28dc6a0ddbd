from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The organiser's workspace, composed above every app: the edition and
    sub-forum admins with their agenda, places and publishing."""

    name = "workspace"
    verbose_name = _("Organiser workspace")
    default_auto_field = "django.db.models.BigAutoField"
