from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """The transactional outbox: every message the system must send, and the sender.

    It imports no domain app: callers hand it finished messages (or ask it to
    have one written at sending time by a renderer they register).
    """

    name = "outbox"
    verbose_name = _("Outbox")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The tasks that outbox.wake starts by name must be registered in every
        # process that queues messages, not only in workers (eager tests, shells).
        from outbox import tasks  # noqa: F401, PLC0415 - imports models, not loadable before ready()
