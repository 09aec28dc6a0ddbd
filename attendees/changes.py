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

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Literal

from django.db import transaction

from attendees.models import Registration

Change = Literal["created", "updated"]
CREATED: Change = "created"
UPDATED: Change = "updated"
# A listener hears of changes in a list (one, or those of a ``deferred()`` block together).
Listener = Callable[[Sequence[tuple[Registration, Change]]], None]
Concerns = Callable[[Registration], bool]

_listeners: dict[Listener, Concerns] = {}
# Announcements waiting for the end of ``deferred()`` (None: told at once).
_waiting: ContextVar[list[tuple[Registration, Change]] | None] = ContextVar("changes_waiting", default=None)


def register(listener: Listener, *, concerns: Concerns) -> None:
    """Add a listener for the registrations ``concerns`` accepts (once, however often its app is made ready)."""
    _listeners[listener] = concerns


def concerned(registration: Registration) -> bool:
    """Whether anyone listens to this registration: the services give a change that is
    otherwise a single statement (a new registration, a check-in) a transaction only then."""
    return any(concerns(registration) for concerns in _listeners.values())


def announce(registration: Registration, change: Change) -> None:
    """Tell every listener concerned, in the caller's transaction (inside ``deferred()``, when it ends)."""
    waiting = _waiting.get()
    if waiting is not None:
        waiting.append((registration, change))
        return
    _tell([(registration, change)])


def _tell(announced: Sequence[tuple[Registration, Change]]) -> None:
    for listener, concerns in list(_listeners.items()):
        mine = [(registration, change) for registration, change in announced if concerns(registration)]
        if mine:
            listener(mine)


@contextmanager
def deferred() -> Iterator[None]:
    """Changes announced inside are told together when it ends, in the same transaction (a
    listener then writes its rows in bulk); none if it ends in an exception or with the
    transaction marked for rollback (an import's preview), as a rollback would leave none.
    For many changes in one transaction that is kept or rolled back whole (an import)."""
    waiting: list[tuple[Registration, Change]] = []
    token = _waiting.set(waiting)
    try:
        yield
    finally:
        _waiting.reset(token)
    if waiting and not transaction.get_rollback():
        _tell(waiting)
