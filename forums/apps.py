from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forums")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: models must not load before the app registry is ready.
        from forums import audit_places, carry_over, services  # noqa: PLC0415 - import models, not loadable before ready()

        audit_places.register()

        carry_over.register(
            key="venue",
            label=_("Venue and its rooms"),
            run=services.carry_venue,
            order=5,
        )
        carry_over.register(
            key="organising_roles",
            label=_("Organising bodies and their roles"),
            run=services.carry_organising_roles,
            order=10,
        )
        carry_over.register(
            key="sub_forums",
            label=_("Sub-forums (hosts, rooms, times and capacities)"),
            run=services.carry_sub_forums,
            order=20,
        )
        carry_over.register(
            key="team",
            label=_("Team members limited to this edition (they move on to the new one)"),
            run=services.carry_team,
            order=60,
        )
