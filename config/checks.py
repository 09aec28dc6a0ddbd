"""System checks that catch configuration mistakes before they bite."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from config.env import DEVELOPMENT_SECRET_KEY


@register(Tags.security, deploy=True)
def check_secret_key_is_set(app_configs: Any, **kwargs: Any) -> list[Error]:
    if settings.SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is the development key.",
                hint="Set SECRET_KEY (or SECRET_KEY_FILE) in the environment.",
                id="agora.E001",
            )
        ]
    return []


@register()
def check_time_zone(app_configs: Any, **kwargs: Any) -> list[Error]:
    try:
        zoneinfo.ZoneInfo(settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return [Error(f"TIME_ZONE {settings.TIME_ZONE!r} is not a known time zone.", id="agora.E002")]
    return []


@register(Tags.database, deploy=True)
def check_production_database(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return [
            Warning(
                "Running on SQLite: fine for one machine, but capacity under load "
                "and several web processes need PostgreSQL.",
                hint="Set DATABASE_URL=postgres://…",
                id="agora.W001",
            )
        ]
    return []
