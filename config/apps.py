from axes.apps import AppConfig as StockAxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class AgoraConfig(AppConfig):
    """Project-wide wiring: system checks for configuration mistakes."""

    name = "config"
    label = "agora"
    verbose_name = "Agora"

    def ready(self) -> None:
        from config import checks  # noqa: F401, PLC0415 - registers the checks once the apps are loaded


class AxesConfig(StockAxesConfig):
    """django-axes with a name in the organiser's language (the stock app is titled from its label)."""

    verbose_name = _("Login security")


# django-axes ships no zh_Hans catalogue; Django also looks its msgids up in ours (LOCALE_PATHS),
# where these marks keep them through ``make messages``: its models, fields and admin in Chinese.
AXES_MESSAGES = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Locked Out"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Not set"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Account locked: too many login attempts. Please try again later."),
    gettext_noop("Account locked: too many login attempts. Contact an admin to unlock your account."),
)
