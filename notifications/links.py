"""Links placed in e-mails: the attendee's ticket and self-service pages.

The registration code (attendees) owns these URLs. We use its
``attendees.links.ticket_url`` / ``manage_url`` when present; otherwise the URL
names ``attendees:ticket`` and ``attendees:manage`` with a signed ``token``
argument, as agreed. Until either exists the links are empty and the templates
leave them out (``{% if ticket_url %}``), rather than printing a dead link.
"""

from __future__ import annotations

import functools
import importlib

from django.conf import settings
from django.core import signing
from django.urls import NoReverseMatch, reverse

from attendees.models import Registration

TOKEN_SALT = "attendees.self-service"  # noqa: S105 - a signing salt, not a secret


def _absolute(path: str) -> str:
    return path if path.startswith("http") else f"{settings.SITE_URL}{path}"


@functools.cache
def _module_function(name: str):
    # Cached: a failing import searches sys.path, and a dispatch asks per recipient.
    try:
        module = importlib.import_module("attendees.links")
    except ImportError:
        return None
    return getattr(module, name, None)


@functools.cache
def _route_exists(name: str) -> bool:
    try:
        reverse(name, kwargs={"token": "probe"})
    except NoReverseMatch:
        return False
    return True


def _reversed(name: str, registration: Registration) -> str:
    if not _route_exists(name):
        return ""
    token = signing.dumps({"code": registration.code}, salt=TOKEN_SALT)
    return _absolute(reverse(name, kwargs={"token": token}))


def ticket_url(registration: Registration) -> str:
    function = _module_function("ticket_url")
    return _absolute(function(registration)) if function else _reversed("attendees:ticket", registration)


def manage_url(registration: Registration) -> str:
    function = _module_function("manage_url")
    return _absolute(function(registration)) if function else _reversed("attendees:manage", registration)


def agenda_url(edition_slug: str) -> str:
    return _absolute(reverse("agenda:agenda", kwargs={"edition_slug": edition_slug}))
