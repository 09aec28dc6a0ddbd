"""Waking the sender: one Celery message for every e-mail committed within the kick delay."""

from __future__ import annotations

import threading
from unittest import mock

import pytest

from outbox import tasks, wake


@pytest.fixture
def published(settings):
    """Real timers, a fake broker: records each kick instead of publishing it."""
    settings.OUTBOX_WAKE_DELAY_MS = 50
    fired = threading.Event()
    calls: list[int] = []

    def publish() -> None:
        calls.append(1)
        fired.set()

    conf = wake.current_app.conf
    eager, conf.task_always_eager = conf.task_always_eager, False
    try:
        with mock.patch.object(tasks.send_batch, "delay", side_effect=publish):
            yield calls, fired
    finally:
        conf.task_always_eager = eager


def test_many_commits_within_the_delay_publish_one_kick(published) -> None:
    calls, fired = published
    for _ in range(500):
        wake.wake_soon()
    assert fired.wait(5)
    assert calls == [1]


def test_a_commit_after_the_kick_arms_the_next_one(published) -> None:
    calls, fired = published
    wake.wake_soon()
    assert fired.wait(5)
    fired.clear()
    wake.wake_soon()
    assert fired.wait(5)
    assert calls == [1, 1]


def test_broker_down_is_logged_and_disarms(published, caplog) -> None:
    calls, fired = published
    with mock.patch.object(tasks.send_batch, "delay", side_effect=ConnectionRefusedError("broker down")):
        wake.wake_soon()
        deadline = threading.Event()
        for _ in range(100):
            if "Could not start the outbox sender" in caplog.text:
                break
            deadline.wait(0.05)
    assert "Could not start the outbox sender" in caplog.text
    wake.wake_soon()  # armed again, so this commit still gets its kick
    assert fired.wait(5)
    assert calls == [1]


def test_flush_publishes_an_armed_kick_at_once(published, settings) -> None:
    calls, _fired = published
    settings.OUTBOX_WAKE_DELAY_MS = 60_000
    wake.wake_soon()
    wake.flush()
    assert calls == [1]
    wake.flush()  # nothing armed: nothing published
    assert calls == [1]
