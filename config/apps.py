from django.apps import AppConfig


class AgoraConfig(AppConfig):
    """Project-wide wiring: system checks for configuration mistakes."""

    name = "config"
    label = "agora"
    verbose_name = "Agora"

    def ready(self) -> None:
        from config import checks  # noqa: F401, PLC0415 - registers the checks once the apps are loaded
