"""Who hears of a registration's changes: a registry the layers above fill in.

attendees may not import the apps above it (notifications, partners), yet they
must hear of registrations: each registers a listener here in its
``AppConfig.ready`` ("Register from above", docs/architecture.md);
``notifications`` registers the partners' ``registration.*`` webhook events.

Rules: ``attendees.services`` announces, inside the transaction of the change,
a new registration (``CREATED``) and every change of a registration's status or
of one of its sub-forum choices' status (``UPDATED``: confirmed, approved,
rejected, cancelled, expired, promoted from a waiting list, checked in). A
listener writes what it must in that transaction (an outbox row, a webhook
delivery), so a rolled-back change tells no one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from attendees.models import Registration

Change = Literal["created", "updated"]
CREATED: Change = "created"
UPDATED: Change = "updated"
Listener = Callable[[Registration, Change], None]
Concerns = Callable[[Registration], bool]

_listeners: dict[Listener, Concerns] = {}


def register(listener: Listener, *, concerns: Concerns) -> None:
    """Add a listener for the registrations ``concerns`` accepts (once, however often its app is made ready)."""
    _listeners[listener] = concerns


def concerned(registration: Registration) -> bool:
    """Whether anyone listens to this registration: the services give a change that is
    otherwise a single statement (a new registration, a check-in) a transaction only then."""
    return any(concerns(registration) for concerns in _listeners.values())


def announce(registration: Registration, change: Change) -> None:
    """Tell every listener concerned, in the caller's transaction."""
    for listener, concerns in list(_listeners.items()):
        if concerns(registration):
            listener(registration, change)
