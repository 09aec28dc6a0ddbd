"""Starting the outbox sender: Celery tasks that claim and send due messages.

Two ways in, for two situations:

* ``wake_soon()`` is called on the commit of every transaction that queued a
  message. Publishing one Celery message per queued message would cost more
  than the registration that wrote it, so a process publishes at most one
  send task per ``OUTBOX_WAKE_DELAY_MS``: the first commit arms a timer, later
  commits find it armed and do nothing, and the task the timer publishes
  claims *every* due row, so it covers all commits made before it fired. A
  commit after that arms the next one. Nothing is shared between processes.
* ``start_batches(due)`` publishes at once as many send tasks as ``due``
  messages need (at most ``OUTBOX_PARALLEL_BATCHES``): for bulk queueing
  (reminders, notices), an organiser's resend and the periodic drain.

A task that cannot be published (broker down) loses nothing: the rows stay
pending and the periodic ``outbox.drain`` starts a sender for them. A process
that exits with a wake-up armed publishes it on the way out (``flush``). With
eager tasks (the unit tests) everything runs at once, in the calling thread.

The task is looked up by name in Celery's registry, not imported: the tasks
module imports the services that call this one.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading

from celery import current_app
from django.conf import settings

logger = logging.getLogger(__name__)

SEND_BATCH_TASK = "outbox.send_batch"

_lock = threading.Lock()
_armed = False
_timer: threading.Timer | None = None


def wake_soon() -> None:
    """Make sure a send task starts within OUTBOX_WAKE_DELAY_MS; cheap enough for every commit."""
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
        _timer = threading.Timer(settings.OUTBOX_WAKE_DELAY_MS / 1000, _fire)
        _timer.daemon = True
        _timer.start()


def start_batches(*, due: int) -> int:
    """Publish enough send tasks for ``due`` messages now; returns how many were published.

    The tasks claim their own rows, so one too many finds nothing and ends.
    """
    wanted = max(1, min(settings.OUTBOX_PARALLEL_BATCHES, -(-due // settings.OUTBOX_BATCH_SIZE)))
    for published in range(wanted):
        if not _publish():
            return published
    return wanted


def flush() -> None:
    """Publish an armed wake-up now instead of when its timer fires (at exit, say)."""
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
        # Disarm first: a row committed from now on arms a new wake-up; every
        # row committed before this line is due when the task claims.
        _armed, _timer = False, None
    _publish()


def _publish() -> bool:
    try:
        current_app.tasks[SEND_BATCH_TASK].delay()
    except Exception:
        # The broker is down: the rows stay pending and the drain sends them later.
        logger.warning("Could not start the outbox sender; the drain will pick the messages up", exc_info=True)
        return False
    return True


def _reset_after_fork() -> None:
    # A timer armed in the parent does not exist in a forked child.
    global _armed, _lock, _timer
    _lock = threading.Lock()
    _armed, _timer = False, None


os.register_at_fork(after_in_child=_reset_after_fork)
atexit.register(flush)
