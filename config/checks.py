"""System checks that catch configuration mistakes before they bite."""

from __future__ import annotations

import re
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.utils.module_loading import import_string

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


_LOCK_TIMEOUT = re.compile(r"[0-9]+(ms|s)?")
_RATE = re.compile(r"[0-9]+/[0-9]*[smhd]")
# A host name as a URL carries it (letters, digits, hyphens, dots), or an IPv4 address.
_HOST_NAME = re.compile(
    r"(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?"
)


@register()
def check_attendees_settings(app_configs: Any, **kwargs: Any) -> list[Error]:
    errors = []
    if not _LOCK_TIMEOUT.fullmatch(settings.ATTENDEES_LOCK_TIMEOUT):
        errors.append(
            Error(
                f"ATTENDEES_LOCK_TIMEOUT is {settings.ATTENDEES_LOCK_TIMEOUT!r}.",
                hint="A whole number of milliseconds or seconds, such as '3s' or '500ms'.",
                id="agora.E003",
            )
        )
    for name in ("ATTENDEES_REGISTER_RATE", "ATTENDEES_LINK_RATE"):
        if not _RATE.fullmatch(getattr(settings, name)):
            errors.append(
                Error(f"{name} is {getattr(settings, name)!r}.", hint="Such as '20/m' or '300/h'.", id="agora.E009")
            )
    for name in ("ATTENDEES_UNCONFIRMED_PER_ADDRESS", "ATTENDEES_UNCONFIRMED_PER_DOMAIN"):
        if getattr(settings, name) < 0:
            errors.append(Error(f"{name} must not be negative (0: no limit).", id="agora.E010"))
    for name in ("ATTENDEES_CONFIRM_LINK_MAX_AGE", "ATTENDEES_MANAGE_LINK_MAX_AGE"):
        if getattr(settings, name) <= 0:
            errors.append(Error(f"{name} must be a positive number of seconds.", id="agora.E004"))
    return errors


@register()
def check_outbox_settings(app_configs: Any, **kwargs: Any) -> list[Error]:
    errors = []
    for name in ("OUTBOX_BATCH_SIZE", "OUTBOX_PARALLEL_BATCHES", "OUTBOX_CLAIM_TIMEOUT", "OUTBOX_TASK_TIME_BUDGET"):
        if getattr(settings, name) < 1:
            errors.append(Error(f"{name} must be at least 1.", id="agora.E005"))
    for name in ("OUTBOX_RATE_LIMIT_PER_MINUTE", "OUTBOX_WAKE_DELAY_MS"):
        if getattr(settings, name) < 0:
            errors.append(Error(f"{name} must not be negative.", id="agora.E005"))
    for channel, path in settings.OUTBOX_CHANNELS.items():
        try:
            import_string(path)
        except ImportError as exc:
            errors.append(Error(f"OUTBOX_CHANNELS[{channel!r}] names {path!r}: {exc}", id="agora.E006"))
    if settings.WEBHOOK_RETRY_HOURS < 1 or settings.WEBHOOK_TIMEOUT < 1:
        errors.append(Error("WEBHOOK_RETRY_HOURS and WEBHOOK_TIMEOUT must be at least 1.", id="agora.E007"))
    return errors


@register()
def check_log_format(app_configs: Any, **kwargs: Any) -> list[Error]:
    if settings.LOG_FORMAT not in ("text", "json"):
        return [Error(f"LOG_FORMAT is {settings.LOG_FORMAT!r}.", hint="Use text or json.", id="agora.E008")]
    return []


@register(Tags.security, deploy=True)
def check_behind_proxy(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.SECURE_SSL_REDIRECT and not settings.BEHIND_PROXY:
        return [
            Warning(
                "SECURE_SSL_REDIRECT is on but BEHIND_PROXY is off: behind a reverse proxy that terminates HTTPS, "
                "every request would be redirected again and again.",
                hint="Set BEHIND_PROXY=true when a proxy in front sets X-Forwarded-Proto (the usual set-up).",
                id="agora.W002",
            )
        ]
    return []


@register()
def check_upload_limits(app_configs: Any, **kwargs: Any) -> list[Error]:
    names = ("IMAGE_UPLOAD_MAX_BYTES", "IMAGE_UPLOAD_MAX_PIXELS", "IMAGE_MAX_SIDE")
    return [Error(f"{name} must be at least 1.", id="agora.E011") for name in names if getattr(settings, name) < 1]


@register()
def check_webhook_allowed_private_hosts(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Each entry of WEBHOOK_ALLOWED_PRIVATE_HOSTS is a bare host name: no scheme, port, path or wildcard."""
    return [
        Error(
            f"WEBHOOK_ALLOWED_PRIVATE_HOSTS names {host!r}, which is not a host name.",
            hint="Comma-separated host names as they appear in webhook URLs, e.g. hooks.intranet.example.",
            id="agora.E012",
        )
        for host in settings.WEBHOOK_ALLOWED_PRIVATE_HOSTS
        if not _HOST_NAME.fullmatch(host.lower())
    ]


@register()
def check_export_settings(app_configs: Any, **kwargs: Any) -> list[Error]:
    names = ("SPREADSHEETS_EXPORT_LINK_MAX_AGE", "SPREADSHEETS_EXPORT_RETENTION_HOURS")
    return [Error(f"{name} must be at least 1.", id="agora.E013") for name in names if getattr(settings, name) < 1]
