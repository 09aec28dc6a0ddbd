"""Waking the outbox sender after a commit: one Celery message for many e-mails.

Every committed e-mail needs a sender to wake up, but publishing one Celery
message per e-mail costs more than the registration that wrote it. So a
process publishes at most one kick per ``OUTBOX_KICK_DELAY_MS``: the first
commit arms a timer, later commits find it armed and do nothing, and the kick
the timer fires covers every row committed before it fired, because the batch
task it starts claims *all* due rows (``notifications.outbox``). A commit after
the kick arms the next one. No state is shared between processes, so nothing
is lost whatever the cache or broker set-up.

A kick that cannot be published (broker down) loses nothing: the rows stay
pending and the periodic ``drain_outbox`` sends them. A process that exits
with a kick armed publishes it on the way out (``flush``). With eager tasks (the unit tests) the kick runs at
once, in the committing thread.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading

from celery import current_app
from django.conf import settings

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_armed = False
_timer: threading.Timer | None = None


def kick_sender() -> None:
    """Make sure a send-batch task starts soon; cheap enough to call on every commit."""
    global _armed, _timer
    if _armed:  # the common case under load, decided without the lock (re-checked under it below)
        return
    if current_app.conf.task_always_eager:
        _publish()
        return
    with _lock:
        if _armed:
            return
        _armed = True
        _timer = threading.Timer(settings.OUTBOX_KICK_DELAY_MS / 1000, _fire)
        _timer.daemon = True
        _timer.start()


def flush() -> None:
    """Publish an armed kick now instead of when its timer fires (at exit, say)."""
    global _armed, _timer
    with _lock:
        armed, timer = _armed, _timer
        _armed, _timer = False, None
    if armed and timer is not None:
        timer.cancel()
        _publish()


def _fire() -> None:
    global _armed, _timer
    with _lock:
        # Disarm first: a row committed from now on arms a new kick; every row
        # committed before this line is due when the task below claims.
        _armed, _timer = False, None
    _publish()


def _publish() -> None:
    from notifications.tasks import send_outbox_batch

    try:
        send_outbox_batch.delay()
    except Exception:
        # The broker is down: the rows stay pending and drain_outbox sends them later.
        logger.warning("Could not kick the outbox sender; the drain will pick the messages up", exc_info=True)


def _reset_after_fork() -> None:
    # A timer armed in the parent does not exist in a forked child.
    global _armed, _lock, _timer
    _lock = threading.Lock()
    _armed, _timer = False, None


os.register_at_fork(after_in_child=_reset_after_fork)
atexit.register(flush)
