"""Real processes for the integration tests: an SMTP sink (aiosmtpd) that parses
every message it accepts, and a real ``celery -A config worker`` on the real
Redis, consuming a queue of its own and reading the test database."""

from __future__ import annotations

import asyncio
import email
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from celery.exceptions import AlwaysEagerIgnored
from django.db import connection

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SinkHandler:
    """Accepts and parses every message; can hold the N-th one unanswered (to kill
    the sender while it waits) and then refuse it, so it is never counted."""

    def __init__(self) -> None:
        self.message_ids: list[str] = []
        self.recipients: list[str] = []
        self.messages: list[email.message.Message] = []  # as parsed, to read a message's parts
        self.lock = threading.Lock()
        self.hold_at: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()
        self._seen = 0

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        with self.lock:
            self._seen += 1
            hold = self.hold_at is not None and self._seen == self.hold_at
        if hold:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
            return "451 4.3.0 Held by the test; the sender was killed meanwhile"
        parsed = email.message_from_bytes(envelope.content)
        with self.lock:
            self.message_ids.append(parsed["Message-ID"])
            self.recipients.extend(envelope.rcpt_tos)
            self.messages.append(parsed)
        return "250 OK"

    def wait_for(self, count: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.message_ids) < count:
            time.sleep(0.05)

    def duplicates(self) -> dict[str, int]:
        return {mid: n for mid, n in Counter(self.message_ids).items() if n > 1}


@pytest.fixture
def smtp_sink() -> Iterator[tuple[SinkHandler, int]]:
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command
    handler = SinkHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    handler.release.set()
    controller.stop()


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    def __init__(self, env: dict[str, str], queue: str) -> None:
        self.env, self.queue = env, queue
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own venv's celery, fixed arguments
            [
                str(Path(sys.executable).with_name("celery")),
                "-A",
                "config",
                "worker",
                "-Q",
                self.queue,
                "-n",
                f"{self.queue}-{uuid.uuid4().hex[:4]}@%h",
                "--concurrency=1",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,  # its own process group, so kill -9 reaches the pool child too
        )

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def worker_factory(redis_url, smtp_sink) -> Iterator[Callable[..., Worker]]:
    """Workers on a queue unique to this test, sending to the sink, reading the test database."""
    if connection.vendor != "postgresql":
        pytest.skip("the worker reads the test database over the network: needs PostgreSQL")
    _handler, port = smtp_sink
    queue = f"agora-it-{uuid.uuid4().hex[:10]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "OUTBOX_CLAIM_TIMEOUT": "3",
        "OUTBOX_BATCH_SIZE": "100",
        "LOG_LEVEL": "WARNING",
    }
    workers: list[Worker] = []

    def start(**extra_env: str) -> Worker:
        worker = Worker({**env, **extra_env}, queue)
        worker.start()
        workers.append(worker)
        return worker

    start.queue = queue  # type: ignore[attr-defined]
    yield start
    for worker in workers:
        worker.stop()

    client = redis.Redis.from_url(redis_url)
    client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    # A killed worker leaves its unacknowledged task in kombu's "unacked" hash, to be
    # restored an hour later into a queue nobody reads: remove this run's entries.
    for tag, payload in client.hgetall("unacked").items():
        if queue.encode() in payload:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


def send_task(name: str, queue: str) -> None:
    """Enqueue on the real broker from the test process (whose unit-test settings are eager)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AlwaysEagerIgnored)  # send_task always goes to the broker: intended
        celery_app.send_task(name, kwargs={}, queue=queue)


def reset_broker_connections() -> None:
    """Forget pooled broker connections so a changed broker URL takes effect."""
    celery_app._pool = None
    amqp = celery_app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None
